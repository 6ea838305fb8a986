import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePlanDocument } from '../../src/plan/document.js';
import { lintPlan } from '../../src/plan/lint.js';
import { runCli } from '../support/cli.js';
import { makeProject, stacks } from './_stacks.js';

/** Variables the env files of a real project would supply at run time. */
const runtimeVariables = new Set(['DB_HOST', 'DB_USER', 'DB_PASSWORD', 'WECOM_WEBHOOK', 'DATABASE_URL', 'CLOUDBASE_ENV_ID']);

async function initIn(root: string, args: string[] = []) {
  const run = await runCli(['init', ...args], { cwd: root });
  const text = run.code === 0 ? await readFile(join(root, 'golive.yaml'), 'utf8') : '';
  const plan = (text ? parse(text) : {}) as { items?: { id: string; tags?: string[] }[]; variables?: Record<string, unknown> };
  const lint = lintPlan(parsePlanDocument(text, 'golive.yaml'), { knownVariables: runtimeVariables });
  return { run, text, ids: (plan.items ?? []).map((item) => item.id), plan, errors: lint.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.position.line} ${problem.message.en}`) };
}

describe('golive init starts from the project (the suggest engine)', () => {
  it('seed 004 stack: compose template, domain from the Caddyfile, the lessons of its stack added, lints clean', async () => {
    const root = await makeProject(stacks[4]);

    const { run, ids, plan, errors } = await initIn(root);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('template compose');
    expect(plan.variables?.API_DOMAIN).toMatchObject({ value: 'api.w-mma.cn' });
    expect(ids).toEqual(expect.arrayContaining(['redis-closed', 'mysql-closed', 'mysql-port-not-public', 'admin-jwt-secret-strong', 'api-running', 'no-leftovers']));
    // Not in this project: WeChat Pay, OSS, and a JWT_SECRET (it has ADMIN_JWT_SECRET only).
    expect(ids).not.toContain('pay-callback');
    expect(ids).not.toContain('oss-bucket');
    expect(ids).not.toContain('jwt-secret');
    expect(errors).toEqual([]);
  });

  it('seed 000 stack: no Redis in the project, so no Redis item; its map key and pay callback are checked by their own names', async () => {
    const root = await makeProject(stacks[0]);

    const { ids, errors } = await initIn(root);

    expect(ids).not.toContain('redis-closed');
    expect(ids).not.toContain('redis-ping');
    expect(ids).toEqual(expect.arrayContaining(['pay-callback', 'oss-bucket', 'tencent-map-key-set']));
    expect(errors).toEqual([]);
  });

  it('seed 002 stack: CloudBase template with no MySQL item', async () => {
    const root = await makeProject(stacks[2]);

    const { run, text, errors } = await initIn(root);

    expect(run.stderr).toContain('template cloudbase');
    expect(text).not.toMatch(/kind: mysql/);
    expect(errors).toEqual([]);
  });

  it('seed 003 stack: serverless template with the Vercel domain the mini-program calls', async () => {
    const root = await makeProject(stacks[3]);

    const { run, plan, errors } = await initIn(root, ['--api-domain', 'liufeng-dazi-v1.vercel.app']);

    expect(run.stderr).toContain('template serverless');
    expect(plan.variables?.API_DOMAIN).toMatchObject({ value: 'liufeng-dazi-v1.vercel.app' });
    expect(errors).toEqual([]);
  });

  it('a stack it cannot place still needs --template without a terminal', async () => {
    const root = await makeProject(stacks[1]);

    const refused = await runCli(['init'], { cwd: root });
    const chosen = await initIn(root, ['--template', 'compose', '--proxy', 'nginx']);

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('choose a template with --template');
    expect(chosen.ids).toEqual(expect.arrayContaining(['jwt-secret', 'admin-jwt-secret-differs', 'nginx-cors-not-wildcard']));
    expect(chosen.errors).toEqual([]);
  });
});
