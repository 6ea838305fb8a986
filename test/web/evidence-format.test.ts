import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/web/evidence-format.js';

describe('evidence numbers on the run page', () => {
  it('reads durations, sizes and percentages by key name, and leaves codes and ports as they are', () => {
    expect([formatNumber('latencyMs', 47), formatNumber('durationMs', 2_345), formatNumber('durationMs', 95_000), formatNumber('duration', 12_500)]).toEqual(['47 ms', '2.35 s', '1 min 35 s', '12.5 s']);
    expect([formatNumber('bodyBytes', 12), formatNumber('bodyBytes', 2_048), formatNumber('size', 5 * 1_048_576), formatNumber('truncatedAt', 65_536)]).toEqual(['12 B', '2.0 KB', '5.0 MB', '64.0 KB']);
    expect([formatNumber('diskPercent', 91.26), formatNumber('hitRatio', 0.125), formatNumber('errorRatio', 3)]).toEqual(['91.3 %', '12.5 %', '3.0 %']);
    expect([formatNumber('status', 503), formatNumber('port', 8080), formatNumber('exitCode', 3)]).toEqual(['503', '8080', '3']);
  });
});
