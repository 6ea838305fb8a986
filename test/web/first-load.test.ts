import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const webRoot = join(import.meta.dirname, '../../dist/web');
const built = existsSync(join(webRoot, 'index.html'));
// `npm test` builds the dashboard before vitest runs; under CI a missing build is a failure, not a skip.
if (!built && process.env.CI === 'true') throw new Error('dist/web is missing: npm test runs `npm run build:web` first');

/** What a browser fetches before the dashboard can render: index.html's scripts, module preloads and stylesheets. */
function firstLoadAssets(html: string): string[] {
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? '');
}

describe.skipIf(!built)('dashboard first load', () => {
  it('is at most 500 KB of JS and CSS, gzip-compressed, and leaves echarts (its __ec_ markers) to a lazy chunk', () => {
    const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    const assets = firstLoadAssets(html);
    const sizes = assets.map((asset) => gzipSync(readFileSync(join(webRoot, asset)), { level: 9 }).length);
    const total = sizes.reduce((sum, size) => sum + size, 0);

    console.log(`first load: ${assets.join(', ')} = ${(total / 1024).toFixed(0)} KB gzip`);
    expect(assets.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(500 * 1024);
    for (const asset of assets) expect(readFileSync(join(webRoot, asset), 'utf8')).not.toContain('__ec_');
    expect(existsSync(join(webRoot, `${assets[0]}.br`))).toBe(true);
  });
});
