import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedPlan } from '../plan/load.js';
import { planSchema } from '../plan/schema.js';
import { executePlan } from './execute-plan.js';
import type { ItemResult } from '../core/result.js';

function loaded(items: unknown[]): LoadedPlan {
  const plan = planSchema.parse({ name: 'test', items });
  return { plan, planPath: '/tmp/golive.yaml', planDir: '/tmp', environment: undefined, variables: {}, secretValues: [], source: '' };
}

let server: Server | undefined;
afterEach(() => server?.close());

async function openPort(): Promise<number> {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('executePlan', () => {
  it('runs checks, lists manual items as pending and keeps plan order', async () => {
    const port = await openPort();
    const plan = loaded([
      { id: 'manual', title: 'submit for review', manual: { method: '微信公众平台「版本管理」', expected: '审核中' } },
      { id: 'open', title: 'open port', check: { kind: 'tcp', host: '127.0.0.1', port } },
      { id: 'closed', title: 'closed port', check: { kind: 'tcp', host: '127.0.0.1', port: 9, expect: ['open == true'] } },
    ]);

    const results = await executePlan(plan);

    expect(results.map((result) => [result.itemId, result.status])).toEqual([
      ['manual', 'pending'],
      ['open', 'pass'],
      ['closed', 'fail'],
    ]);
    expect(results[0]?.evidence.manual).toEqual({ method: '微信公众平台「版本管理」', expected: '审核中' });
  });

  it('skips an item whose dependency did not pass, saying why', async () => {
    const plan = loaded([
      { id: 'api-up', title: 'api up', check: { kind: 'tcp', host: '127.0.0.1', port: 9 } },
      { id: 'api-data', title: 'api data', depends_on: ['api-up'], check: { kind: 'tcp', host: '127.0.0.1', port: 9, expect: ['open == false'] } },
    ]);

    const results = await executePlan(plan);

    expect(results[1]?.status).toBe('skip');
    expect(results[1]?.evidence.reason?.en).toBe('depends on "api-up", which ended fail');
  });

  it('waits for a dependency declared later in the plan', async () => {
    const plan = loaded([
      { id: 'second', title: 'second', depends_on: ['first'], check: { kind: 'tcp', host: '127.0.0.1', port: 9, expect: ['open == false'] } },
      { id: 'first', title: 'first', check: { kind: 'tcp', host: '127.0.0.1', port: 9, expect: ['open == false'] } },
    ]);

    const results = await executePlan(plan);

    expect(results.map((result) => result.status)).toEqual(['pass', 'pass']);
  });

  it('ends items on a dependency cycle as errors instead of hanging', async () => {
    const plan = loaded([
      { id: 'a', title: 'a', depends_on: ['b'], check: { kind: 'tcp', host: '127.0.0.1', port: 9 } },
      { id: 'b', title: 'b', depends_on: ['a'], check: { kind: 'tcp', host: '127.0.0.1', port: 9 } },
    ]);

    const results = await executePlan(plan);

    expect(results.map((result) => result.status)).toEqual(['error', 'error']);
  });

  it('reports each result as it completes, one at a time, and reuses prior results for dependencies', async () => {
    const plan = loaded([
      { id: 'done-before', title: 'recorded earlier', check: { kind: 'tcp', host: '127.0.0.1', port: 9 } },
      { id: 'after', title: 'after', depends_on: ['done-before'], check: { kind: 'tcp', host: '127.0.0.1', port: 9, expect: ['open == false'] } },
    ]);
    const reported: ItemResult[] = [];

    const results = await executePlan(plan, { prior: new Map([['done-before', 'pass']]), onResult: (_, result) => void reported.push(result) });

    expect(results.map((result) => result.itemId)).toEqual(['after']);
    expect(reported.map((result) => [result.itemId, result.status])).toEqual([['after', 'pass']]);
  });

  it('never runs more checks at once than the concurrency allows', async () => {
    const port = await openPort();
    const plan = loaded(Array.from({ length: 12 }, (_, index) => ({ id: `c${index}`, title: 'c', check: { kind: 'tcp', host: '127.0.0.1', port } })));
    let running = 0;
    let peak = 0;

    await executePlan(plan, {
      concurrency: 3,
      onStart: () => {
        running += 1;
        peak = Math.max(peak, running);
      },
      onResult: () => {
        running -= 1;
      },
    });

    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(0);
  });
});
