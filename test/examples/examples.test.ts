// Each seed's launch, end to end against its stand-in (examples/stand-in): the seed imported by
// `golive import`, its variables filled for the stand-in, one `golive run start` through the real CLI.
// Planted: exactly the planted misses fail, with their evidence. Fixed: every check passes, and the
// gate passes once the manual items, waivers and sign-offs are recorded with golive item/waive/sign.
import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { golive, runStartArgs, type RunReport } from '../../examples/stand-in/golive.js';
import { launchStandIn } from '../../examples/stand-in/launch.js';
import { planFile } from '../../examples/stand-in/plans.js';
import { exampleNames, type StandInMode } from '../../examples/stand-in/spec.js';
import { runCli } from '../support/cli.js';
import { requireService } from '../support/services.js';
import { checkedItems, evidenceText, exampleCopy, expectedStatuses, loadSpec, signoffRoles } from './_examples.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the committed example plans', () => {
  it.each(exampleNames)('%s/golive.yaml is what golive import gives today, with its EDITS.md applied', async (name) => {
    const { plan, cleanup } = await exampleCopy(name);
    cleanups.push(cleanup);

    const [fresh, committed] = await Promise.all([readFile(plan, 'utf8'), readFile(planFile(name), 'utf8')]);

    expect(committed, `examples/${name}/golive.yaml is stale: run npm run examples:plans`).toBe(fresh);
  });
});

describe.each(exampleNames)('%s against its stand-in', (name) => {
  const spec = loadSpec(name);
  const services = { mariadb: { name: 'MariaDB', host: '127.0.0.1', port: 3306 }, redis: { name: 'Redis', host: '127.0.0.1', port: 6379 } } as const;

  // A plant that needs MariaDB or Redis is only planted where they run: say so loudly (and fail under CI=true).
  beforeAll(async () => {
    for (const needed of new Set(spec.plants.flatMap((plant) => (plant.needs === undefined ? [] : [plant.needs])))) await requireService(services[needed]);
  });

  /** The example copied, its seed imported as the plan, and its stand-in started in `mode`. */
  async function started(mode: StandInMode) {
    const copy = await exampleCopy(name);
    cleanups.push(copy.cleanup);
    const standIn = await launchStandIn(name, mode, copy.dir);
    cleanups.push(() => standIn.stop());
    return { copy, standIn, planText: await readFile(copy.plan, 'utf8') };
  }

  it('planted: exactly the planted misses fail, each with its evidence; every other check passes', async () => {
    const { copy, standIn, planText } = await started('planted');

    const run = await golive(runStartArgs(copy.plan, standIn), standIn, copy.dir);

    expect(run.code, run.stderr).not.toBe(2);
    const items = (JSON.parse(run.stdout) as RunReport).run.items;
    const checked = checkedItems(planText);
    const statuses = Object.fromEntries(items.filter((item) => checked.includes(item.id)).map((item) => [item.id, item.status]));
    expect(statuses).toEqual(expectedStatuses(spec, standIn, checked, 'planted'));
    for (const plant of spec.plants.filter((entry) => entry.needs === undefined || standIn.available[entry.needs])) {
      const item = items.find((entry) => entry.id === plant.item);
      expect(item === undefined ? '' : evidenceText(item), plant.item).toMatch(new RegExp(plant.evidence));
    }
    expect(items.filter((item) => !checked.includes(item.id)).every((item) => item.status === 'pending')).toBe(true);
    // The example's env files hold demo credentials: none may reach the report.
    for (const secret of ['Vq7#mK2!rZ9@wL4xN8$t', 'Hq3Zt8Wm1Kp6Rv9Yc2Nf5Lb7Dx4Gs0Ja', 'Hc8vL3pN6yT1bF9s', 'K7QPD-3MZRW-T8VNA-2LXHE-9BYFC-6GJUS']) expect(run.stdout).not.toContain(secret);
  });

  it('fixed: every check passes, and the gate passes after golive item, waive and sign', async () => {
    const { copy, standIn, planText } = await started('fixed');
    const cli = (args: string[]) => runCli([...args, '-p', copy.plan], { cwd: copy.dir });

    const run = await golive(runStartArgs(copy.plan, standIn), standIn, copy.dir);
    const items = (JSON.parse(run.stdout) as RunReport).run.items;
    const checked = checkedItems(planText);
    const statuses = Object.fromEntries(items.filter((item) => checked.includes(item.id)).map((item) => [item.id, item.status]));
    expect(statuses).toEqual(expectedStatuses(spec, standIn, checked, 'fixed'));
    const before = await cli(['gate']);
    expect(before.code, before.stdout).toBe(1);

    for (const item of items.filter((entry) => entry.status === 'pending')) {
      const verified = await cli(['item', item.id, '--pass', '--note', 'verified on the stand-in', '--by', '测试']);
      expect(verified.code, verified.stderr).toBe(0);
    }
    for (const item of items.filter((entry) => entry.status === 'fail' || entry.status === 'error')) {
      const limit = spec.limits.find((entry) => entry.item === item.id);
      expect(limit, `${item.id} failed in fixed mode: ${evidenceText(item)}`).toBeDefined();
      const waived = await cli(['waive', item.id, '--reason', limit?.what.en ?? '', '--approver', '王总', '--expires', '7d', '--by', '测试']);
      expect(waived.code, waived.stderr).toBe(0);
    }
    for (const role of signoffRoles(planText)) {
      const signed = await cli(['sign', '--role', role, '--by', '测试']);
      expect(signed.code, signed.stderr).toBe(0);
    }
    const gate = await cli(['gate', '--format', 'json']);

    expect(gate.code, gate.stdout).toBe(0);
    expect((JSON.parse(gate.stdout) as { gate: { passed: boolean } }).gate.passed).toBe(true);
  }, 120_000);
});

