import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ignore } from './ignore-lib.js';
import { GoliveError, exitCodes } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { BatchRequest, BatchResult, HeavyFile, WorkerSetup } from './batch.js';
import type { ScanConfig } from './config.js';
import { defaultScanConfig } from './defaults.js';
import { sharesPerWorker, takePrestarted, workerCount, WorkerPool } from './pool.js';
import { maskKnownValues, repeatsInTree, repeatsOf, type KnownSecret } from './repeats.js';
import { fileScanner, runBatch } from './run-batch.js';
import type { FileScanner } from './scan-file.js';
import type { RuleSetSpec } from './ruleset.js';
import type { CustomPattern, Finding, ScanOptions, ScanReport, SkippedFile } from './types.js';
import { gitView } from './git-view.js';
import { startOf, type DirTask, type WalkFile } from './walk.js';

export const defaultMaxFileBytes = 5 * 1024 * 1024;
/** Trees with fewer files than this are scanned on the calling thread: starting workers would cost more. */
const inlineLimit = 400;
/** Files per share handed to a worker: few enough that the threads finish close together, many enough to keep messages rare. */
const workerBudget = 256;
/** Files per share the calling thread takes between worker replies. */
const callerBudget = 64;
/** A share holds up to budget / dirsPerFile directories. */
const dirsPerFile = 4;
/** Heavy files (read and prefiltered by the calling thread, see scanFileLight) per worker share and per own share. */
const heavyPerWorkerShare = 256;
const heavyPerCallerShare = 16;
/** Fewer directories than this per taker waiting: workers take small shares, so that the rest comes back soon. */
const dirsPerTaker = 8;
/** A heavy file costs a worker about as much as this many files of a share it walks (listing, reading, prefilter). */
const heavyCost = 1;
/** Heavy files waiting beyond this many: the calling thread runs their rules itself before reading more. */
const heavyBacklog = 1024;

/**
 * Worker pools kept warm between scans, by setup (a check re-run, `--until-pass`, the secrets and files checks of one
 * plan). A pool in use by one scan is never stopped by another; idle pools of other setups make way for a new one.
 */
const pools = new Map<string, { pool: WorkerPool; users: number }>();

interface PoolLease {
  pool: WorkerPool;
  /** Hands the pool back; `broken` (the scan was aborted or failed) stops it unless another scan still uses it. */
  release(broken: boolean): void;
}

/**
 * The warm pool for this setup, else a prestarted one (`prestartWorkers`), else (with `start`) a new one; undefined
 * when there is none and `start` is false.
 */
function leasePool(workers: number, setup: WorkerSetup, start: boolean): PoolLease | undefined {
  const key = JSON.stringify([workers, setup]);
  let entry = pools.get(key);
  if (entry !== undefined && !entry.pool.usable) {
    pools.delete(key);
    entry = undefined;
  }
  if (entry === undefined) {
    const early = takePrestarted(workers);
    if (early === undefined && !start) return undefined;
    stopIdleScanWorkers();
    const pool = early ?? new WorkerPool(workers);
    pool.configure(setup);
    entry = { pool, users: 0 };
    pools.set(key, entry);
  }
  const held = entry;
  held.users++;
  return {
    pool: held.pool,
    release(broken) {
      held.users--;
      if (!broken || held.users > 0) return;
      void held.pool.close();
      if (pools.get(key) === held) pools.delete(key);
    },
  };
}

/**
 * Stops the warm pools no scan is using. A process that scans once (`golive scan`) calls it as soon as its scan is
 * done, so the workers wind down while it writes its report instead of at exit.
 */
export function stopIdleScanWorkers(): void {
  for (const [key, entry] of pools) {
    if (entry.users > 0) continue;
    void entry.pool.close();
    pools.delete(key);
  }
}

/** The validated configuration; zod (and the schema) load only when there is something to validate. */
async function parseConfig(input: ScanOptions['config']): Promise<ScanConfig> {
  if (input === undefined) return defaultScanConfig();
  const { scanConfigSchema } = await import('./config.js');
  const parsed = scanConfigSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new GoliveError('scan.config-invalid', bi(`Invalid scan configuration: ${detail}`, `扫描配置无效：${detail}`));
  }
  return parsed.data;
}

async function parsePatterns(patterns: readonly unknown[]): Promise<CustomPattern[]> {
  if (patterns.length === 0) return [];
  const { customPatternSchema } = await import('./config.js');
  return patterns.map((p, index) => {
    const parsed = customPatternSchema.safeParse(p);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => i.message).join('; ');
      throw new GoliveError('scan.pattern-invalid', bi(`Invalid pattern #${index + 1}: ${detail}`, `第 ${index + 1} 个自定义模式无效：${detail}`));
    }
    return parsed.data as CustomPattern;
  });
}

