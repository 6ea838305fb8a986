import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { locales } from '../core/text.js';
import { fixtureView } from './__fixtures__/run-view.js';
import { isReporterName, renderReport, reporterNames, reporters } from './registry.js';

describe('reporter registry', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('lists one reporter per format file, each under its own name', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('_') && !['registry.ts', 'run-view.ts'].includes(file))
      .map((file) => file.replace(/\.ts$/, ''));

    expect([...files].sort()).toEqual([...reporterNames].sort());
    for (const name of reporterNames) expect(reporters[name].name).toBe(name);
    expect(isReporterName('sarif')).toBe(true);
    expect(isReporterName('xml')).toBe(false);
  });

  it.each(reporterNames)('%s renders in both locales', (name) => {
    const view = fixtureView();

    const outputs = locales.map((locale) => renderReport(name, view, locale));

    for (const output of outputs) expect(output.length).toBeGreaterThan(100);
    expect(outputs[0]).toContain('jwt-strong');
  });

  it.each(reporterNames)('%s adds nothing from outside the view (clock, environment, machine)', (name) => {
    const view = fixtureView();
    const before = renderReport(name, view, 'en');
    vi.useFakeTimers({ now: new Date('2031-07-07T07:07:07.000Z') });
    vi.stubEnv('GOLIVE_PLANTED_SECRET', 'LTAI5tPlantedSecretValue42');

    const after = renderReport(name, view, 'en');

    expect(after).toBe(before);
    expect(after).not.toContain('LTAI5tPlantedSecretValue42');
    expect(after).not.toContain('2031');
    expect(after).not.toContain(process.cwd());
    expect(after).not.toContain(hostname());
  });

  // SARIF carries explanations and locations only, not observed values.
  it.each(reporterNames.filter((name) => name !== 'sarif'))('%s passes redacted evidence through as redacted', (name) => {
    const output = renderReport(name, fixtureView(), 'en');

    expect(output).toContain('••••3f');
  });
});
