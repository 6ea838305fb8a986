import { bi, type Bilingual } from '../core/text.js';
import { guardHits } from '../guard/guards.js';
import { finished, spawnCommand } from '../guard/spawn-through.js';
import type { RunRecord, Store } from '../store/store.js';
import { gateRun } from './gate.js';
import { runTextRedactor } from './run-secrets.js';

/** The end of a deploy's output kept in the audit trail (redacted); the whole output went to the listeners. */
const keptOutputBytes = 16 * 1024;

export interface DeployInput {
  readonly store: Store;
  readonly run: RunRecord;
  /** The plan file, for the secret values typed text is checked against. */
  readonly planPath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly argv: readonly string[];
  /** Refuse unless this is the run's release. */
  readonly release?: string;
  readonly actor: string;
  /** Told before anything runs (e.g. the plan's secret values are unknown). */
  onNotice?(text: Bilingual): void;
  /** The command's output as it comes. */
  onStdout?(chunk: Buffer): void;
  onStderr?(chunk: Buffer): void;
}

/** A refused deploy (audited with the reason), or how the command ended and the audit entry that records it. */
export type DeployOutcome =
  | { readonly ran: false; readonly why: Bilingual }
  | { readonly ran: true; readonly command: string; readonly exitCode: number; readonly startError?: string; readonly auditSeq: number };

/**
 * Runs a deploy command only when the run's gate passed (recomputed now) for its release and no guard of the run's
 * plan forbids it; the refusal, the start and the end (with the redacted tail of the output) go into the audit trail.
 */
export async function deployRun(input: DeployInput): Promise<DeployOutcome> {
  const { store, run, argv, actor } = input;
  const typed = await runTextRedactor(store, run, input.planPath, input.env);
  if (typed.notice) input.onNotice?.(typed.notice);
  const command = typed.redact(argv.join(' '));
  await typed.keep();
  const refuse = async (why: Bilingual, data: Record<string, unknown>): Promise<DeployOutcome> => {
    await store.recordEvent({ action: 'deploy.refused', runId: run.id, subject: run.release, actor, data: { command, why: why.en, ...data } });
    return { ran: false, why };
  };

  if (input.release !== undefined && input.release !== run.release) {
    return refuse(bi(`run ${run.id} is for release ${run.release ?? '(none)'}, not ${input.release}; start a run for ${input.release}`, `运行 ${run.id} 对应版本 ${run.release ?? '（无）'}，不是 ${input.release}；请为 ${input.release} 开始新的运行`), { release: input.release });
  }
  const { gate } = await gateRun(store, run);
  if (!gate.passed) {
    return refuse(
      bi(
        `refused: the gate of run ${run.id} (${run.release ?? 'no release'}) has not passed:${gate.reasons.map((reason) => `\n  - ${reason.en}`).join('')}`,
        `已拒绝：运行 ${run.id}（${run.release ?? '无版本'}）的门禁未通过：${gate.reasons.map((reason) => `\n  - ${reason.zh}`).join('')}`,
      ),
      { reasons: gate.reasons.map((reason) => reason.en) },
    );
  }
  const forbidden = guardHits(run.plan.guards ?? [], argv, run.environment ?? undefined).find((hit) => (hit.guard.action ?? 'forbid') === 'forbid');
  if (forbidden) {
    return refuse(bi(`refused: the plan forbids \`${forbidden.guard.command}\`${forbidden.guard.reason ? ` — ${forbidden.guard.reason}` : ''}`, `已拒绝：计划禁止 \`${forbidden.guard.command}\`${forbidden.guard.reason ? ` —— ${forbidden.guard.reason}` : ''}`), { guard: forbidden.guard.command });
  }

  await store.recordEvent({ action: 'deploy.start', runId: run.id, subject: run.release, actor, data: { command, environment: run.environment } });
  const started = Date.now();
  const child = spawnCommand(argv, { cwd: input.cwd, env: { ...input.env, GOLIVE_RUN: run.id, GOLIVE_RELEASE: run.release ?? '' }, capture: true });
  let tail = Buffer.alloc(0);
  let outputBytes = 0;
  const keep = (chunk: Buffer) => {
    outputBytes += chunk.length;
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > keptOutputBytes) tail = tail.subarray(tail.length - keptOutputBytes);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    input.onStdout?.(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    input.onStderr?.(chunk);
  });
  const end = await finished(child);
  const entry = await store.recordEvent({
    action: 'deploy.finish',
    runId: run.id,
    subject: run.release,
    actor,
    data: {
      command,
      exitCode: end.code,
      signal: end.signal,
      ...(end.startError ? { startError: end.startError } : {}),
      durationMs: Date.now() - started,
      outputBytes,
      output: typed.redact(tail.toString('utf8')),
    },
  });
  return { ran: true, command, exitCode: end.code, ...(end.startError ? { startError: end.startError } : {}), auditSeq: entry.seq };
}
