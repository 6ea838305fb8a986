import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand } from '../cli/commands/scan.js';
import type { CliContext } from '../cli/context.js';
import { GoliveError, type ExitCode } from '../core/errors.js';
import { pick } from '../core/text.js';

const j = (...parts: string[]): string => parts.join('');
/** Secrets planted in the tree; none of them may appear in any output. */
const planted = {
  rootPassword: j('nrftI5r4', 'ag9qAGvk'),
  mapKey: j('RNYBZ-VMELW-', 'J5HRP-YAS4F-5OMKH-35BAE'),
  aliyunSecret: j('Xk3vQ9pL2mN8rT5', 'wY7zA1bC4dE6fG0'),
  dbPassword: j('Qx7vR2pL', 'm9Tz'),
  github: j('ghp_', '9fX2kL7mQ4rT8wZ1nB6vC3xD5yH0jP2sA4gE'),
  pem: 'MIIEpAIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ',
};

let root: string;

/** Runs `golive scan` through commander in-process, the way the lead's program will. */
async function scan(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const ctx: CliContext = {
    locale: 'en',
    color: false,
    interactive: false,
    debug: false,
    cwd: root,
    env,
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += `${text}\n`),
    t: (text) => pick(text, 'en'),
    exit: (c: ExitCode) => void (code = Math.max(code, c)),
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  scanCommand.register(program, () => ctx);
  try {
    await program.parseAsync(['scan', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof GoliveError) {
      stderr += error.message;
      code = error.exitCode;
    } else if ((error as { exitCode?: number }).exitCode !== undefined) {
      code = (error as { exitCode: number }).exitCode === 0 ? 0 : 2;
    } else throw error;
  }
  return { code, stdout, stderr };
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'golive-scan-cli-'));
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put('docs/launch.md', `- 生产服务器: \`112.74.36.81\` (root/${planted.rootPassword})\n| 腾讯地图Key | 后端配置 | \`${planted.mapKey}\` |\n`);
  put('.env.production', `ALIYUN_ACCESS_KEY_SECRET=${planted.aliyunSecret}\nDATABASE_URL=mysql://app:${planted.dbPassword}@rm-bp1a2b3c.mysql.rds.aliyuncs.com:3306/app\nGITHUB_TOKEN=${planted.github}\n`);
  put('deploy/key.pem', `-----BEGIN RSA PRIVATE KEY-----\n${planted.pem}\n-----END RSA PRIVATE KEY-----\n`);
  put('pages/index/index.js', "console.log('boot')\n");
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('golive scan', () => {
  it.each(['text', 'json', 'sarif', 'markdown'])('never prints a secret in %s output', async (format) => {
    const run = await scan(['.', '--format', format]);

    expect(run.code).toBe(1);
    for (const secret of Object.values(planted)) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it('prints the stable JSON contract', async () => {
    const run = await scan(['.', '--format', 'json']);

    const parsed = JSON.parse(run.stdout) as { findings: Record<string, unknown>[]; stats: Record<string, unknown> };
    expect(Object.keys(parsed)).toEqual(['findings', 'stats']);
    expect(Object.keys(parsed.stats).sort()).toEqual(['bytes', 'durationMs', 'files', 'skipped']);
    expect(parsed.findings.map((f) => `${String(f.file)}:${String(f.line)} ${String(f.rule)} ${String(f.severity)}`)).toEqual([
      '.env.production:1 aliyun-access-key-secret critical',
      // A password with its public host works as it is.
      '.env.production:2 connection-string-password critical',
      '.env.production:3 github-token critical',
      'deploy/key.pem:1 private-key critical',
      'docs/launch.md:1 server-credentials critical',
      'docs/launch.md:2 tencent-map-key medium',
      'pages/index/index.js:1 console-log low',
    ]);
    expect(parsed.findings[0]).toMatchObject({ preview: 'ALIYUN_ACCESS_KEY_SECRET=••••G0' });
  });

  it('writes SARIF 2.1.0 with rules, levels, locations and fingerprints', async () => {
    const run = await scan(['.', '--format', 'sarif']);

    const sarif = JSON.parse(run.stdout) as { version: string; $schema: string; runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; partialFingerprints: Record<string, string> }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    const run0 = sarif.runs[0];
    expect(run0?.tool.driver.rules.map((r) => r.id)).toContain('private-key');
    expect(run0?.results).toHaveLength(7);
    const pem = run0?.results.find((r) => r.ruleId === 'private-key');
    expect(pem).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/key.pem' }, region: { startLine: 1, startColumn: 1 } } }] });
    expect(Object.values(pem?.partialFingerprints ?? {})[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gates on --fail-on and accepts a written baseline', async () => {
    expect((await scan(['.', '--rules', 'leftovers', '--fail-on', 'high'])).code).toBe(0);
    expect((await scan(['.', '--rules', 'leftovers', '--fail-on', 'low'])).code).toBe(1);

    const baseline = path.join(root, '..', `${path.basename(root)}.baseline.json`);
    const env = { GOLIVE_SCAN_KEY: 'team-key-3f9a2c7e5b1d4f8a' };
    const withoutKey = await scan(['.', '--write-baseline', baseline], {});
    const written = await scan(['.', '--write-baseline', baseline, '--format', 'json'], env);
    const again = await scan(['.', '--baseline', baseline], env);
    const otherKey = await scan(['.', '--baseline', baseline], { GOLIVE_SCAN_KEY: 'another-key-0123456789' });

    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain('GOLIVE_SCAN_KEY');
    expect(written.code).toBe(0);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no findings');
    expect(otherKey.code).toBe(2);
    expect(otherKey.stderr).toContain('another fingerprint key');
    const text = readFileSync(baseline, 'utf8');
    for (const secret of [...Object.values(planted), env.GOLIVE_SCAN_KEY]) expect(text).not.toContain(secret);
    rmSync(baseline);
  });

  it('scans what .gitignore lists with --no-gitignore (an exported repository), and honours it without', async () => {
    const exported = mkdtempSync(path.join(tmpdir(), 'golive-scan-export-'));
    try {
      writeFileSync(path.join(exported, '.gitignore'), '*.env\n');
      writeFileSync(path.join(exported, 'prod.env'), `ALIYUN_ACCESS_KEY_SECRET=${planted.aliyunSecret}\n`);
      const files = async (...flags: string[]): Promise<unknown[]> => (JSON.parse((await scan([exported, '--format', 'json', ...flags])).stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);

      expect(await files()).toEqual([]);
      expect(await files('--no-gitignore')).toEqual(['prod.env']);
    } finally {
      rmSync(exported, { recursive: true, force: true });
    }
  });

  it('exits 2 on a missing path and on a bad option', async () => {
    expect((await scan(['does-not-exist'])).code).toBe(2);
    expect((await scan(['.', '--fail-on', 'severe'])).code).toBe(2);
  });

  it('lists skipped files with their reason in text output', async () => {
    writeFileSync(path.join(root, 'blob.dat'), Buffer.from([1, 0, 2, 0]));

    const run = await scan(['.', '--rules', 'leftovers']);

    expect(run.stdout).toContain('blob.dat  binary');
    rmSync(path.join(root, 'blob.dat'));
  });
});
