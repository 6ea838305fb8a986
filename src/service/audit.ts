import { anchorProblem } from '../audit/chain.js';
import type { AuditEntry, AuditHead, AuditVerification, Store } from '../store/store.js';

/** An audit head printed outside the database: its sequence number and the start of its hash. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hashPrefix: string;
}

/**
 * Recomputes the chain and checks every result against it; with an `anchor` (a head printed earlier by gate or
 * sign), also proves the trail up to it is the one that was seen then.
 */
export async function verifyAudit(store: Store, anchor?: AuditAnchor): Promise<AuditVerification> {
  const chain = await store.verifyAudit();
  if (!anchor) return chain;
  const problem = anchorProblem(anchor, (await store.auditEntries({ afterSeq: anchor.seq - 1, limit: 1 }))[0]);
  return problem ? { ok: false, entries: chain.entries, problems: [problem, ...chain.problems] } : chain;
}

/** What keying an older, unkeyed trail found: from which entry on it is keyed, and whether the older entries were intact. */
export interface AuditAdoption {
  readonly head: AuditHead;
  readonly intact: boolean;
  readonly legacyEntries: number;
}

export async function adoptLegacyAudit(store: Store, actor: string): Promise<AuditAdoption> {
  const head = await store.adoptLegacyAudit(actor);
  const marker = (await store.auditEntries({ afterSeq: head.seq - 1, limit: 1 }))[0];
  return { head, intact: marker?.data.legacyIntact === true, legacyEntries: Number(marker?.data.legacyEntries ?? 0) };
}

/** Audit entries, oldest first: of one run, or of the whole store after `afterSeq`. */
export function auditLog(store: Store, options: { readonly runId?: string; readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]> {
  return store.auditEntries(options);
}
