import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createInitCommand, type InitPrompter } from '../cli/commands/init.js';
import type { CliContext } from '../cli/context.js';
import { GoliveError } from '../core/errors.js';
import { pick, type Locale } from '../core/text.js';
import { parsePlanDocument } from '../plan/document.js';
import { lintPlan } from '../plan/lint.js';
import { planSchema, type Plan } from '../plan/schema.js';
import { interpolate } from '../plan/variables.js';
import { templateNames, type InitAnswers } from './answers.js';
import { renderTemplate } from './templates/index.js';

/** Values the env files of an environment would supply. */
const envFileVariables = {
  DB_HOST: 'rm-abc123.mysql.rds.aliyuncs.com',
  DB_USER: 'app',
  DB_PASSWORD: 'not-a-real-password',
  WECOM_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo',
  DATABASE_URL: 'mysql://app:pw@db.example.com:3306/app',
  CLOUDBASE_ENV_ID: 'prod-1a2b3c',
};

const variants: InitAnswers[] = [
  { template: 'compose', name: '茂名文旅', apiDomain: 'api.example.com', miniprogramDir: 'apps/miniprogram', proxy: 'caddy' },
  { template: 'compose', name: 'Nginx shop', apiDomain: 'api.shop.cn', miniprogramDir: 'miniprogram', proxy: 'nginx' },
  { template: 'cloudbase', name: '飞盘队训练助手', apiDomain: 'prod-1a2b3c.service.tcloudbase.com', miniprogramDir: 'miniprogram', proxy: 'caddy' },
  { template: 'serverless', name: '省考搭子', apiDomain: 'api.dazi.example.com', miniprogramDir: 'weapp-complete', proxy: 'caddy' },
];

