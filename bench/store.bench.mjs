// Store at scale: 1,000,000 stored item results (10,000 runs × 100 items, each also in history).
// Target (issue 5): `run status` and `history` under 50 ms on SQLite and on PostgreSQL, shown side by side
// with baselines measured in the same process: `select 1` (a round trip) and `select count(*)` over the results.
// Needs `npx tsc -p tsconfig.build.json` first (imports dist/). PostgreSQL: 127.0.0.1:5432 (or BENCH_PG_URL);
// skipped with a notice when down, required under CI=true. Data goes to a temp folder / a throwaway schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openLaunchStore: openStore } = await import(join(repo, 'dist', 'service', 'store.js'));
const { loadRunFacts } = await import(join(repo, 'dist', 'service', 'run-facts.js'));
const { computeScore, evaluateGate } = await import(join(repo, 'dist', 'readiness', 'index.js'));
const { sql } = await import('kysely');
const pg = (await import('pg')).default;

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const ITEMS = 100;
const LIMIT_MS = 50;
const ITERATIONS = 30;
const pgBase = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const plan = {
  name: 'bench-launch',
  roles: [{ id: 'qa', signoff: true }, { id: 'tech-lead', signoff: true }],
  categories: ['frontend', 'backend', 'database', 'security', 'ops'].map((id) => ({ id, weight: 1 })),
  items: Array.from({ length: ITEMS }, (_, i) => ({
    id: `item-${String(i + 1).padStart(3, '0')}`,
    title: `Item ${i + 1}`,
    category: ['frontend', 'backend', 'database', 'security', 'ops'][i % 5],
    priority: ['blocker', 'high', 'medium', 'low'][i % 4],
  })),
};

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (up) => (socket.destroy(), resolve(up));
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Bulk-generates RUNS-1 older runs with ITEMS results each (and their history) in one transaction, server-side. */
async function generate(store, db, kind, snapshotId) {
  const series = kind === 'sqlite'
    ? (n) => sql.raw(`with recursive s(n) as (select 1 union all select n + 1 from s where n < ${n}) select n from s`)
    : (n) => sql.raw(`select generate_series(1, ${n}) as n`);
  const runId = kind === 'sqlite' ? `'b-' || printf('%06d', r.n)` : `'b-' || lpad(r.n::text, 6, '0')`;
  const itemId = kind === 'sqlite' ? `'item-' || printf('%03d', i.n)` : `'item-' || lpad(i.n::text, 3, '0')`;
  const createdAt = kind === 'sqlite' ? `strftime('%Y-%m-%dT%H:%M:%fZ', '2020-01-01', '+' || r.n || ' hours')` : `to_char(timestamp '2020-01-01' + r.n * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const summary = JSON.stringify({ score: 8.4, gatePassed: false, reasons: [{ code: 'signoff.missing', subject: 'qa', en: 'Sign-off missing: qa', zh: '缺少签字确认：qa' }], counts: { pass: 95, fail: 5, warn: 0, skip: 0, error: 0, pending: 0 }, computedAt: '2020-01-01T00:00:00.000Z' }).replaceAll("'", "''");
  const status = `case when (r.n * 7 + i.n) % 23 = 0 then 'fail' when (r.n + i.n) % 41 = 0 then 'warn' else 'pass' end`;
  const evidence = `'{"observed":{"status":200},"target":"GET https://api.example.cn/healthz/' || i.n || '"}'`;
  const runs = RUNS - 1;
  await db.transaction().execute(async (trx) => {
    await sql`insert into runs (id, plan_name, plan_path, environment, release, status, created_at, created_by, closed_at, snapshot_id, summary_json)
      select ${sql.raw(runId)}, ${plan.name}, null, 'production', 'v1.' || r.n, 'closed', ${sql.raw(createdAt)}, 'bench', null, ${snapshotId}, ${summary}
      from (${series(runs)}) r`.execute(trx);
    for (const table of ['results', 'result_history']) {
      await sql`insert into ${sql.table(table)} (run_id, item_id, status, evidence_json, duration_ms, attempts_json, started_at, finished_at, source, recorded_by, note, evidence_ref, version, recorded_at)
        select ${sql.raw(runId)}, ${sql.raw(itemId)}, ${sql.raw(status)}, ${sql.raw(evidence)}, 42, '[]', ${sql.raw(createdAt)}, ${sql.raw(createdAt)}, 'check', null, null, null, 1, ${sql.raw(createdAt)}
        from (${series(runs)}) r cross join (${series(ITEMS)}) i`.execute(trx);
    }
  });
  await sql.raw('analyze').execute(db);
}

async function measure(fn) {
  for (let i = 0; i < 3; i += 1) await fn();
  const times = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.ceil(times.length * 0.95) - 1] };
}

async function benchStore(kind, env, planDir) {
  const store = await openStore({ planDir, env });
  // The store's own Kysely, for generation and baselines (the same connection the queries use).
  const { openSqliteBackend, openPostgresBackend } = await import(join(repo, 'dist', 'store', 'index.js'));
  const backend = kind === 'sqlite' ? await openSqliteBackend({ planDir }) : await openPostgresBackend(env.DATABASE_URL, { planDir });
  const db = backend.db;

  const genStart = performance.now();
  const seedRun = await store.createRun({ plan, source: '', planPath: null, environment: 'production', release: 'v0', createdBy: 'bench', now: new Date('2019-12-31T00:00:00Z') });
  await generate(store, db, kind, seedRun.snapshotId);
  // The newest run is recorded through the store API, as `run start` does.
  const latest = await store.createRun({ plan, source: '', planPath: null, environment: 'production', release: 'v2.0.0', createdBy: 'bench' });
  for (const [i, item] of plan.items.entries()) {
    const at = new Date().toISOString();
    await store.recordResult(latest.id, { result: { itemId: item.id, status: i % 17 === 0 ? 'fail' : 'pass', evidence: { target: `GET /x/${i}` }, durationMs: 5, attempts: [], startedAt: at, finishedAt: at }, source: 'check' }, 'bench');
  }
  await store.addSignoff(latest.id, { role: 'qa', by: 'bench' });
  const { count } = (await sql`select count(*) as count from results`.execute(db)).rows[0];
  const generatedS = (performance.now() - genStart) / 1000;

  const runStatus = async () => {
    const run = await store.getRun(latest.id);
    const facts = await loadRunFacts(store, run);
    const score = computeScore(run.plan, facts.results, facts.waivers, facts.now);
    return evaluateGate(run.plan, facts.results, facts.waivers, facts.signoffs, score, facts.now);
  };
  const oldRunStatus = async () => {
    const run = await store.getRun(`b-${String(Math.floor(RUNS / 2)).padStart(6, '0')}`);
    const facts = await loadRunFacts(store, run);
    return computeScore(run.plan, facts.results, facts.waivers, facts.now);
  };
  const history = async () => Promise.all([store.listRuns({ planName: plan.name, limit: 20 }), store.failureStats(plan.name, { lastRuns: 5 })]);

  const rows = [
    ['baseline: select 1', await measure(() => sql`select 1`.execute(db)), false],
    ['baseline: select count(*) from results', await measure(() => sql`select count(*) from results`.execute(db)), false],
    ['run status (latest run, score + gate)', await measure(runStatus), true],
    ['run status (a run from the middle)', await measure(oldRunStatus), true],
    ['history (20 runs + common misses of 5)', await measure(history), true],
  ];
  const resultCount = Number(count);
  await backend.destroy();
  await store.close();
  return { kind, resultCount, generatedS, rows };
}

const results = [];
const sqliteDir = mkdtempSync(join(tmpdir(), 'golive-bench-'));
try {
  results.push(await benchStore('sqlite', { DATABASE_URL: '' }, sqliteDir));
} finally {
  if (!process.env.BENCH_KEEP) rmSync(sqliteDir, { recursive: true, force: true }); else console.log(`kept ${sqliteDir}`);
}

const pgUrl = new URL(pgBase);
if (await reachable(pgUrl.hostname, Number(pgUrl.port || 5432))) {
  const schema = `golive_bench_${process.pid}`;
  const url = `${pgBase}${pgBase.includes('?') ? '&' : '?'}schema=${schema}`;
  try {
    results.push(await benchStore('postgres', { DATABASE_URL: url }, tmpdir()));
  } finally {
    if (process.env.BENCH_KEEP) {
      console.log(`kept schema ${schema}`);
    } else {
      const client = new pg.Client({ connectionString: pgBase });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
} else if (process.env.CI === 'true') {
  throw new Error(`PostgreSQL at ${pgUrl.host} is not reachable, and CI=true requires it`);
} else {
  console.log(`\n!!! PostgreSQL at ${pgUrl.host} is not reachable: its half of the benchmark is SKIPPED.\n`);
}

let failed = false;
const pad = (text, width) => String(text).padEnd(width);
const names = results[0].rows.map(([name]) => name);
console.log(`\nstore benchmark: ${RUNS.toLocaleString('en')} runs × ${ITEMS} items; median / p95 of ${ITERATIONS} iterations; target < ${LIMIT_MS} ms (p95)\n`);
console.log(pad('', 42) + results.map((r) => pad(`${r.kind} (${r.resultCount.toLocaleString('en')} results, generated in ${r.generatedS.toFixed(1)} s)`, 52)).join(''));
for (const [index, name] of names.entries()) {
  const cells = results.map((r) => {
    const [, { median, p95 }, gated] = r.rows[index];
    const over = gated && p95 >= LIMIT_MS;
    if (over) failed = true;
    return pad(`${median.toFixed(2)} / ${p95.toFixed(2)} ms${gated ? (over ? '  ✖ over target' : '  ✔') : ''}`, 52);
  });
  console.log(pad(name, 42) + cells.join(''));
}
process.exitCode = failed ? 1 : 0;
