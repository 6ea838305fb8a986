import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { writePlanDir } from './fixtures.js';
import { sqliteTarget, type StoreTarget } from './setup.js';

const plan = `name: greet-launch
variables:
  GREETING: { description: what the app says }
items:
  - id: greet
    title: The app greets
    check: { kind: command, run: [echo, "\${GREETING}"], expect: ["exit_code == 0"] }
  - id: docs
    title: Docs reviewed
    manual: read them
`;

describe('run resume and recheck compare the plan before interpolation', () => {
  let target: StoreTarget;
  let planDir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: planDir, env: { ...target.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

  beforeEach(() => {
    target = sqliteTarget();
    planDir = writePlanDir(plan, {}, target.planDir);
  });

  afterEach(async () => {
    await target.teardown();
    rmSync(planDir, { recursive: true, force: true });
  });

  it('a different --var is reported as the variable that changed, not as a changed plan', async () => {
    const started = await cli('run', 'start', '--release', 'v1', '--var', 'GREETING=hi');
    const same = await cli('run', 'resume', '--var', 'GREETING=hi');
    const changed = await cli('run', 'recheck', '--var', 'GREETING=hello');

    expect(started.code).toBe(0);
    expect(same.code).toBe(0);
    expect(same.stderr).not.toContain('changed');
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/variables changed since run r-\d{8}-\d{4} started: GREETING; results recorded earlier used the earlier values/);
    expect(changed.stderr).not.toContain('greet-launch changed');
    expect((await cli('run', 'status', '--format', 'json')).stdout).toContain('hello\\n');
  });

  it('an edited plan file is still refused', async () => {
    await cli('run', 'start', '--release', 'v1', '--var', 'GREETING=hi');
    writeFileSync(join(planDir, 'golive.yaml'), plan.replace('The app greets', 'The app greets politely'));

    const resumed = await cli('run', 'resume', '--var', 'GREETING=hi');

    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('changed since run');
    expect(resumed.stderr).toContain('--allow-plan-change');
  });
});