/** The plan as `golive check` would see it: variables filled with the plan's values, then the env files'. */
function filledPlan(text: string): Plan {
  const data = parse(text) as { variables?: Record<string, unknown> };
  const declared = Object.fromEntries(
    Object.entries(data.variables ?? {}).map(([name, value]) => [name, typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value]),
  );
  const values: Record<string, unknown> = { ...declared, ...envFileVariables };
  const result = planSchema.safeParse(interpolate(data, (name) => (values[name] === undefined ? undefined : String(values[name]))));
  if (!result.success) throw new Error(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  return result.data;
}

describe('starter templates', () => {
  it.each(variants.map((answers) => [`${answers.template}/${answers.proxy}`, answers] as const))('%s lints clean and validates against the plan schema', (_, answers) => {
    const text = renderTemplate(answers);

    const lint = lintPlan(parsePlanDocument(text, 'golive.yaml'), { knownVariables: new Set(Object.keys(envFileVariables)) });
    const plan = filledPlan(text);

    expect(lint.problems.map((problem) => `${problem.position.line}:${problem.position.column} ${problem.message.en}`)).toEqual([]);
    expect(plan.name).toBe(answers.name);
    expect(plan.items.length).toBeGreaterThan(15);
  });

  it.each(templateNames)('%s starts with the schema line and says how to write the schema', (template) => {
    const text = renderTemplate({ ...variants[0]!, template });

    const lines = text.split('\n');

    expect(lines[0]).toBe('# yaml-language-server: $schema=./golive.schema.json');
    expect(lines.slice(0, 4).join('\n')).toContain('golive schema > golive.schema.json');
  });

  it.each(templateNames)('%s explains every top-level section in English and Chinese', (template) => {
    const lines = renderTemplate({ ...variants[0]!, template }).split('\n');

    const sections = lines.flatMap((line, index) => (/^[a-z]+:/.test(line) && !line.startsWith('name:') && !line.startsWith('description:') && !line.startsWith('gate:') ? [index] : []));

    expect(sections.length).toBeGreaterThanOrEqual(10);
    for (const index of sections) {
      const comments: string[] = [];
      for (let at = index - 1; at >= 0 && lines[at]!.startsWith('#'); at -= 1) comments.push(lines[at]!);
      const text = comments.join(' ');
      expect(text, `comment above "${lines[index]}"`).toMatch(/[\u4e00-\u9fff]/);
      expect(text, `comment above "${lines[index]}"`).toMatch(/[A-Za-z]{4,} [A-Za-z]{2,}/);
    }
  });

  it.each(templateNames)('%s has environments with env files, sign-off roles, weighted categories, rollout, inspection and guards', (template) => {
    const plan = filledPlan(renderTemplate({ ...variants[0]!, template }));

    expect(Object.keys(plan.environments ?? {})).toEqual(['staging', 'preprod', 'production']);
    expect(plan.environments?.production?.envFiles?.length).toBe(1);
    expect(plan.roles?.filter((role) => role.signoff).map((role) => role.id)).toEqual(['tech-lead', 'qa', 'ops', 'product']);
    expect(plan.categories?.every((category) => (category.weight ?? 0) > 0)).toBe(true);
    expect(plan.rollout?.stages?.map((stage) => stage.percent)).toEqual([10, 100]);
    expect(plan.rollout?.rollbackWhen?.[0]).toMatchObject({ condition: 'error_rate > 1%', for: '5m' });
    expect(plan.inspections?.some((inspection) => inspection.for === '7d')).toBe(true);
    expect(plan.guards?.some((guard) => guard.action === 'forbid')).toBe(true);
    expect(plan.items.filter((item) => item.manual).map((item) => item.id)).toEqual(expect.arrayContaining(['wechat-server-domains', 'wechat-filing', 'wechat-review', 'gray-10']));
  });

  it('compose carries the concerns of the seed checklists as checks', () => {
    const plan = filledPlan(renderTemplate(variants[0]!));

    const check = (id: string) => plan.items.find((item) => item.id === id)?.check;

    expect(check('healthz')).toMatchObject({ kind: 'http', url: 'https://api.example.com/healthz', expect: expect.arrayContaining(['body.status == "ok"']) });
    expect(check('tls-valid')?.expect).toContain('days_left > 30');
    expect(check('redis-closed')).toMatchObject({ kind: 'tcp', port: 6379, expect: ['open == false'] });
    expect(check('mysql-closed')).toMatchObject({ kind: 'tcp', port: 3306, expect: ['open == false'] });
    expect(check('jwt-secret')).toMatchObject({ kind: 'env', file: '.env.production', name: 'JWT_SECRET', expect: ['len >= 32', 'is_placeholder == false'] });
    expect(check('cors-not-star')?.expect).toContain('value != "*"');
    expect(check('backend-running')).toMatchObject({ kind: 'docker', expect: expect.arrayContaining(['tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/']) });
    expect(check('release-tag')).toMatchObject({ kind: 'git' });
    expect(check('backup-fresh')?.expect).toContain('newest_age < 26h');
    expect(check('proxy-config')?.run).toContain('caddy');
    expect(check('no-secrets')).toMatchObject({ kind: 'secrets', expect: ['count == 0'] });
    expect(check('no-leftovers')).toMatchObject({ kind: 'files', path: 'apps/miniprogram', leftovers: ['console', 'debugger', 'localUrls'] });
    expect(plan.guards?.find((guard) => guard.command === 'docker compose down -v')?.action).toBe('forbid');
  });

  it('switches the proxy checks to Nginx', () => {
    const plan = filledPlan(renderTemplate(variants[1]!));

    const proxy = plan.items.find((item) => item.id === 'proxy-config')?.check;

    expect(proxy).toMatchObject({ kind: 'command', expect: ['exit_code == 0', 'stderr contains "syntax is ok"'] });
  });

  it('writes a hostile plan name as data, never as YAML structure', () => {
    const name = 'x" # not a comment\nitems: []';
    const text = renderTemplate({ ...variants[0]!, name: 'a: "b" # c' });

    const plan = filledPlan(text);

    expect(plan.name).toBe('a: "b" # c');
    expect(() => renderTemplate({ ...variants[0]!, name })).not.toThrow();
  });
});

interface FakeRun {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `golive init …` in-process through commander with a stand-in terminal. */
async function runInit(args: string[], options: { cwd: string; interactive?: boolean; locale?: Locale; prompter?: InitPrompter }): Promise<FakeRun> {
  let stdout = '';
  let stderr = '';
  const locale = options.locale ?? 'en';
  const context: CliContext = {
    locale,
    color: false,
    interactive: options.interactive ?? false,
    debug: false,
    cwd: options.cwd,
    env: {},
    out: (text) => (stdout += text),
    err: (text) => (stderr += `${text}\n`),
    t: (text) => pick(text, locale),
    exit: () => undefined,
  };
  const noQuestions: InitPrompter = {
    select: () => Promise.reject(new Error('asked a question without a terminal')),
    input: () => Promise.reject(new Error('asked a question without a terminal')),
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  createInitCommand(options.prompter ?? noQuestions).register(program, () => context);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(['init', ...args], { from: 'user' });
  } catch (error) {
    throw Object.assign(error as object, { stdout, stderr });
  }
  return { stdout, stderr };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'golive-init-'));
}

