import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { backupKind, type BackupCheck } from './index.js';
import { nameGlob } from './_name-glob.js';

const hour = 3_600_000;

async function writeAged(path: string, content: string, ageMs: number): Promise<void> {
  await writeFile(path, content);
  const when = new Date(Date.now() - ageMs);
  await utimes(path, when, when);
}

// No `hanging` target: listing a local folder has no remote side that could stop answering.
describeCheckKindConformance(backupKind, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'golive-backup-conf-'));
  await mkdir(join(dir, 'fresh'));
  await mkdir(join(dir, 'stale'));
  await writeAged(join(dir, 'fresh', 's2b2c_20260212_020000.sql.gz'), 'dump', hour);
  await writeAged(join(dir, 'stale', 's2b2c_20260209_020000.sql.gz'), 'dump', 72 * hour);
  return {
    passing: { kind: 'backup' as const, path: join(dir, 'fresh'), pattern: '*.sql.gz' },
    failing: { kind: 'backup' as const, path: join(dir, 'stale'), pattern: '*.sql.gz', expect: ['newest_age < 26h'] },
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('backup kind', () => {
  let dir: string;
  const options = () => ({ planDir: dir, variables: {}, secrets: createSecretSet() });
  const run = (spec: Omit<BackupCheck, 'kind'>) => runCheck(backupKind, { kind: 'backup', ...spec }, options());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'golive-backup-'));
    // Seed 001's cron: mysqldump | gzip > /backup/mysql/s2b2c_$(date +%Y%m%d_%H%M%S).sql.gz, daily at 02:00.
    await mkdir(join(dir, 'mysql'));
    await writeAged(join(dir, 'mysql', 's2b2c_20260210_020000.sql.gz'), 'x'.repeat(300), 50 * hour);
    await writeAged(join(dir, 'mysql', 's2b2c_20260211_020000.sql.gz'), 'x'.repeat(200), 26.5 * hour);
    await writeAged(join(dir, 'mysql', 's2b2c_20260212_020000.sql.gz'), 'x'.repeat(100), 2 * hour);
    await writeAged(join(dir, 'mysql', 'mysql-backup.log'), 'log line', 0);
    await mkdir(join(dir, 'mysql', 'old.sql.gz'));
    await mkdir(join(dir, 'broken'));
    await writeAged(join(dir, 'broken', 's2b2c_20260212_020000.sql.gz'), '', hour);
    await mkdir(join(dir, 'empty'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the newest matching dump, its age and size, and ignores other files and folders', async () => {
    const outcome = await run({ path: 'mysql', pattern: '*.sql.gz' });

    expect(outcome.status).toBe('pass');
    const observation = await backupKind.probe({ kind: 'backup', path: 'mysql', pattern: '*.sql.gz' }, context(dir));
    expect(observation.facts).toMatchObject({ exists: true, count: 3, newest: 's2b2c_20260212_020000.sql.gz', newest_size: 100, total_size: 600 });
    expect(observation.facts.newest_age).toBeGreaterThan(2 * hour - 60_000);
    expect(observation.facts.newest_age).toBeLessThan(2 * hour + 60_000);
    expect(observation.facts.oldest_age).toBeGreaterThan(49 * hour);
  });

  it('counts every file when no pattern is given, so the log file becomes the newest', async () => {
    const observation = await backupKind.probe({ kind: 'backup', path: 'mysql' }, context(dir));

    expect(observation.facts).toMatchObject({ count: 4, newest: 'mysql-backup.log' });
  });

  it('fails the default expect when the newest dump is empty (mysqldump failed)', async () => {
    const outcome = await run({ path: 'broken', pattern: '*.sql.gz' });

    expect(outcome.status).toBe('fail');
    const failed = outcome.evidence.conditions?.filter((record) => !record.passed).map((record) => record.condition);
    expect(failed).toEqual(['newest_size > 0']);
  });

  it('fails the default expect on an empty folder', async () => {
    const outcome = await run({ path: 'empty' });

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.conditions?.find((record) => record.condition === 'count > 0')?.passed).toBe(false);
  });

  it('reports a missing backup folder as a failure with a bilingual reason, not as an error', async () => {
    const outcome = await run({ path: 'no-such-folder', pattern: '*.sql.gz' });

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason?.en).toContain('backup folder does not exist');
    expect(outcome.evidence.reason?.zh).toContain('备份目录不存在');
    expect(outcome.evidence.observed).toMatchObject({ exists: false });
  });

  it('is an error when the path is a file', async () => {
    const outcome = await run({ path: 'mysql/mysql-backup.log' });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toContain('is a file, not a folder');
  });

  it('rejects a pattern with a folder in it and an unclosed brace', () => {
    expect(backupKind.schema.safeParse({ kind: 'backup', path: '/backup', pattern: 'mysql/*.gz' }).success).toBe(false);
    expect(backupKind.schema.safeParse({ kind: 'backup', path: '/backup', pattern: '*.{sql,dump.gz' }).success).toBe(false);
    expect(backupKind.schema.safeParse({ kind: 'backup', path: '/backup', pattern: '*.{sql,dump}.gz' }).success).toBe(true);
  });
});

describe('nameGlob', () => {
  it.each([
    ['*.sql.gz', 's2b2c_20260212.sql.gz', true],
    ['*.sql.gz', 's2b2c.sql', false],
    ['*.sql.gz', 'a.sql.gz.tmp', false],
    ['s2b2c_????????_*.sql.gz', 's2b2c_20260212_020000.sql.gz', true],
    ['s2b2c_????????_*.sql.gz', 's2b2c_2026021_020000.sql.gz', false],
    ['*.{sql,dump}.gz', 'db.dump.gz', true],
    ['[0-9]*.tar', '2026.tar', true],
    ['[!0-9]*.tar', '2026.tar', false],
    ['a+b(1).gz', 'a+b(1).gz', true],
  ])('%s matches %s: %s', (pattern, name, matches) => {
    expect(nameGlob(pattern).test(name)).toBe(matches);
  });
});

function context(planDir: string) {
  return { signal: new AbortController().signal, planDir, variables: {}, logger: { debug() {}, info() {}, warn() {} } };
}
