import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { bossConnection, dispatchDueJobs, queuedJobInsert } from '../../src/orchestrate/boss-worker.js';
import { clockFromEnv } from '../../src/orchestrate/clock.js';
import { jobTypes } from '../../src/orchestrate/job-types.js';
import { openLaunchStore } from '../../src/service/store.js';
import { requireService } from '../support/services.js';
import { runCli } from '../support/cli.js';
import { runGolive, startGolive, type GoliveProcess } from '../support/golive-process.js';
import { postgresBaseUrl, postgresService } from '../store/setup.js';
import { inspectedPlan, queueFixture, type freshSchema, type JobRow } from './_queue.js';

// Team mode: `golive worker` processes on PostgreSQL take their jobs from pg-boss (docs/rollout.md). Real PostgreSQL,
// real worker processes, an accelerated clock (GOLIVE_TIME_SCALE: 12 minutes of plan time per wall second), and every
// inspection's http check hitting a loopback server (`CheckTarget`), which counts executions: a request that was answered is
// one execution; a request whose worker died before the answer is not. No timing decides anything: the server holds a
// request until the test has acted on it (killed or stopped its worker).

const postgresUp = await requireService(postgresService);

describe.skipIf(!postgresUp)('golive worker on PostgreSQL: pg-boss as the work queue', () => {
  const { target, scheduled } = queueFixture('golive_boss_test');

  const worker = (dir: string, env: NodeJS.ProcessEnv, name: string, ...args: string[]): GoliveProcess =>
    startGolive(['worker', '--lease', '2h', ...args, '--name', name], dir, { ...env, WORKER_TAG: name }, true);

  it('three workers, one killed with SIGKILL mid-job: its job is retried by another, and every due job is executed and completed exactly once', async () => {
    const { db, dir } = await scheduled('boss-three', 'every 10m', '2h');
    const held = target.holdNext();
    const workers = ['w1', 'w2', 'w3'].map((name) => worker(dir, db.env, name, '--exit-when-idle'));
    const { worker: victim } = await held;
    const killed = workers.find((candidate) => candidate.name === victim);
    process.kill(-(killed?.process.pid ?? 0), 'SIGKILL');
    const codes = await Promise.all(workers.map((candidate) => candidate.done));

    const jobs = await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at');
    const completions = await db.query<{ job_id: string; worker: string }>('select job_id, worker from $schema.job_completions');
    const queued = await db.query<{ singleton_key: string; state: string; retry_count: number }>("select singleton_key, state, retry_count from $schema_boss.job where name = 'inspection'");
    const retried = jobs.filter((job) => job.attempts === 2);

    expect(killed).toBeDefined();
    expect(codes.filter((code) => code === 0), workers.map((candidate) => candidate.output()).join('\n---\n')).toHaveLength(2);
    // 12 due times: 12 answered checks; the killed worker's request arrived but was never answered.
    expect(target.answered).toBe(12);
    expect(target.arrivals).toHaveLength(13);
    expect(target.arrivals.filter((tag) => tag === victim).length).toBeGreaterThanOrEqual(1);
    expect(jobs).toHaveLength(12);
    expect(jobs.every((job) => job.status === 'done')).toBe(true);
    expect(new Set(completions.map((row) => row.job_id)).size).toBe(12);
    expect(completions).toHaveLength(12);
    expect(completions.some((row) => row.worker === victim)).toBe(false);
    // The killed worker's job: started twice (once by the victim), finished by another worker after pg-boss's retry.
    expect(retried).toHaveLength(1);
    expect(retried[0]?.worker).not.toBe(victim);
    // Three schedulers dispatched the same due times: one pg-boss job each.
    expect(queued).toHaveLength(12);
    expect(new Set(queued.map((row) => row.singleton_key)).size).toBe(12);
    expect(queued.every((row) => row.state === 'completed')).toBe(true);
    expect(queued.filter((row) => row.retry_count === 1)).toHaveLength(1);
    const status = await runGolive(['inspect', 'status'], dir, db.env);
    expect(status.output).toContain('inspections: 12/12 done');
  }, 240_000);

  it('two schedulers sending the same due time make one pg-boss job and one execution; a late repeat of a finished due time is acknowledged and skipped', async () => {
    const { db, dir } = await scheduled('boss-dedup', 'every 1h', '1h');
    const store = await openLaunchStore({ planDir: dir, env: db.env });
    const connection = bossConnection(db.env.DATABASE_URL ?? '');
    const schedulers = [new PgBoss({ ...connection, max: 1, supervise: false, schedule: false }), new PgBoss({ ...connection, max: 1, supervise: false, schedule: false })];
    try {
      for (const boss of schedulers) {
        await boss.start();
        await boss.createQueue('inspection');
      }
      const clock = clockFromEnv(db.env);
      const first = await dispatchDueJobs({ store, clock, types: jobTypes }, schedulers[0] as PgBoss, 60);
      // The second scheduler read the row before the first one marked it dispatched.
      await db.query('update $schema.jobs set dispatched_at = null');
      const second = await dispatchDueJobs({ store, clock, types: jobTypes }, schedulers[1] as PgBoss, 60);
      expect([first, second]).toEqual([1, 1]);
      expect(await db.query("select id from $schema_boss.job where name = 'inspection'")).toHaveLength(1);

      const run = await worker(dir, db.env, 'w1', '--exit-when-idle').done;
      expect(run).toBe(0);
      expect(target.answered).toBe(1);

      // Much later the same due time is delivered again (pg-boss archived the first job, a scheduler repeated it).
      await db.query("delete from $schema_boss.job where name = 'inspection'");
      const [job] = await store.jobs({ queue: 'inspection' });
      await (schedulers[0] as PgBoss).insert([queuedJobInsert(job as NonNullable<typeof job>, jobTypes[0], 60)]);
      const repeat = worker(dir, db.env, 'w2', '--exit-when-idle');
      expect(await repeat.done, repeat.output()).toBe(0);
      expect(repeat.output()).toContain('finished already (a repeated delivery), skipped');
      expect(target.answered).toBe(1);
      expect(await db.query('select job_id from $schema.job_completions')).toHaveLength(1);
      expect(await db.query("select id from $schema_boss.job where name = 'inspection' and state = 'completed'")).toHaveLength(1);
    } finally {
      for (const boss of schedulers) await boss.stop({ graceful: false });
      await store.close();
    }
  }, 180_000);

  /** pg-boss's tables for this store (one pg-boss start makes them) with the queue, and a bare pg-boss to send with. */
  async function bossOf(env: NodeJS.ProcessEnv): Promise<PgBoss> {
    const boss = new PgBoss({ ...bossConnection(env.DATABASE_URL ?? ''), max: 1, supervise: false, schedule: false });
    await boss.start();
    if (!(await boss.getQueue('inspection'))) await boss.createQueue('inspection');
    return boss;
  }

  /**
   * Every row inserted into pg-boss's job table — even one its ON CONFLICT then drops — is logged in `boss_inserts`,
   * after waiting for a shared hold of the advisory lock `key` (the test holds it to stop schedulers mid-insert).
   */
  async function logBossInserts(db: ReturnType<typeof freshSchema>, key: number): Promise<void> {
    await db.query(`create table $schema.boss_inserts (id uuid not null);
      create function $schema.boss_insert_seen() returns trigger language plpgsql as $fn$
      begin
        perform pg_advisory_xact_lock_shared(${key});
        insert into $schema.boss_inserts values (new.id);
        return new;
      end $fn$;
      create trigger boss_insert_seen before insert on $schema_boss.job for each row execute function $schema.boss_insert_seen();`);
  }

  const insertsWaiting = async (db: ReturnType<typeof freshSchema>, key: number) =>
    Number((await db.query<{ n: string }>(`select count(*) as n from pg_locks where locktype = 'advisory' and objid = ${key} and not granted`))[0]?.n ?? 0);

  it('schedulers ticking at the same time: the one sending the due rows holds them, the others skip them; each due row goes to pg-boss once', async () => {
    const { db, dir } = await scheduled('boss-race', 'every 10m', '2h', ['--from', new Date(Date.now() - 3 * 3_600_000).toISOString()]);
    const store = await openLaunchStore({ planDir: dir, env: db.env });
    const schedulers = [await bossOf(db.env), await bossOf(db.env), await bossOf(db.env)];
    const key = 1 + Math.floor(Math.random() * 2 ** 30);
    const lock = new pg.Client({ connectionString: postgresBaseUrl });
    await lock.connect();
    const dispatch = (boss: PgBoss | undefined) => dispatchDueJobs({ store, clock: clockFromEnv(db.env), types: jobTypes }, boss as PgBoss, 60);
    try {
      await logBossInserts(db, key);
      await lock.query(`select pg_advisory_lock(${key})`);

      // The first scheduler is stopped in the middle of its insert, holding the 12 due rows.
      const first = dispatch(schedulers[0]);
      await expect.poll(() => insertsWaiting(db, key), { timeout: 30_000, interval: 100 }).toBe(1);
      // Two more tick meanwhile: they return having sent nothing — or they block in the insert as well (sent the same rows).
      let decided = false;
      const others = Promise.all([dispatch(schedulers[1]), dispatch(schedulers[2])]);
      const blocked = (async () => {
        while (!decided) {
          if ((await insertsWaiting(db, key)) > 1) return { blocked: true };
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return { blocked: false };
      })();
      const raced = await Promise.race([others.then((sent) => ({ sent })), blocked]);
      decided = true;
      await lock.query(`select pg_advisory_unlock(${key})`);
      const sent = await first;
      await others;
      const inserts = await db.query<{ id: string; n: number }>('select id, count(*)::int as n from $schema.boss_inserts group by id');

      expect(raced).toEqual({ sent: [0, 0] });
      expect(sent).toBe(12);
      expect(inserts).toHaveLength(12);
      expect(inserts.every((row) => row.n === 1)).toBe(true);
      expect(await db.query("select id from $schema.jobs where dispatched_at is null")).toHaveLength(0);
    } finally {
      await lock.end();
      for (const boss of schedulers) await boss.stop({ graceful: false });
      await store.close();
    }
  }, 120_000);

  it('three workers scheduling at once: every due row is sent to pg-boss once, and executed and completed once', async () => {
    const { db, dir } = await scheduled('boss-three-schedulers', 'every 10m', '2h', ['--from', new Date(Date.now() - 3 * 3_600_000).toISOString()]);
    await (await bossOf(db.env)).stop({ graceful: false });
    await logBossInserts(db, 1 + Math.floor(Math.random() * 2 ** 30));

    const workers = ['w1', 'w2', 'w3'].map((name) => worker(dir, db.env, name, '--exit-when-idle', '--concurrency', '2'));
    const codes = await Promise.all(workers.map((candidate) => candidate.done));
    const inserts = await db.query<{ id: string; n: number }>('select id, count(*)::int as n from $schema.boss_inserts group by id');
    const completions = await db.query<{ job_id: string }>('select job_id from $schema.job_completions');

    expect(codes, workers.map((candidate) => candidate.output()).join('\n---\n')).toEqual([0, 0, 0]);
    expect(inserts).toHaveLength(12);
    expect(inserts.every((row) => row.n === 1)).toBe(true);
    expect(target.answered).toBe(12);
    expect(new Set(completions.map((row) => row.job_id)).size).toBe(12);
    expect(completions).toHaveLength(12);
  }, 180_000);

  it('SIGTERM while a job outlives its lease: the draining worker stops extending it, gives it up at the lease and says so; another worker does it once', async () => {
    const { db, dir } = await scheduled('boss-drain-lease', 'every 10m', '1h');
    const held = target.holdNext();
    // A lease of 1h of plan time: 5 s of wall time at this clock.
    const draining = worker(dir, db.env, 'w1', '--lease', '1h');
    const first = await held;
    draining.process.kill('SIGTERM');
    const code = await draining.done;
    first.release();
    const next = worker(dir, db.env, 'w2', '--exit-when-idle');
    const nextCode = await next.done;

    const jobs = await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at');
    const completions = await db.query<{ job_id: string; worker: string }>('select job_id, worker from $schema.job_completions');
    expect(code, draining.output()).toBe(0);
    expect(draining.output()).toMatch(/was not finished here; pg-boss retries it: its lease ran out before it finished/);
    expect(draining.output()).not.toMatch(/\n\s+at /);
    expect(nextCode, next.output()).toBe(0);
    expect(jobs.every((job) => job.status === 'done')).toBe(true);
    // The job w1 held: one of those due at once (pg-boss hands out jobs created together in no fixed order).
    const retried = jobs.filter((job) => job.attempts === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ worker: 'w2' });
    expect(jobs.filter((job) => job.attempts !== 2).every((job) => job.attempts === 1)).toBe(true);
    expect(completions).toHaveLength(jobs.length);
    expect(completions.every((row) => row.worker === 'w2')).toBe(true);
  }, 120_000);

  it('SIGTERM stops a worker gracefully: the job in hand finishes and is recorded, no other job is started', async () => {
    const { db, dir } = await scheduled('boss-graceful', 'every 10m', '1h');
    const held = target.holdNext();
    const running = worker(dir, db.env, 'w1');
    const { release } = await held;
    running.process.kill('SIGTERM');
    await expect.poll(() => running.output(), { timeout: 30_000 }).toContain('stopping: the jobs in hand finish first');
    release();
    const code = await running.done;

    const jobs = await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at');
    expect(code, running.output()).toBe(0);
    expect(running.output()).toContain('worker w1 stopped after 1 job(s)');
    expect(target.answered).toBe(1);
    expect(jobs.filter((job) => job.status === 'done').map((job) => job.worker)).toEqual(['w1']);
    expect(jobs.filter((job) => job.status === 'queued')).toHaveLength(5);
    expect(await db.query('select job_id from $schema.job_completions')).toHaveLength(1);
  }, 120_000);
});

describe('golive worker --queue', () => {
  it('refuses pg-boss on the SQLite store, saying why, in both languages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-boss-sqlite-'));
    try {
      writeFileSync(join(dir, 'golive.yaml'), inspectedPlan('boss-sqlite', 'http://127.0.0.1:9/healthz', 'every 1h', '1h'));
      const english = await runCli(['worker', '--queue', 'pg-boss'], { cwd: dir, env: { DATABASE_URL: '', GOLIVE_LANG: 'en' } });
      const chinese = await runCli(['worker', '--queue', 'pg-boss'], { cwd: dir, env: { DATABASE_URL: '', GOLIVE_LANG: 'zh' } });
      expect(english.code).toBe(2);
      expect(english.stderr).toContain('--queue pg-boss needs the PostgreSQL store');
      expect(english.stderr).not.toMatch(/\n\s+at /);
      expect(chinese.stderr).toContain('需要 PostgreSQL 存储');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
