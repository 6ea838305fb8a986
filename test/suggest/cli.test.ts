import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seedFiles, seedsDir } from '../import/_seeds.js';
import { runCli } from '../support/cli.js';
import { makeProject, stacks, writeProject } from './_stacks.js';

interface PlanReport {
  missing: string[];
  covered: { id: string; by: string }[];
  stale: { itemId: string; what: string; name: string }[];
}

async function suggestJson(root: string, args: string[] = []): Promise<{ code: number; body: { suggestions: { id: string; lesson: string; origin: string }[]; plan?: PlanReport }; stderr: string }> {
  const run = await runCli(['suggest', ...args, '--format', 'json'], { cwd: root });
  return { code: run.code, body: run.code === 0 ? JSON.parse(run.stdout) : { suggestions: [] }, stderr: run.stderr };
}

/** What each seed's own checklist missed for its stack (read by hand against the checklists). */
const seedMisses: Record<string, readonly string[]> = {
  // No health endpoint check, no console.log/localhost sweep of the mini-program.
  '000': ['health-endpoint', 'miniprogram-leftovers-apps-miniprogram'],
  // Never says which database host production uses; CORS only as an env variable, not in the Nginx headers; no health endpoint.
  '001': ['db-host-production', 'nginx-cors-not-wildcard', 'health-endpoint'],
  // Nothing about credentials in the repository.
  '002': ['no-secrets-in-repo'],
  // JWT strength never checked; its own appendix holds test account passwords.
  '003': ['jwt-secret-strong', 'no-secrets-in-repo', 'miniprogram-leftovers-weapp-complete'],
  // No backup, no log level, no TLS expiry or HSTS, and 3306 published on every interface by compose.
  '004': ['database-backup-fresh', 'log-level-not-debug', 'tls-api-w-mma-cn', 'hsts-api-w-mma-cn', 'mysql-port-not-public'],
};

/** What each seed's checklist already has, so it is not proposed again. */
const seedHas: Record<string, readonly string[]> = {
  '000': ['log-level-not-debug', 'oss-bucket-production', 'wxpay-notify-url-production', 'tencent-map-key-in-container'],
  '001': ['jwt-secret-strong', 'admin-jwt-secret-differs', 'cors-origins-not-wildcard', 'backup-fresh-mysqldump'],
  '002': ['db-permissions-database-permissions-json', 'cloudbase-functions-deployed'],
  '003': ['health-endpoint', 'no-test-accounts-in-production'],
  '004': ['guard-compose-down-v', 'mysql-port-closed', 'redis-port-closed'],
};

describe('golive suggest --plan on each seed\'s imported plan', () => {
  it.each(stacks.map((stack) => [stack.seed, stack] as const))('seed %s: lists what the checklist missed for its stack, not what it has', async (seed, stack) => {
    const root = await makeProject(stack);
    const imported = await runCli(['import', join(seedsDir, seedFiles[`s${seed}` as keyof typeof seedFiles]), '-o', 'golive.yaml'], { cwd: root });

    const { code, body } = await suggestJson(root, ['--plan', 'golive.yaml']);
    const text = await runCli(['suggest', '--plan', 'golive.yaml', '--lang', 'zh-CN'], { cwd: root });

    expect(imported.code).toBe(0);
    for (const value of stack.values) expect(JSON.stringify(body) + text.stdout).not.toContain(value);
    expect(code).toBe(0);
    expect(seedMisses[seed]?.filter((id) => !body.plan?.missing.includes(id))).toEqual([]);
    expect(seedHas[seed]?.filter((id) => !body.plan?.covered.some((entry) => entry.id === id))).toEqual([]);
  });
});

describe('golive suggest --plan: what no longer matches', () => {
  it('names a variable nobody reads, a container no service runs and a folder that is gone', async () => {
    const root = await makeProject(stacks[4]);
    await writeFile(
      join(root, 'golive.yaml'),
      'name: w-mma\nitems:\n  - { id: old-var, title: old, check: { kind: env, file: .env.prod, name: SMS_TEMPLATE_ID } }\n  - { id: kept-var, title: kept, check: { kind: env, file: .env.prod, name: REDIS_ADDR } }\n  - { id: old-worker, title: worker, check: { kind: docker, container: worker } }\n  - { id: api-up, title: api, check: { kind: docker, container: w-mma-api-1 } }\n  - { id: old-app, title: app, check: { kind: miniprogram, project: old-miniapp } }\n',
    );

    const { body } = await suggestJson(root, ['--plan', 'golive.yaml']);

    expect(body.plan?.stale.map((entry) => `${entry.itemId} ${entry.what} ${entry.name}`)).toEqual(['old-var variable SMS_TEMPLATE_ID', 'old-worker container worker', 'old-app path old-miniapp']);
  });
});

