import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../checks/check-kind.js';
import { bi, type Bilingual } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';
import { createRedactor } from '../redaction/redactor.js';
import { postOnce } from './_http.js';
import type { Notice, NotifierKind, PlatformAnswer, Verdict } from './notifier.js';
import { sharedLimiter, systemClock, type Clock, type RateLimiter } from './rate-limit.js';
import { notifierKinds } from './registry.js';
import { safeEndpoint, targetSecrets } from './target.js';

/** How hard one delivery tries; defaults suit an alert that should arrive within a couple of minutes. */
export interface DeliverOptions {
  readonly clock?: Clock;
  readonly limiter?: RateLimiter;
  /** Attempts in all (first try included) for timeouts, 5xx and throttling. Default 4. */
  readonly attempts?: number;
  /** One attempt's whole exchange. Default 10 s. */
  readonly timeoutMs?: number;
  /** Longest the delivery may spend waiting for rate limits and backoff before giving up. Default 2 minutes. */
  readonly maxWaitMs?: number;
  /** Longest answer read. Default 64 KiB. */
  readonly maxAnswerBytes?: number;
  /** Folder a relative `ca:` resolves against (the plan's). */
  readonly planDir?: string;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

/** What happened to one notice on one target; texts are redacted, the target's credentials never appear. */
export interface Delivery {
  readonly target: string;
  readonly type: NotificationTarget['type'];
  /** The URL with its key hidden. */
  readonly endpoint: string;
  readonly delivered: boolean;
  readonly attempts: number;
  /** The platform's last answer (status and body, cut to 500 characters). */
  readonly answer?: { readonly status: number; readonly body: string };
  /** Why it was not delivered. */
  readonly error?: Bilingual;
}

const baseBackoffMs = 500;
const maxBackoffMs = 8_000;

/**
 * Sends a notice to one target: keeps under the platform's limits, signs, retries timeouts, 5xx and the platforms'
 * "too fast" codes with backoff, and reports the outcome as data (never throws for what the receiver does).
 */
export async function deliver(target: NotificationTarget, notice: Notice, options: DeliverOptions = {}): Promise<Delivery> {
  const kind: NotifierKind = notifierKinds[target.type];
  const clock = options.clock ?? systemClock;
  const limiter = options.limiter ?? sharedLimiter;
  const attempts = options.attempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const endpoint = safeEndpoint(target.url);
  const label = `${target.id} (${target.type} ${endpoint})`;
  const redact = createRedactor(targetSecrets(target));
  const clean = (text: Bilingual): Bilingual => ({ en: redact(text.en) as string, zh: redact(text.zh) as string });
  const result = (delivered: boolean, attempt: number, extra: { answer?: PlatformAnswer; error?: Bilingual }): Delivery => ({
    target: target.id,
    type: target.type,
    endpoint,
    delivered,
    attempts: attempt,
    ...(extra.answer ? { answer: { status: extra.answer.status, body: (redact(extra.answer.body) as string).slice(0, 500) } } : {}),
    ...(extra.error ? { error: clean(extra.error) } : {}),
  });

  const problem = configurationProblem(target, kind, label);
  if (problem) return result(false, 0, { error: problem });

  const started = clock.now();
  let attempt = 0;
  let lastAnswer: PlatformAnswer | undefined;
  for (;;) {
    const wait = limiter.waitFor(target.url, kind.limits, clock.now());
    if (wait > 0) {
      if (clock.now() + wait - started > maxWaitMs) {
        const seconds = Math.ceil(wait / 1000);
        return result(false, attempt, {
          ...(lastAnswer ? { answer: lastAnswer } : {}),
          error: bi(`${label}: rate limit reached (${limitText(kind)}); the next message may go in ${seconds}s, later than this delivery may wait`, `${label}：已达发送频率上限（${limitText(kind)}）；下一条最早 ${seconds} 秒后才能发送，超过本次可等待的时间`),
        });
      }
      options.logger?.debug(`${label}: waiting ${wait} ms for the rate limit`);
      await clock.sleep(wait, options.signal);
      continue;
    }
    limiter.record(target.url, clock.now());
    attempt += 1;
    const request = kind.request(notice, target, new Date(clock.now()));
    const posted = await postOnce(request, label, {
      timeoutMs: options.timeoutMs ?? 10_000,
      maxAnswerBytes: options.maxAnswerBytes ?? 65_536,
      caFile: target.ca === undefined ? undefined : isAbsolute(target.ca) ? target.ca : resolve(options.planDir ?? '.', target.ca),
      signal: options.signal,
    });
    let verdict: Verdict;
    if (posted.ok) {
      lastAnswer = posted.answer;
      verdict = judge(kind, posted.answer);
    } else {
      verdict = posted.failure.retryable ? { outcome: 'retry', reason: posted.failure.text.en } : { outcome: 'rejected', reason: posted.failure.text.en };
      if (!posted.failure.retryable || attempt >= attempts) {
        return result(false, attempt, { error: attempt > 1 ? withAttempts(posted.failure.text, attempt) : posted.failure.text });
      }
    }
    const answerPart = lastAnswer ? { answer: lastAnswer } : {};
    if (verdict.outcome === 'delivered') return result(true, attempt, answerPart);
    if (verdict.outcome === 'rejected') {
      return result(false, attempt, { ...answerPart, error: bi(`${label}: the platform refused the message: ${verdict.reason}`, `${label}：平台拒绝了消息：${verdict.reason}`) });
    }
    if (verdict.outcome === 'throttled') {
      const until = clock.now() + (verdict.retryAfterMs ?? kind.throttlePenaltyMs);
      limiter.block(target.url, until);
      if (attempt >= attempts || until - started > maxWaitMs) {
        return result(false, attempt, {
          ...answerPart,
          error: bi(`${label}: the platform throttles this robot (${verdict.reason}); no message before ${new Date(until).toISOString()}`, `${label}：平台对该机器人限流（${verdict.reason}）；${new Date(until).toISOString()} 之前无法发送`),
        });
      }
      options.logger?.info(`${label}: throttled (${verdict.reason}), trying again after the platform's wait`);
      continue;
    }
    if (attempt >= attempts) {
      return result(false, attempt, { ...answerPart, error: withAttempts(bi(`${label}: ${verdict.reason}`, `${label}：${verdict.reason}`), attempt) });
    }
    const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    options.logger?.info(`${label}: ${verdict.reason}; retrying in ${Math.round(backoff)} ms`);
    await clock.sleep(backoff, options.signal);
  }
}

/** HTTP status first (429, 5xx, redirects and 4xx mean the same everywhere), then the kind reads a 2xx body. */
function judge(kind: NotifierKind, answer: PlatformAnswer): Verdict {
  if (answer.status === 429) return { outcome: 'throttled', reason: `HTTP 429 ${answer.body.slice(0, 100)}`.trim(), retryAfterMs: retryAfterMs(answer.headers['retry-after']) };
  if (answer.status >= 500) return { outcome: 'retry', reason: `HTTP ${answer.status} ${answer.body.slice(0, 100)}`.trim() };
  if (answer.status >= 300 && answer.status < 400) return { outcome: 'rejected', reason: `HTTP ${answer.status}: the webhook redirects (${answer.headers.location ?? 'no location'}); golive does not follow redirects with a signed message, use the final URL` };
  if (answer.status >= 400 || answer.status < 200) return { outcome: 'rejected', reason: `HTTP ${answer.status} ${answer.body.slice(0, 200)}`.trim() };
  return kind.interpret(answer);
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function configurationProblem(target: NotificationTarget, kind: NotifierKind, label: string): Bilingual | undefined {
  if (/\$\{/.test(target.url) || (target.secret !== undefined && /\$\{/.test(target.secret))) {
    return bi(`${target.id}: the URL or secret still contains a \${VAR}; give the variable a value (env file, --var or the environment)`, `${target.id}：URL 或 secret 中仍有 \${VAR}；请为该变量赋值（env 文件、--var 或环境变量）`);
  }
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return bi(`${target.id}: the URL is not a valid http(s) URL`, `${target.id}：URL 不是有效的 http(s) 地址`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bi(`${label}: only http and https URLs can receive messages`, `${label}：只支持 http 和 https 地址`);
  if (kind.secret === 'required' && !target.secret) return bi(`${label}: this kind needs a secret`, `${label}：该类型需要 secret`);
  if (kind.secret === 'unused' && target.secret) {
    return bi(`${label}: ${kind.name} robots are not signed; remove "secret" (the URL itself is the credential)`, `${label}：${kind.name} 机器人不使用签名；请删除 "secret"（URL 本身就是凭据）`);
  }
  return undefined;
}

function limitText(kind: NotifierKind): string {
  return kind.limits.map((window) => `${window.count}/${window.perMs >= 60_000 ? `${window.perMs / 60_000}min` : `${window.perMs / 1000}s`}`).join(', ');
}

function withAttempts(text: Bilingual, attempts: number): Bilingual {
  return bi(`${text.en} (gave up after ${attempts} attempts)`, `${text.zh}（已尝试 ${attempts} 次）`);
}