/** Walks a tree and scans every file in it, on worker threads when the tree is large enough. */
export async function scanTree(options: ScanOptions): Promise<ScanReport> {
  const started = performance.now();
  const config = await parseConfig(options.config);
  const root = path.resolve(options.root);
  try {
    await stat(root);
  } catch (cause) {
    throw new GoliveError('scan.root-missing', bi(`Path to scan does not exist: ${options.root}`, `要扫描的路径不存在：${options.root}`), {
      cause,
      exitCode: exitCodes.usage,
    });
  }
  const spec: RuleSetSpec = {
    group: options.rules ?? 'all',
    leftovers: config.leftovers,
    patterns: await parsePatterns([...config.forbidden, ...(options.patterns ?? [])]),
  };
  const maxFileBytes = options.maxFileBytes ?? config.maxFileBytes ?? defaultMaxFileBytes;
  const accepted = options.baseline === undefined ? undefined : await (await import('./baseline.js')).readBaseline(options.baseline, options.fingerprintKey);
  const workers = workerCount(options.workers);
  const setup: WorkerSetup = { spec, maxFileBytes, fingerprintKey: options.fingerprintKey, skipBuildOutput: !config.includeBuildOutput };
  let inline: FileScanner | undefined;
  const runInline = (request: BatchRequest, light = false): BatchResult => {
    inline ??= fileScanner(setup);
    return runBatch(request, inline, light);
  };

  const findings: Finding[] = [];
  const skipped: SkippedFile[] = [];
  const progress = { files: 0, bytes: 0 };
  // Work not yet handed out: whole directories (walked by whoever takes them) and files of a listing cut short.
  const pendingFiles: WalkFile[] = [];
  const pendingDirs: DirTask[] = [];
  // Files the calling thread read and prefiltered while workers run, whose rules are still to run (see scanFileLight).
  const pendingHeavy: HeavyFile[] = [];
  // The values of reported secrets and the files read as text, for the search for copies once the scan is done.
  const known: KnownSecret[] = [];
  const texts: string[] = [];
  const collect = (result: BatchResult): void => {
    if (result.heavy !== undefined) pendingHeavy.push(...result.heavy);
    if (result.known !== undefined) known.push(...result.known);
    if (result.texts !== undefined) texts.push(...result.texts);
    findings.push(...result.findings);
    skipped.push(...result.skipped);
    progress.files += result.files;
    progress.bytes += result.bytes;
    pendingFiles.push(...result.pending.files);
    pendingDirs.push(...result.pending.dirs);
    options.onProgress?.({ ...progress });
  };
  let nextId = 0;
  /** Shares that can be out at once: each worker's plus the calling thread's own. */
  const takers = workers * sharesPerWorker + 1;
  /**
   * The next share: cut-short files first, then directories (their subtrees are walked by the taker, which hands back
   * what its budget did not reach). Several directories per share: in a deep tree of small directories (the benchmark
   * corpus has 2.5 files per directory) one directory is often a share of a few files, and a worker spent a fifth of a
   * scan waiting for the calling thread to answer such shares.
   */
  const nextRequest = (budget: number, worker = false): BatchRequest | undefined => {
    const files = pendingFiles.splice(0, budget);
    // At most an equal part of the directories waiting, so one share never takes what another thread could be walking;
    // a worker's part is rounded down, so the calling thread, which answers the workers only between its own shares,
    // is not left waiting for a share that took the last directories (a worker's first shares run cold and slow).
    const part = (worker ? Math.floor : Math.ceil)(pendingDirs.length / takers);
    const dirs = files.length < budget ? pendingDirs.splice(0, Math.min(Math.ceil(budget / dirsPerFile), part)) : [];
    return files.length === 0 && dirs.length === 0 ? undefined : { id: nextId++, files, dirs, budget };
  };
  const heavyRequest = (count: number): BatchRequest => ({ id: nextId++, files: [], dirs: [], budget: 0, heavy: pendingHeavy.splice(0, count) });
  /**
   * A worker's next share: the calling thread's heavy files waiting (all of them, up to a limit), plus a share of the
   * tree to walk, smaller by about the time the heavy files take.
   */
  const nextWorkerRequest = (): BatchRequest | undefined => {
    const heavy = pendingHeavy.splice(0, heavyPerWorkerShare);
    // While few directories wait, small shares: a share hands back the directories it did not reach only when it ends,
    // and until then the other threads may have nothing left to walk.
    const budget = (pendingDirs.length < takers * dirsPerTaker ? callerBudget : workerBudget) - heavy.length * heavyCost;
    const request = budget > 0 ? nextRequest(budget, true) : undefined;
    if (heavy.length === 0) return request;
    return request === undefined ? { id: nextId++, files: [], dirs: [], budget: 0, heavy } : { ...request, heavy };
  };

  // Build output (dist/, unpackage/, minified bundles) repeats the source it was built from, minified beyond reading.
  const start = startOf(root, config.ignore, !config.includeBuildOutput, await gitView(root, config.gitignore));
  if ('file' in start) pendingFiles.push(start.file);
  else pendingDirs.push(start.dir);
  let lease: PoolLease | undefined;
  let completed = false;
  // Set when this scan is over: replies still arriving from a shared pool are dropped, not fed more work.
  let over = false;
  let wake: (() => void) | undefined;
  const onAbort = (): void => wake?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Small trees are done here before a worker could have started (unless an earlier scan left warm ones, or the caller
    // prestarted them); a larger one leaves work pending.
    lease = workers > 0 ? leasePool(workers, setup, false) : undefined;
    if (lease === undefined) collect(runInline(nextRequest(inlineLimit) as BatchRequest));
    if (lease === undefined && workers > 0 && (pendingFiles.length > 0 || pendingDirs.length > 0)) lease = leasePool(workers, setup, true);
    const pool = lease?.pool;
    // The calling thread keeps taking small shares while the workers take larger ones, so the scan is never slower
    // than inline while workers start (or when the machine has fewer free cores than it reports).
    let inFlight = 0;
    let failure: { error: unknown } | undefined;
    const feed = (running: WorkerPool): void => {
      for (let request = inFlight < running.capacity ? nextWorkerRequest() : undefined; request !== undefined; request = inFlight < running.capacity ? nextWorkerRequest() : undefined) {
        inFlight++;
        running.run(request).then(
          (result) => {
            inFlight--;
            if (over) return;
            collect(result);
            feed(running);
            wake?.();
          },
          (error: unknown) => {
            inFlight--;
            failure ??= { error };
            wake?.();
          },
        );
      }
    };
    for (;;) {
      options.signal?.throwIfAborted();
      if (failure !== undefined) throw failure.error;
      // Not before this thread's first share: the tree starts as one directory, and a worker taking it would leave this
      // thread waiting until its share comes back with the rest.
      if (pool !== undefined && nextId > 0) feed(pool);
      // With workers, this thread reads and prefilters (light shares) and leaves the rules to them; it runs them itself
      // only when too many heavy files wait (their bytes are held in memory), or when no worker is left to take them.
      const heavyHere = pendingHeavy.length > heavyBacklog || (pendingHeavy.length > 0 && pool?.usable !== true);
      let request = heavyHere ? heavyRequest(heavyPerCallerShare) : nextRequest(callerBudget);
      // Nothing left to read and no share out: the heavy files waiting are this thread's (a worker still starting takes none).
      if (request === undefined && inFlight === 0 && pendingHeavy.length > 0) request = heavyRequest(heavyPerCallerShare);
      if (request !== undefined) {
        collect(runInline(request, pool !== undefined));
        // Lets worker replies in between shares.
        if (pool !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (inFlight === 0) break;
      pool?.hungry(true);
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
      pool?.hungry(false);
    }
    completed = true;
  } finally {
    over = true;
    lease?.pool.hungry(false);
    options.signal?.removeEventListener('abort', onAbort);
    // A pool that finished its work stays for the next scan; one left mid-way (abort, failure) is stopped.
    lease?.release(!completed);
  }

  const allowed = config.allow.map((a) => ({
    rules: a.rules === undefined ? undefined : new Set(a.rules),
    paths: a.paths === undefined ? undefined : ignore({ allowRelativePaths: true }).add(a.paths),
  }));
  const isAllowed = (f: { rule: string; file: string }): boolean =>
    allowed.some((a) => (a.rules === undefined || a.rules.has(f.rule)) && (a.paths === undefined || a.paths.ignores(f.file)));
  // A value the configuration accepts where it was found is not looked for elsewhere.
  const repeats = repeatsOf(known.filter((k) => !isAllowed(k)));
  if (repeats !== undefined) {
    findings.push(...repeatsInTree(root, texts, repeats, findings, { maxBytes: maxFileBytes, key: options.fingerprintKey, skipBuildOutput: !config.includeBuildOutput }));
    maskKnownValues(findings, repeats);
  }
  let baselined = 0;
  const kept = findings.filter((f) => {
    if (isAllowed(f)) return false;
    if (accepted?.has(f.fingerprint) === true) {
      baselined++;
      return false;
    }
    return true;
  });
  kept.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    findings: kept,
    skipped,
    stats: { files: progress.files, bytes: progress.bytes, skipped: skipped.length, durationMs: Math.round(performance.now() - started) },
    baselined,
  };
}
