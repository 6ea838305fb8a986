import { setTimeout as sleep } from 'node:timers/promises';
import { evaluateCondition, parseCondition } from '../expect/index.js';
import { bi, type Bilingual } from '../core/text.js';
import { durationMs } from '../core/fields.js';
import type { BaseCheck } from '../checks/base.js';
import { ProbeError, type CheckKind, type Logger, type Observation } from '../checks/check-kind.js';
import type { SecretSet } from '../redaction/secret-set.js';
import type { AttemptRecord, ConditionRecord, Evidence, ResultStatus } from '../core/result.js';

/** What the runtime wrapper needs besides the check itself. */
export interface RunCheckOptions {
  readonly planDir: string;
  readonly variables: Readonly<Record<string, string>>;
  /** The run's secrets: grows with what the probe reports or shows, and redacts evidence before it leaves the wrapper. */
  readonly secrets: SecretSet;
  /** Aborts every attempt (Ctrl-C, `--timeout` of the whole run). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** The outcome of a check after all its attempts. */
export interface CheckOutcome {
  readonly status: Exclude<ResultStatus, 'skip' | 'pending'>;
  readonly evidence: Evidence;
  readonly durationMs: number;
  readonly attempts: readonly AttemptRecord[];
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

interface AttemptOutcome {
  status: CheckOutcome['status'];
  evidence: Evidence;
}

// Plans repeat the same conditions across items and attempts; a parsed condition is immutable, so parse each once.
const parsedConditions = new Map<string, ReturnType<typeof parseCondition>>();

function parseOnce(source: string): ReturnType<typeof parseCondition> {
  let parsed = parsedConditions.get(source);
  if (!parsed) {
    parsed = parseCondition(source);
    if (parsedConditions.size >= 10_000) parsedConditions.clear();
    parsedConditions.set(source, parsed);
  }
  return parsed;
}

function parseAll(sources: readonly string[], warnOnly: boolean) {
  return sources.map((source) => ({ parsed: parseOnce(source), warnOnly }));
}

function judge(observation: Observation, conditions: ReturnType<typeof parseAll>): { status: AttemptOutcome['status']; records: ConditionRecord[] } {
  // A target that is plainly down fails for that reason; listing every condition as "not present" would bury it.
  if (observation.failure) return { status: 'fail', records: [] };
  const records: ConditionRecord[] = [];
  let failed = false;
  let warned = false;
  for (const { parsed, warnOnly } of conditions) {
    if (!parsed.ok) {
      records.push({ condition: parsed.error.source, passed: false, ...(warnOnly ? { warnOnly } : {}), message: parsed.error.message });
      failed = true;
      continue;
    }
    const outcome = evaluateCondition(parsed.condition, observation.facts);
    records.push({ condition: outcome.condition, passed: outcome.passed, ...(warnOnly ? { warnOnly } : {}), message: outcome.message });
    if (!outcome.passed) {
      if (warnOnly) warned = true;
      else failed = true;
    }
  }
  if (failed) return { status: 'fail', records };
  return { status: warned ? 'warn' : 'pass', records };
}

/** Grace a probe gets after its signal fired before the wrapper stops waiting for it. */
const abortGraceMs = 250;

/**
 * Rejects shortly after the signal fires, so a probe that ignores its signal still cannot hang a run.
 * `stop` clears the timer once the attempt has settled.
 */
function deadline(signal: AbortSignal): { promise: Promise<never>; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    const arm = () => {
      timer = setTimeout(() => reject(new Error('probe ignored its abort signal')), abortGraceMs);
    };
    if (signal.aborted) arm();
    else signal.addEventListener('abort', arm, { once: true });
  });
  return { promise, stop: () => clearTimeout(timer) };
}

function reasonOf(error: unknown, timeoutMs: number, signal: AbortSignal): Bilingual {
  if (error instanceof ProbeError && !signal.aborted) return error.text;
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
    return bi(`timed out after ${timeoutMs}ms`, `超时（${timeoutMs} 毫秒）`);
  }
  if (signal.aborted) return bi('cancelled', '已取消');
  const text = error instanceof Error ? error.message : String(error);
  return bi(`check could not run: ${text}`, `检查无法执行：${text}`);
}

