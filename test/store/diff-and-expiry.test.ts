import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/service/diff.js';
import { parseExpiry } from '../../src/cli/commands/waive.js';
import type { ResultStatus } from '../../src/core/result.js';
import type { StoredResult } from '../../src/store/store.js';

function stored(itemId: string, status: ResultStatus, observed: Record<string, unknown> = {}): StoredResult {
  return { itemId, status, evidence: { observed }, durationMs: 1, attempts: [], startedAt: 'a', finishedAt: 'a', source: 'check', by: null, note: null, evidenceRef: null, version: 1, recordedAt: 'a' };
}

describe('diffRuns', () => {
  it('sorts items into newly failing, fixed, still failing and changed evidence, ignoring timings', () => {
    const a = [stored('x', 'pass'), stored('y', 'fail'), stored('z', 'error'), stored('w', 'pass', { status: 200, latencyMs: 10 }), stored('v', 'pass', { host: 'rds-a' })];
    const b = [stored('x', 'fail'), stored('y', 'pass'), stored('z', 'fail'), stored('w', 'pass', { status: 200, latencyMs: 99 }), stored('v', 'pass', { host: 'localhost' }), stored('u', 'error')];

    const diff = diffRuns('r1', 'r2', a, b, ['x', 'y', 'z', 'w', 'v', 'u']);

    expect(diff).toEqual({
      from: 'r1',
      to: 'r2',
      newlyFailing: [{ id: 'x', before: 'pass', after: 'fail' }, { id: 'u', before: 'pending', after: 'error' }],
      fixed: [{ id: 'y', before: 'fail', after: 'pass' }],
      stillFailing: [{ id: 'z', before: 'error', after: 'fail' }],
      changedEvidence: [{ id: 'v', before: 'pass', after: 'pass' }],
    });
  });
});

describe('parseExpiry', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('takes a duration from now or a date (end of that day, local time)', () => {
    expect(parseExpiry('7d', now)).toBe('2026-11-29T10:00:00.000Z');
    expect(parseExpiry('12h', now)).toBe('2026-11-22T22:00:00.000Z');
    expect(parseExpiry('2026-12-01T08:00:00Z', now)).toBe('2026-12-01T08:00:00.000Z');
    expect(Date.parse(parseExpiry('2026-12-01', now))).toBe(new Date(2026, 11, 1, 23, 59, 59).getTime());
  });

  it('refuses text that is not a time and times already past', () => {
    expect(() => parseExpiry('next week', now)).toThrow('--expires takes a duration (7d, 12h) or a date (2026-12-01), got "next week"');
    expect(() => parseExpiry('2026-11-01', now)).toThrow('--expires 2026-11-01 is already past');
    expect(() => parseExpiry('0d', now)).toThrow('--expires must be in the future');
  });
});
