import { describe, expect, it } from 'vitest';
import { jobTypes } from './job-types.js';
import { acceleratedClock } from './clock.js';
import type { Store } from '../store/store.js';

describe('job-type registry', () => {
  it('names each type once (a queue has one handler)', () => {
    const names = jobTypes.map((type) => type.name);
    expect(names).toContain('inspection');
    expect(new Set(names).size).toBe(names.length);
  });

  it('keys an inspection by its run and inspection, and refuses a payload that is not one', () => {
    const inspection = jobTypes.find((type) => type.name === 'inspection');
    expect(inspection?.key({ runId: 'r-20261207-0001', planPath: '/srv/golive.yaml', environment: null, inspection: 't7', startedAt: 0 })).toBe('r-20261207-0001/t7');
    expect(inspection?.key({ runId: 'r-20261207-0001', inspection: 't7' })).toBeUndefined();
  });

  it('records a payload it cannot read as failed, naming the field, without running anything', async () => {
    const inspection = jobTypes.find((type) => type.name === 'inspection');
    const run = inspection?.handler({ env: {}, store: {} as Store, clock: acceleratedClock(1, Date.now()) });
    const outcome = await run?.({ runId: 'r-1', planPath: '/nowhere/golive.yaml', environment: null, inspection: 't7' }, new AbortController().signal);
    expect(outcome?.status).toBe('failed');
    expect(JSON.stringify(outcome?.result)).toContain('startedAt');
  });
});