describe('golive init', () => {
  it('writes golive.yaml from flags and says what to do next', async () => {
    const cwd = await tempDir();

    const run = await runInit(['--template', 'compose', '--proxy', 'nginx', '--api-domain', 'https://API.Shop.cn/', '--name', '商城'], { cwd });

    const plan = filledPlan(await readFile(join(cwd, 'golive.yaml'), 'utf8'));
    expect(plan.name).toBe('商城');
    expect(plan.variables?.API_DOMAIN).toMatchObject({ value: 'api.shop.cn' });
    expect(plan.items.find((item) => item.id === 'proxy-config')?.check?.run).toContain('nginx');
    expect(run.stderr).toContain('Wrote golive.yaml (template compose)');
    expect(run.stderr).toContain('golive schema > golive.schema.json');
  });

  it('refuses to overwrite an existing file without --force, exit code 2, file untouched', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'golive.yaml'), 'name: mine\n');

    const refused = runInit(['-t', 'cloudbase'], { cwd });

    await expect(refused).rejects.toMatchObject({ code: 'init.exists', exitCode: 2 });
    await expect(refused).rejects.toThrow('golive.yaml already exists; pass --force to overwrite it');
    expect(await readFile(join(cwd, 'golive.yaml'), 'utf8')).toBe('name: mine\n');
  });

  it('overwrites with --force and writes where -o says, creating folders', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'golive.yaml'), 'name: mine\n');

    await runInit(['-t', 'serverless', '--force'], { cwd });
    await runInit(['-t', 'cloudbase', '-o', 'plans/launch.yaml'], { cwd });

    expect(await readFile(join(cwd, 'golive.yaml'), 'utf8')).toContain('vercel');
    expect(filledPlan(await readFile(join(cwd, 'plans/launch.yaml'), 'utf8')).items.some((item) => item.id === 'db-permissions')).toBe(true);
  });

  it('without a terminal and without --template, fails with a usage error listing the templates', async () => {
    const cwd = await tempDir();

    const failure = await runInit([], { cwd }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GoliveError);
    expect((failure as GoliveError).exitCode).toBe(2);
    expect(pick((failure as GoliveError).text, 'en')).toMatch(/--template[\s\S]*compose[\s\S]*cloudbase[\s\S]*serverless/);
    expect(pick((failure as GoliveError).text, 'zh-CN')).toContain('请用 --template 指定模板');
  });

  it('rejects an unknown template, an IP address as domain and an absolute mini-program folder', async () => {
    const cwd = await tempDir();

    await expect(runInit(['-t', 'k8s'], { cwd })).rejects.toThrow(/unknown template "k8s"/);
    await expect(runInit(['-t', 'compose', '--api-domain', '112.74.36.81'], { cwd })).rejects.toThrow(/not a domain name/);
    await expect(runInit(['-t', 'compose', '--miniprogram-dir', '/etc'], { cwd })).rejects.toThrow(/relative to the plan/);
  });

  it('at a terminal, asks for what the flags leave out, offering the detected mini-program folder', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'apps/miniprogram'), { recursive: true });
    await writeFile(join(cwd, 'apps/miniprogram/project.config.json'), '{"appid":"wx0000000000000000"}');
    const asked: string[] = [];
    const prompter: InitPrompter = {
      select: <T extends string>(message: string) => {
        asked.push(message);
        return Promise.resolve((message.startsWith('Reverse') ? 'nginx' : 'compose') as T);
      },
      input: (message, defaultValue) => {
        asked.push(`${message} [${defaultValue}]`);
        return Promise.resolve(message.startsWith('Production') ? 'api.example.org' : defaultValue);
      },
    };

    await runInit(['--name', 'Asked'], { cwd, interactive: true, prompter });

    expect(asked).toEqual([
      'Which backend does the mini-program use?',
      'Production API domain [api.example.com]',
      'Mini-program folder (holding project.config.json) [apps/miniprogram]',
      'Reverse proxy in front of the backend',
    ]);
    const plan = filledPlan(await readFile(join(cwd, 'golive.yaml'), 'utf8'));
    expect(plan.variables?.MINIPROGRAM_DIR).toBe('apps/miniprogram');
    expect(plan.name).toBe('Asked');
  });

  it('prints to stdout with -o - and writes nothing', async () => {
    const cwd = await tempDir();

    const run = await runInit(['-t', 'serverless', '-o', '-'], { cwd, locale: 'zh-CN' });

    expect(run.stdout.startsWith('# yaml-language-server: $schema=./golive.schema.json\n')).toBe(true);
    await expect(readFile(join(cwd, 'golive.yaml'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('shows the templates and examples in --help, in Chinese too', async () => {
    const cwd = await tempDir();

    const help = await runInit(['--help'], { cwd, locale: 'zh-CN' }).catch((error: unknown) => error);

    expect((help as { code?: string }).code).toBe('commander.helpDisplayed');
    const text = (help as { stdout: string }).stdout;
    expect(text).toContain('为你的后端类型生成带注释的 golive.yaml 初始计划');
    expect(text).toMatch(/模板：\n {2}compose {5}docker compose 部署的后端/);
    expect(text).toContain('golive init -t serverless -o - > golive.yaml');
  });
});
