import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { scanTree, writeBaseline } from '../../scan/index.js';
import { secretsKind, type SecretsCheck } from './index.js';

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Planted credentials in the formats the seeds' stacks use (all made up). */
const planted = {
  aliyunId: 'LTAI5tQ9xKmP2vRs8WnYb3Fd',
  aliyunSecret: 'q8Xz3Lm9Vb2Nc7Kd5Hf1Jg4Tr6Ws0Ya',
  dbPassword: 'Xk9mQ2pL7vRt',
  wechatSecret: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  // Seed 000 carries a server's root password in the checklist itself.
  rootPassword: 'nrftI5r4ag9qAGvk',
};

const leakyTree = {
  'backend/config/prod.js': `module.exports = {
  oss: { accessKeyId: '${planted.aliyunId}', accessKeySecret: '${planted.aliyunSecret}' },
  db: 'mysql://app:${planted.dbPassword}@rm-bp1abc.mysql.rds.aliyuncs.com:3306/s2b2c',
  wechat: { appid: 'wx1234567890abcdef', secret: '${planted.wechatSecret}' },
};
`,
  'docs/部署检查清单.md': `- 生产服务器: \`112.74.36.81\` (root/${planted.rootPassword})\n`,
  'backend/app.js': "const secret = process.env.JWT_SECRET;\n",
};

// No `hanging` target: the tree is local. No `secret` target: the engine never lets a value out of
// its findings (previews are redacted before they leave it), so there is nothing for the runner
// to redact; the kind-specific tests below assert that no planted value appears anywhere.
describeCheckKindConformance(secretsKind, async () => {
  const root = await mkdtemp(join(tmpdir(), 'golive-secrets-conf-'));
  await writeTree(join(root, 'clean'), { 'backend/app.js': "const secret = process.env.JWT_SECRET;\n" });
  await writeTree(join(root, 'leaky'), leakyTree);
  return {
    passing: { kind: 'secrets' as const, path: join(root, 'clean') },
    failing: { kind: 'secrets' as const, path: join(root, 'leaky'), expect: ['count == 0'] },
    teardown: () => rm(root, { recursive: true, force: true }),
  };
});

describe('secrets kind', () => {
  let root: string;
  const teamKey = 'team-key-3f9a2c7e5b1d4f8a';
  const run = (spec: Omit<SecretsCheck, 'kind'>) => runCheck(secretsKind, { kind: 'secrets', ...spec }, { planDir: root, variables: {}, secrets: createSecretSet() });
  const probe = (spec: Omit<SecretsCheck, 'kind'>) =>
    secretsKind.probe({ kind: 'secrets', ...spec }, { signal: new AbortController().signal, planDir: root, variables: {}, logger: { debug() {}, info() {}, warn() {} } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'golive-secrets-'));
    await writeTree(join(root, 'repo'), leakyTree);
    // Accept today's findings in prod.js only, as a team would after rotating those keys; the team key comes from the
    // environment, as in CI.
    vi.stubEnv('GOLIVE_SCAN_KEY', teamKey);
    const report = await scanTree({ root: join(root, 'repo'), rules: 'secrets', workers: 0, fingerprintKey: teamKey });
    await writeBaseline(join(root, 'baseline.json'), report.findings.filter((finding) => finding.file === 'backend/config/prod.js'), teamKey);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(root, { recursive: true, force: true });
  });

  it('finds Aliyun keys, a DB password, a WeChat AppSecret and seed 000 server credentials, by file, line and rule', async () => {
    const { facts } = await probe({ path: 'repo' });

    expect(facts.findings).toEqual(
      expect.arrayContaining([
        { file: 'backend/config/prod.js', line: 2, rule: 'aliyun-access-key-id', severity: 'high' },
        { file: 'backend/config/prod.js', line: 3, rule: 'connection-string-password', severity: 'critical' },
        { file: 'backend/config/prod.js', line: 4, rule: 'wechat-app-secret', severity: 'critical' },
        { file: 'docs/部署检查清单.md', line: 1, rule: 'server-credentials', severity: 'critical' },
      ]),
    );
    expect(facts.count).toBe((facts.findings as unknown[]).length);
    expect(facts.by_rule).toMatchObject({ 'aliyun-access-key-id': 1, 'connection-string-password': 1, 'wechat-app-secret': 1, 'server-credentials': 1 });
    // The AccessKey ID alone opens nothing (high); the password with its host, the AppSecret and the root login work
    // as they are (critical).
    expect(facts.by_severity).toMatchObject({ critical: 3 });
    expect((facts.findings as { rule: string; severity: string }[]).filter((f) => f.severity === 'critical').map((f) => f.rule).sort()).toEqual([
      'connection-string-password',
      'server-credentials',
      'wechat-app-secret',
    ]);
  });

  it('never lets a planted secret into facts, evidence or the result', async () => {
    const observation = await probe({ path: 'repo' });
    const outcome = await run({ path: 'repo' });

    const everything = JSON.stringify({ observation, outcome });
    expect(outcome.status).toBe('fail');
    for (const value of Object.values(planted)) expect(everything).not.toContain(value);
    expect(everything).toContain('••••');
  });

  it('accepts what the baseline lists and still reports the rest', async () => {
    const { facts } = await probe({ path: 'repo', baseline: 'baseline.json' });

    expect(facts.findings).toEqual([{ file: 'docs/部署检查清单.md', line: 1, rule: 'server-credentials', severity: 'critical' }]);
    expect(facts.baselined).toBeGreaterThanOrEqual(3);
  });

  it('leaves out ignored paths', async () => {
    const outcome = await run({ path: 'repo', baseline: 'baseline.json', ignore: ['docs/'] });

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('is an error with the engine\'s bilingual reason for a missing tree or baseline', async () => {
    const missingTree = await run({ path: 'no-such-tree' });
    const missingBaseline = await run({ path: 'repo', baseline: 'no-such-baseline.json' });

    expect(missingTree.status).toBe('error');
    expect(missingTree.evidence.reason?.en).toContain('no-such-tree');
    expect(missingBaseline.status).toBe('error');
    expect(missingBaseline.evidence.reason?.en).toContain('no-such-baseline.json');
    expect(missingBaseline.evidence.reason?.zh).toContain('基线文件');
  });

  it('is an error saying which variable to set when a baseline is given without the team key', async () => {
    vi.stubEnv('GOLIVE_SCAN_KEY', '');
    const outcome = await run({ path: 'repo', baseline: 'baseline.json' });
    vi.stubEnv('GOLIVE_SCAN_KEY', teamKey);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toContain('GOLIVE_SCAN_KEY');
    expect(outcome.evidence.reason?.zh).toContain('GOLIVE_SCAN_KEY');
  });
});
