import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { ItemResult, ResultStatus } from '../core/result.js';
import type { AuditHead, RecordOutcome, RunRecord, RunSummary, SignoffRecord, Store, WaiverRecord } from '../store/store.js';
import { keepRunSecrets } from '../redaction/run-secrets.js';
import { maskedNotice, typedTextSecrets } from './run-secrets.js';

/** Where typed text is checked against the plan's secrets: the plan file and the process environment. */
export interface TypedTextSource {
  readonly planPath: string;
  readonly env: NodeJS.ProcessEnv;
}

/** What a person's action did, with what they should be told about their text. */
export interface PersonOutcome<T> {
  readonly value: T;
  readonly summary: RunSummary | null;
  /** Notices for the person (masked text, unknown plan secrets), bilingual. */
  readonly notices: readonly Bilingual[];
}

/**
 * Redacts each typed field through the run's set and phrase rules; the set's new fingerprints are kept before
 * anything typed is stored or audited.
 */
async function redactTyped<T extends Record<string, string | null | undefined>>(store: Store, run: RunRecord, source: TypedTextSource, fields: T): Promise<{ fields: T; notices: Bilingual[] }> {
  const { secrets, notice } = await typedTextSecrets(store, run, source.planPath, source.env);
  const masked: string[] = [];
  const redacted: Record<string, string | null | undefined> = {};
  for (const [name, text] of Object.entries(fields)) {
    if (typeof text !== 'string') {
      redacted[name] = text;
      continue;
    }
    const result = secrets.redactTyped(text);
    if (result.masked) masked.push(name);
    redacted[name] = result.text;
  }
  await keepRunSecrets(store, run.id, secrets);
  return { fields: redacted as T, notices: [...(notice ? [notice] : []), ...(masked.length > 0 ? [maskedNotice(masked)] : [])] };
}

/** A file becomes `path (sha256:…)` so the evidence cannot be swapped unnoticed; a URL is kept as given. */
export async function evidenceReference(cwd: string, ref: string): Promise<string> {
  if (/^https?:\/\//i.test(ref)) return ref;
  const path = resolve(cwd, ref);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new GoliveError('usage.evidence', bi(`--evidence: ${ref} is neither a readable file nor an http(s) URL`, `--evidence：${ref} 既不是可读文件也不是 http(s) 链接`), { cause });
  }
  return `${path} (sha256:${createHash('sha256').update(bytes).digest('hex')})`;
}

/** A manual verification: the person, the status they saw, a note and an evidence reference (a file path or URL). */
export interface ManualVerification {
  readonly itemId: string;
  readonly status: ResultStatus;
  readonly by: string;
  readonly note?: string;
  /** Already resolved by `evidenceReference`. */
  readonly evidence?: string;
}

/** Records a person's verification of an item of a run; note and evidence reference are redacted before they are stored. */
export async function recordManual(store: Store, run: RunRecord, source: TypedTextSource, input: ManualVerification): Promise<PersonOutcome<RecordOutcome>> {
  const item = run.plan.items.find((candidate) => candidate.id === input.itemId);
  if (!item) throw new GoliveError('run.unknown-item', bi(`item "${input.itemId}" is not in the plan of run ${run.id}`, `运行 ${run.id} 的计划中没有检查项 "${input.itemId}"`));
  const { fields, notices } = await redactTyped(store, run, source, { note: input.note, evidence: input.evidence });
  const note = fields.note ?? null;
  const ref = fields.evidence ?? null;
  const now = new Date().toISOString();
  const manual = typeof item.manual === 'string' ? { method: item.manual } : item.manual ? { method: item.manual.method, ...(item.manual.expected ? { expected: item.manual.expected } : {}) } : undefined;
  const result: ItemResult = {
    itemId: input.itemId,
    status: input.status,
    evidence: { ...(manual ? { manual } : {}), observed: { verifiedBy: input.by, ...(note ? { note } : {}), ...(ref ? { evidence: ref } : {}) } },
    durationMs: 0,
    attempts: [],
    startedAt: now,
    finishedAt: now,
  };
  const outcome = await store.recordResult(run.id, { result, source: 'manual', by: input.by, note, evidenceRef: ref }, input.by);
  return { value: outcome, summary: (await store.getRun(run.id))?.summary ?? null, notices };
}

/** Accepts the risk of an item that did not pass; the reason is redacted before it is stored. */
export async function waiveItem(
  store: Store,
  run: RunRecord,
  source: TypedTextSource,
  input: { readonly itemId: string; readonly reason: string; readonly approver: string; readonly expiresAt: string; readonly by: string },
): Promise<PersonOutcome<WaiverRecord>> {
  const current = (await store.results(run.id)).find((result) => result.itemId === input.itemId);
  if (current?.status === 'pass') throw new GoliveError('waiver.passed', bi(`${input.itemId} passed in run ${run.id}: there is no risk to accept`, `${input.itemId} 在运行 ${run.id} 中已通过，无需豁免`));
  const { fields, notices } = await redactTyped(store, run, source, { reason: input.reason, approver: input.approver });
  const waiver = await store.addWaiver(run.id, { itemId: input.itemId, reason: fields.reason, approver: fields.approver, expiresAt: input.expiresAt, createdBy: input.by });
  return { value: waiver, summary: (await store.getRun(run.id))?.summary ?? null, notices };
}

/** Takes back an item's waivers in force; the reason is redacted before it is stored. */
export async function revokeWaivers(store: Store, run: RunRecord, source: TypedTextSource, input: { readonly itemId: string; readonly reason: string; readonly by: string }): Promise<PersonOutcome<WaiverRecord[]>> {
  const { fields, notices } = await redactTyped(store, run, source, { reason: input.reason });
  const revoked = await store.revokeWaivers(run.id, { itemId: input.itemId, by: input.by, reason: fields.reason });
  return { value: revoked, summary: (await store.getRun(run.id))?.summary ?? null, notices };
}

/** Signs a run for a role; the comment is redacted before it is stored. */
/** A sign-off, with the audit head after it: a person keeps it to check the trail later (`audit verify --head`). */
export interface SignOutcome extends PersonOutcome<SignoffRecord> {
  readonly auditHead: AuditHead;
}

export async function signRun(store: Store, run: RunRecord, source: TypedTextSource, input: { readonly role: string; readonly by: string; readonly comment?: string }): Promise<SignOutcome> {
  const { fields, notices } = await redactTyped(store, run, source, { comment: input.comment });
  const signoff = await store.addSignoff(run.id, { role: input.role, by: input.by, ...(fields.comment ? { comment: fields.comment } : {}) });
  return { value: signoff, summary: (await store.getRun(run.id))?.summary ?? null, notices, auditHead: await store.auditHead() };
}
