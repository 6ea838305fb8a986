import { createServer, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let server: Server;
let healthy = false;
let dir = '';

beforeAll(async () => {
  server = createServer((_, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'starting' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  dir = await mkdtemp(join(tmpdir(), 'golive-check-run-'));
  await writeFile(
    join(dir, 'golive.yaml'),
    `name: shop\nitems:\n  - id: healthz\n    title: health\n    priority: blocker\n    check: { kind: http, url: "http://127.0.0.1:${port}/healthz", expect: ['body.status == "ok"'] }\n  - id: closed\n    title: closed\n    check: { kind: tcp, host: 127.0.0.1, port: 9, expect: [open == false] }\n`,
  );
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const env = () => ({ PATH: process.env.PATH, DATABASE_URL: '' });

describe('golive check --run', () => {
  it('re-checks one item into the open run and the run shows the new result', async () => {
    healthy = false;
    const started = await runCli(['run', 'start', '-p', 'golive.yaml', '--release', 'v1.0.0', '--by', 'ci', '--format', 'json'], { cwd: dir, env: env() });
    const runId = (JSON.parse(started.stdout) as { run: { id: string } }).run.id;
    expect(started.code).toBe(1);

    healthy = true;
    const recheck = await runCli(['check', '-p', 'golive.yaml', '--run', '--only', 'healthz', '--by', 'ci', '--format', 'json'], { cwd: dir, env: env() });

    expect(recheck.code).toBe(0);
    const report = JSON.parse(recheck.stdout) as { run: { id: string; items: { id: string; status: string }[] } };
    expect(report.run.id).toBe(runId);
    expect(report.run.items.map((item) => [item.id, item.status])).toEqual([
      ['healthz', 'pass'],
      ['closed', 'pass'],
    ]);
  });

  it('exports the run as a Markdown checklist ticked with its results', async () => {
    const run = await runCli(['export', 'golive.yaml', '--run'], { cwd: dir, env: env() });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# shop/);
    expect(run.stdout).toMatch(/- \[x\] .*health/);
    expect(run.stdout).toMatch(/- \[x\] .*closed/);
  });

  it('refuses --until-pass with --run, exit 2', async () => {
    const run = await runCli(['check', '-p', 'golive.yaml', '--run', '--until-pass'], { cwd: dir, env: env() });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--until-pass cannot record into a run');
  });
});
