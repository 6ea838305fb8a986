import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ignore from 'ignore';
import { GoliveError, exitCodes } from '../errors.js';
import { bi } from '../i18n/text.js';
import { readBaseline } from './baseline.js';
import type { BatchRequest, BatchResult, WorkerSetup } from './batch.js';
import { customPatternSchema, scanConfigSchema, type ScanConfig } from './config.js';
import { WorkerPool } from './pool.js';
import { runBatch } from './run-batch.js';
import { RuleSet, type RuleSetSpec } from './ruleset.js';
import type { CustomPattern, Finding, ScanOptions, ScanReport, SkippedFile } from './types.js';
import { walk, type WalkFile } from './walk.js';

export const defaultMaxFileBytes = 5 * 1024 * 1024;
const batchSize = 48;
/** Trees with fewer files than this are scanned on the calling thread: starting workers would cost more. */
const inlineLimit = 400;

function parseConfig(input: ScanOptions['config']): ScanConfig {
  const parsed = scanConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new GoliveError('scan.config-invalid', bi(`Invalid scan configuration: ${detail}`, `扫描配置无效：${detail}`));
  }
  return parsed.data;
}

function parsePatterns(patterns: readonly unknown[]): CustomPattern[] {
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
  const config = parseConfig(options.config);
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
    patterns: parsePatterns([...config.forbidden, ...(options.patterns ?? [])]),
  };
  const maxFileBytes = options.maxFileBytes ?? config.maxFileBytes ?? defaultMaxFileBytes;
  const accepted = options.baseline === undefined ? undefined : await readBaseline(options.baseline);
  const workers = Math.max(0, Math.floor(options.workers ?? availableParallelism()));
  const setup: WorkerSetup = { spec, maxFileBytes };
  const reportsSecrets = spec.group !== 'leftovers';
  let inlineRules: RuleSet | undefined;
  const runInline = (request: BatchRequest): BatchResult => {
    inlineRules ??= new RuleSet(spec);
    return runBatch(request, inlineRules, maxFileBytes, reportsSecrets);
  };

  const findings: Finding[] = [];
  const skipped: SkippedFile[] = [];
  const progress = { files: 0, bytes: 0 };
  const collect = (result: BatchResult): void => {
    findings.push(...result.findings);
    skipped.push(...result.skipped);
    progress.files += result.files;
    progress.bytes += result.bytes;
    options.onProgress?.({ ...progress });
  };

  let pool: WorkerPool | undefined;
  const running: Promise<void>[] = [];
  const held: BatchRequest[] = [];
  let walked = 0;
  let nextId = 0;
  let batch: WalkFile[] = [];
  const dispatch = (request: BatchRequest): void => {
    if (pool === undefined) {
      held.push(request);
      if (walked > inlineLimit && workers > 1) {
        pool = new WorkerPool(workers, setup);
        for (const h of held.splice(0)) running.push(pool.run(h).then(collect));
      }
      return;
    }
    running.push(pool.run(request).then(collect));
  };
  const onAbort = (): void => void pool?.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (const entry of walk(root, config.ignore, options.signal)) {
      if (entry.kind === 'skipped') {
        skipped.push(entry.skipped);
        continue;
      }
      walked++;
      batch.push(entry.file);
      if (batch.length >= batchSize) {
        dispatch({ id: nextId++, files: batch });
        batch = [];
        // The walk is synchronous: without a turn of the event loop, workers would get one batch each
        // and then wait for the whole tree to be walked before their replies (and next batches) flow.
        if (pool !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length > 0) dispatch({ id: nextId++, files: batch });
    for (const h of held.splice(0)) {
      options.signal?.throwIfAborted();
      collect(runInline(h));
    }
    await Promise.all(running);
    options.signal?.throwIfAborted();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await (pool as WorkerPool | undefined)?.close();
  }

  const allowed = config.allow.map((a) => ({
    rules: a.rules === undefined ? undefined : new Set(a.rules),
    paths: a.paths === undefined ? undefined : ignore({ allowRelativePaths: true }).add(a.paths),
  }));
  let baselined = 0;
  const kept = findings.filter((f) => {
    if (allowed.some((a) => (a.rules === undefined || a.rules.has(f.rule)) && (a.paths === undefined || a.paths.ignores(f.file)))) return false;
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