describe('golive suggest --write', () => {
  const handWritten = `# Launch plan of w-mma — written by hand, keep these notes!
name: w-mma # the name people see
# Variables the team fills in
variables:
  API_DOMAIN: api.w-mma.cn # production host

items:
  # The one check we had before golive suggest
  - id: healthz
    title: healthz answers
    check: { kind: http, url: "https://\${API_DOMAIN}/healthz", expect: [status == 200] } # flow style stays
# trailing note about the rollout
`;

  it('adds the missing suggestions, keeps every comment and the order, and the result lints', async () => {
    const root = await makeProject(stacks[4]);
    await writeFile(join(root, 'golive.yaml'), handWritten);

    const written = await runCli(['suggest', '--plan', 'golive.yaml', '--write'], { cwd: root });
    const text = await readFile(join(root, 'golive.yaml'), 'utf8');
    const lint = await runCli(['lint', join(root, 'golive.yaml')], { cwd: root });
    const again = await suggestJson(root, ['--plan', 'golive.yaml']);

    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/Added \d+ suggestion\(s\) to golive\.yaml/);
    // The yaml library may re-space the inside of a flow collection ([a] → [ a ]); everything else is kept as written.
    const flat = (value: string) => value.replace(/([[{]) +/g, '$1').replace(/ +([\]}])/g, '$1');
    for (const line of handWritten.split('\n').filter((entry) => entry.includes('#'))) expect(text).toContain(line.slice(line.indexOf('#')));
    const kept = handWritten.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('# trailing')).map((line) => flat(text).indexOf(flat(line)));
    expect(kept.every((at) => at >= 0)).toBe(true);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(text).toContain('guards:');
    expect(text).toContain('BACKUP_DIR:');
    expect(lint.code, lint.stdout).toBe(0);
    expect(again.body.plan?.missing).toEqual([]);
  });

  it('--only writes just the chosen suggestions; an unknown id changes nothing', async () => {
    const root = await makeProject(stacks[4]);
    await writeFile(join(root, 'golive.yaml'), handWritten);

    const unknown = await runCli(['suggest', '--plan', 'golive.yaml', '--write', '--only', 'no-such-thing'], { cwd: root });
    const untouched = await readFile(join(root, 'golive.yaml'), 'utf8');
    await runCli(['suggest', '--plan', 'golive.yaml', '--write', '--only', 'log-level-not-debug'], { cwd: root });
    const { body } = await suggestJson(root, ['--plan', 'golive.yaml']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not among the missing suggestions: no-such-thing');
    expect(untouched).toBe(handWritten);
    expect(body.plan?.covered.map((entry) => entry.id)).toContain('log-level-not-debug');
    expect(body.plan?.missing).toContain('tls-api-w-mma-cn');
  });
});

describe('golive suggest --write into a plan in a sub-folder', () => {
  it('writes check paths relative to the plan, and runs them from there', async () => {
    const root = await makeProject(stacks[4]);
    await writeProject(root, { 'deploy/golive.yaml': 'name: w-mma\nitems: []\n' });

    await runCli(['suggest', '--plan', 'deploy/golive.yaml', '--write', '--only', 'log-level-not-debug,miniprogram-api-domain-miniapp'], { cwd: root });
    const plan = parse(await readFile(join(root, 'deploy/golive.yaml'), 'utf8')) as { items: { id: string; check: Record<string, unknown> }[] };
    const check = await runCli(['check', '-p', join(root, 'deploy/golive.yaml'), '--only', 'log-level-not-debug', '--format', 'json'], { cwd: root });

    expect(plan.items.map((item) => [item.id, item.check.file ?? item.check.project])).toEqual([
      ['log-level-not-debug', '../.env.prod'],
      ['miniprogram-api-domain-miniapp', '../miniapp'],
    ]);
    expect(JSON.parse(check.stdout).run.items[0]).toMatchObject({ id: 'log-level-not-debug', status: 'fail' });
    expect(check.stdout).not.toContain('Fixture7Pw');
  });
});

