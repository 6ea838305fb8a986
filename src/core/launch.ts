import type { ResultStatus } from './result.js';
import type { Bilingual } from './text.js';

/** The part of a result the score and the gate read. */
export interface ScoredResult {
  readonly itemId: string;
  readonly status: ResultStatus;
}

/** An accepted risk on one item of a run: who approved it, why, and until when. */
export interface Waiver {
  readonly itemId: string;
  /** Why the risk is accepted. */
  readonly reason: string;
  /** The person who accepted it. */
  readonly approver: string;
  /** ISO timestamp after which the waiver stops counting. */
  readonly expiresAt: string;
  /** ISO timestamp when it was withdrawn, if it was. */
  readonly revokedAt?: string | null;
}

/** A role's signature on a run, with the state it signed. */
export interface Signoff {
  readonly role: string;
  readonly by: string;
  /** ISO timestamp of the signature. */
  readonly at: string;
  /** Overall score at the moment of signing. */
  readonly score: number;
  /** `digestResults` of every result at the moment of signing. */
  readonly resultDigest: string;
  /** Status of every blocker item at the moment of signing; a later change invalidates the sign-off. */
  readonly blockers: Readonly<Record<string, ResultStatus>>;
  /** What the signer wrote (redacted), if anything. */
  readonly comment?: string | null;
}

/** Why a gate did not pass (or which risk it accepted), in both languages. */
export interface GateReason extends Bilingual {
  /** Stable code: `blocker`, `signoff.missing`, `signoff.invalidated`, `score`, `waived`. */
  readonly code: 'blocker' | 'signoff.missing' | 'signoff.invalidated' | 'score' | 'waived';
  /** The item or role the reason is about. */
  readonly subject?: string;
}
