// DATABASE_URL=file:… : several plan folders record into one SQLite file (the demo's five seeds, one `golive serve`),
// with one audit key beside that file.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLaunchStore } from '../../src/service/store.js';
import { sqliteFileOf } from '../../src/store/open.js';
import { testPlan } from './setup.js';

describe('DATABASE_URL=file: (one SQLite store for several plans)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'golive-file-url-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file by path, file: URL or relative to the working folder; anything else keeps the plan\'s own', () => {
    expect(sqliteFileOf('/srv/a', { DATABASE_URL: `file:${dir}/shared.db` })).toBe(`${dir}/shared.db`);
    expect(sqliteFileOf('/srv/a', { DATABASE_URL: `file://${dir}/with%20space.db` })).toBe(`${dir}/with space.db`);
    expect(sqliteFileOf('/srv/a', { DATABASE_URL: 'file:store/golive.db' })).toBe(join(process.cwd(), 'store', 'golive.db'));
    expect(sqliteFileOf('/srv/a', {})).toBe('/srv/a/.golive/golive.db');
  });

  it('records runs of two plan folders in one file, keyed by one audit key beside it', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'shared', 'golive.db')}` };
    const first = await openLaunchStore({ planDir: join(dir, 'seed-003'), env });
    const second = await openLaunchStore({ planDir: join(dir, 'seed-004'), env });
    const a = await first.createRun({ plan: testPlan, source: 'name: a\n', planPath: join(dir, 'seed-003', 'golive.yaml'), environment: null, release: 'v1', createdBy: 'zhang' });
    const b = await second.createRun({ plan: testPlan, source: 'name: b\n', planPath: join(dir, 'seed-004', 'golive.yaml'), environment: null, release: 'v1', createdBy: 'li' });

    expect(b.id).not.toBe(a.id);
    expect((await first.listRuns({ limit: 10 })).map((run) => run.id).sort()).toEqual([a.id, b.id].sort());
    expect(await second.verifyAudit()).toMatchObject({ ok: true, entries: 2 });
    expect(existsSync(join(dir, 'shared', 'audit.key'))).toBe(true);
    expect(existsSync(join(dir, 'seed-003', '.golive'))).toBe(false);
    await first.close();
    await second.close();
  });
});
