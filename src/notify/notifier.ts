import type { Bilingual } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';

/** What a message is about; platforms colour and title it from this. */
export const noticeKinds = ['alert', 'resolved', 'test', 'info'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** One message to people, before a platform shapes it. Every text exists in both languages. */
export interface Notice {
  readonly kind: NoticeKind;
  readonly title: Bilingual;
  /** Facts, one line each (`error_rate = 2.3% (> 1%)`, `release v1.2.3`). */
  readonly lines: readonly Bilingual[];
  /** Where to look: the run on the dashboard, or the command that shows it. */
  readonly link?: { readonly url: string; readonly text: Bilingual } | undefined;
  /** The incident this message opens or closes, when it is one (sent in the generic webhook's JSON). */
  readonly incident?: string | undefined;
  readonly at: Date;
}

/** A documented platform limit: at most `count` messages per `perMs` for one robot. */
export interface RateWindow {
  readonly count: number;
  readonly perMs: number;
}

/** An HTTP request ready to send: the URL may carry a signature, the body is JSON text. */
export interface OutgoingRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the platform answered (body cut at the reading limit). */
export interface PlatformAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** How a kind reads an HTTP 2xx answer: delivered, throttled (try later), worth retrying, or refused. */
export type Verdict =
  | { readonly outcome: 'delivered' }
  | { readonly outcome: 'throttled'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly outcome: 'retry'; readonly reason: string }
  | { readonly outcome: 'rejected'; readonly reason: string };

/**
 * One chat platform or webhook flavour. Each lives in its own folder under src/notify/ and is listed once
 * in registry.ts; the delivery wrapper (deliver.ts) owns timeouts, retries, rate limits and redaction.
 */
export interface NotifierKind {
  /** The value of `type:` in the plan's notifications. */
  readonly name: string;
  readonly summary: Bilingual;
  /** Documented per-robot limits; the sender keeps under every one of them. */
  readonly limits: readonly RateWindow[];
  /** How long the platform blocks a robot that went over (DingTalk: 10 minutes); waited out before the next try. */
  readonly throttlePenaltyMs: number;
  /** Whether `secret` is needed, optional (signing switched on in the robot's settings) or meaningless. */
  readonly secret: 'required' | 'optional' | 'unused';
  /** The request for a notice in the target's languages, signed when the target has a secret. */
  request(notice: Notice, target: NotificationTarget, now: Date): OutgoingRequest;
  /** Reads a 2xx answer; many platforms answer HTTP 200 with an error code in the body. */
  interpret(answer: PlatformAnswer): Verdict;
}

/** Lets a kind's module check itself against the contract where it is written. */
export function defineNotifierKind(kind: NotifierKind): NotifierKind {
  return kind;
}
