import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseDotenv } from 'dotenv';
import { loadPlan } from '../plan/load.js';
import { executePlan } from '../runner/execute-plan.js';
import { findAll, parseXml } from './__fixtures__/xml.js';
import { renderReport, reporterNames } from './registry.js';
import { buildRunView, type RunView } from './run-view.js';

const demoPlan = fileURLToPath(new URL('../../examples/demo/golive.yaml', import.meta.url));
const demoEnv = fileURLToPath(new URL('../../examples/demo/.env.production', import.meta.url));

async function runDemo(): Promise<RunView> {
  const loaded = await loadPlan(demoPlan, { env: {} });
  const startedAt = new Date().toISOString();
  const results = await executePlan(loaded, {});
  return buildRunView({ id: 'demo', plan: loaded.plan, environment: loaded.environment ?? null, startedAt, finishedAt: new Date().toISOString(), results });
}

describe('the demo plan of the README', () => {
  it('runs offline in a few seconds and shows pass, fail, warn and pending', async () => {
    const started = performance.now();

    const view = await runDemo();

    expect(performance.now() - started).toBeLessThan(15_000);
    const status = Object.fromEntries(view.items.map(({ item, result }) => [item.id, result.status]));
    expect(status).toEqual({
      'node-version': 'pass',
      'repo-history': 'pass',
      'jwt-secret': 'pass',
      'cors-not-star': 'pass',
      'debug-routes-off': 'pass',
      'db-host-rds': 'pass',
      'log-level': 'warn',
      'pay-callback': 'fail',
      'miniprogram-config': 'pass',
      'appid-format': 'pass',
      'no-leftovers': 'fail',
      'no-secrets': 'pass',
      'redis-closed': 'pass',
      'wechat-server-domains': 'pending',
      'online-smoke': 'pending',
      'gray-10': 'pending',
    });
    expect(view.environment).toBe('production');
    expect(view.gate.passed).toBe(false);
  });

  it('renders in every format without the demo secret, and points SARIF at the leftover', async () => {
    const view = await runDemo();
    const jwtSecret = parseDotenv(await readFile(demoEnv, 'utf8')).JWT_SECRET ?? '';

    const outputs = Object.fromEntries(reporterNames.map((name) => [name, renderReport(name, view, 'zh-CN')]));

    expect(jwtSecret.length).toBeGreaterThanOrEqual(32);
    for (const output of Object.values(outputs)) expect(output).not.toContain(jwtSecret);
    expect(findAll(parseXml(outputs.junit!), 'testcase')).toHaveLength(16);
    const sarif = JSON.parse(outputs.sarif!) as { runs: { results: { ruleId: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    const leftover = sarif.runs[0]!.results.find((result) => result.ruleId === 'no-leftovers');
    expect(leftover?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'pages/index/index.js' }, region: { startLine: 9 } });
  });
});