async function attemptOnce<Spec extends BaseCheck>(
  kind: CheckKind<Spec>,
  spec: Spec,
  conditions: ReturnType<typeof parseAll>,
  timeoutMs: number,
  options: RunCheckOptions,
): Promise<AttemptOutcome> {
  // One controller per attempt, aborted by the timeout or by the caller's signal (cheaper than AbortSignal.any).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs}ms`, 'TimeoutError')), timeoutMs);
  const forward = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  else options.signal?.addEventListener('abort', forward, { once: true });
  const signal = controller.signal;
  const hardStop = deadline(signal);
  try {
    const observation = await Promise.race([
      kind.probe(spec, { signal, planDir: options.planDir, variables: options.variables, logger: options.logger ?? silentLogger }),
      hardStop.promise,
    ]);
    // Before anything is judged or kept: what the probe said is secret, and what it shows under a credential's name.
    options.secrets.add(observation.secrets ?? []);
    options.secrets.discover(observation.facts);
    options.secrets.discover(observation.evidence);
    const { status, records } = judge(observation, conditions);
    return {
      status,
      evidence: { observed: observation.evidence, conditions: records, ...(observation.failure ? { reason: observation.failure } : {}) },
    };
  } catch (error) {
    return { status: 'error', evidence: { reason: reasonOf(error, timeoutMs, signal) } };
  } finally {
    hardStop.stop();
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

/**
 * Runs one check with its timeout and retries, evaluates its conditions, adds the secrets it saw to the run's set
 * and redacts what it saw.
 * Every kind goes through here, so no kind writes its own timeout, retry or redaction.
 */
export async function runCheck<Spec extends BaseCheck>(kind: CheckKind<Spec>, spec: Spec, options: RunCheckOptions): Promise<CheckOutcome> {
  const conditions = [...parseAll(spec.expect ?? kind.defaultExpect, false), ...parseAll(spec.warn ?? [], true)];
  const timeoutMs = spec.timeout === undefined ? kind.defaultTimeoutMs : durationMs(spec.timeout);
  const retryDelayMs = spec.retryDelay === undefined ? 1000 : durationMs(spec.retryDelay);
  const maxAttempts = 1 + (spec.retries ?? 0);
  const attempts: AttemptRecord[] = [];
  const started = performance.now();
  let last: AttemptOutcome = { status: 'error', evidence: {} };

  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const attemptStarted = performance.now();
    last = await attemptOnce(kind, spec, conditions, timeoutMs, options);
    const reason = last.evidence.reason ?? last.evidence.conditions?.find((record) => !record.passed)?.message;
    attempts.push({ status: last.status, durationMs: Math.round(performance.now() - attemptStarted), ...(reason ? { reason } : {}) });
    if (last.status === 'pass' || last.status === 'warn' || options.signal?.aborted) break;
    if (attempt < maxAttempts) await sleep(retryDelayMs, undefined, { signal: options.signal }).catch(() => undefined);
  }

  const evidence: Evidence = { target: kind.describe(spec), ...last.evidence };
  // Reasons and the target label are words of the check too (a DSN with its password, an error quoting a line).
  options.secrets.discover([evidence.target, evidence.reason, attempts.map((attempt) => attempt.reason)]);
  return {
    status: last.status,
    evidence: options.secrets.redact(evidence),
    durationMs: Math.round(performance.now() - started),
    attempts: options.secrets.redact(attempts),
  };
}

/** A plan's check ready to run with the spec type its kind declares. */
export interface BoundCheck {
  run(options: RunCheckOptions): Promise<CheckOutcome>;
}

/**
 * Binds a plan's check to its kind: the kind's own schema reads the spec again, so the probe receives exactly the type
 * it declares (the plan holds checks as the base shape; lint already validated them, so this only fails on a plan
 * that skipped lint).
 */
export function bindCheck<Spec extends BaseCheck>(kind: CheckKind<Spec>, check: BaseCheck): BoundCheck | { error: Bilingual } {
  const parsed = kind.schema.safeParse(check);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { error: bi(`the ${kind.name} check is invalid: ${issues}`, `${kind.name} 检查的配置无效：${issues}`) };
  }
  const spec: Spec = parsed.data;
  return { run: (options) => runCheck(kind, spec, options) };
}