describe('golive suggest reads only the project', () => {
  it('does not follow links out of the tree: not to files, folders or a linked .golive', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'golive-outside-'));
    await writeProject(outside, {
      '.env.production': 'OUTSIDE_JWT_SECRET=outside-value-7Q\n',
      'docker-compose.yml': 'services:\n  redis:\n    image: redis:7\n    ports: ["6379:6379"]\n',
      'lessons/evil.yaml': 'id: evil\nsource: { seed: x }\ngroup: data\nlesson: { en: e, zh: e }\ndetection: {}\nproposal: { item: { id: evil, title: { en: e, zh: e }, phase: prepare, category: ops, priority: low, owner: ops } }\n',
    });
    const root = await mkdtemp(join(tmpdir(), 'golive-inside-'));
    await writeProject(root, { 'package.json': '{"name":"inside"}' });
    await symlink(join(outside, '.env.production'), join(root, '.env.production'));
    await symlink(outside, join(root, 'infra'));
    await symlink(outside, join(root, '.golive'));

    const { code, body } = await suggestJson(root);
    const text = await runCli(['suggest'], { cwd: root });

    expect(code).toBe(0);
    const all = JSON.stringify(body) + text.stdout;
    expect(all).not.toContain('OUTSIDE_JWT_SECRET');
    expect(all).not.toContain('outside-value');
    expect(all).not.toContain('redis');
    expect(body.suggestions.map((suggestion) => suggestion.id)).not.toContain('evil');
  });
});

describe('team lessons', () => {
  const teamLesson = `id: sms-template-production
source: { seed: team, section: 2025-11 postmortem, quote: 短信模板 ID 用了测试模板 }
group: users
lesson:
  en: Our own launch in 2025 sent verification codes with the test template; users got nothing.
  zh: 我们 2025 年的上线用了测试短信模板，用户收不到验证码。
detection:
  requires: [sms]
  each: { in: envVars, where: { name: "/SMS_TEMPLATE/" } }
covers: ["/{{name}}/"]
proposal:
  item:
    id: "{{name|slug}}-production"
    title: { en: "{{name}} is the production template", zh: "{{name}} 为正式模板" }
    phase: prepare
    category: backend
    priority: high
    owner: ops
    check: { kind: env, file: "{{file}}", name: "{{name}}", expect: [is_placeholder == false] }
`;

  it('a lesson in .golive/lessons is used the next time, marked as the team\'s', async () => {
    const root = await makeProject(stacks[0]);
    await writeProject(root, { 'apps/backend/.env.production': 'SMS_TEMPLATE_ID=SMS_1234\n', '.golive/lessons/sms.yaml': teamLesson });

    const { body } = await suggestJson(root);
    const text = await runCli(['suggest', '--lang', 'zh-CN'], { cwd: root });

    expect(body.suggestions.find((suggestion) => suggestion.id === 'sms-template-id-production')).toMatchObject({ lesson: 'sms-template-production', origin: 'team' });
    expect(text.stdout).toContain('我们 2025 年的上线用了测试短信模板');
    expect(text.stdout).toContain('团队经验: .golive/lessons/sms.yaml');
  });

  it('an invalid lesson is one bilingual error naming the file and field, exit 2, no stack', async () => {
    const root = await makeProject(stacks[0]);
    await writeProject(root, { '.golive/lessons/bad.yaml': teamLesson.replace('group: users', 'group: feelings') });

    const run = await runCli(['suggest'], { cwd: root });
    const zh = await runCli(['suggest', '--lang', 'zh-CN'], { cwd: root });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lesson .golive/lessons/bad.yaml is invalid: group:');
    expect(zh.stderr).toContain('经验文件 .golive/lessons/bad.yaml 无效');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('golive suggest on broken files', () => {
  it('reports a file it cannot parse and goes on with the rest', async () => {
    const root = await mkdtemp(join(tmpdir(), 'golive-broken-'));
    await writeProject(root, {
      'docker-compose.yml': 'services:\n  api: [unclosed\n',
      'mp/project.config.json': '{ "appid": "wx1", }}',
      '.env.production': 'JWT_SECRET=abc\n',
      'big/huge.js': `const x = process.env.HUGE_VAR;\n${'/'.repeat(2 * 1024 * 1024)}`,
    });

    const run = await runCli(['suggest'], { cwd: root });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/! docker-compose\.yml: not valid YAML/);
    expect(run.stdout).toContain('! mp/project.config.json: not valid JSON');
    expect(run.stdout).toContain('jwt-secret-strong');
    expect(run.stdout).not.toContain('HUGE_VAR');
  });
});

describe('golive suggest usage', () => {
  it('refuses --write without --plan, a missing folder and an unknown format with exit 2', async () => {
    const root = await mkdtemp(join(tmpdir(), 'golive-usage-'));
    await mkdir(join(root, 'empty'));

    const write = await runCli(['suggest', '--write'], { cwd: root });
    const missing = await runCli(['suggest', 'nowhere'], { cwd: root });
    const format = await runCli(['suggest', '--format', 'xml'], { cwd: root });
    const empty = await runCli(['suggest', 'empty'], { cwd: root });

    expect([write.code, missing.code, format.code, empty.code]).toEqual([2, 2, 2, 0]);
    expect(write.stderr).toContain('--write needs --plan');
    expect(missing.stderr).toContain('project folder not found');
    expect(empty.stdout).toContain('stack: nothing recognised');
  });
});
