import type { PlatformAnswer, Verdict } from './notifier.js';

/** Where a platform puts its result code in an HTTP 200 answer, and which codes mean "slow down" or "try again". */
export interface ErrcodeRules {
  /** Field names of the code and its message, first match wins (Feishu has two answer shapes). */
  readonly code: readonly string[];
  readonly message: readonly string[];
  readonly throttled: readonly number[];
  readonly retry?: readonly number[];
}

/** Reads `{"errcode":0,"errmsg":"ok"}`-style answers: 0 is delivered, anything else is the platform saying no. */
export function errcodeVerdict(answer: PlatformAnswer, rules: ErrcodeRules): Verdict {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return { outcome: 'rejected', reason: `answer is not JSON: ${answer.body.slice(0, 200)}` };
  }
  const codeField = rules.code.find((field) => typeof parsed[field] === 'number');
  if (codeField === undefined) return { outcome: 'rejected', reason: `answer has no ${rules.code.join('/')}: ${answer.body.slice(0, 200)}` };
  const code = parsed[codeField] as number;
  if (code === 0) return { outcome: 'delivered' };
  const messageField = rules.message.find((field) => typeof parsed[field] === 'string');
  const reason = `${codeField} ${code}${messageField ? `: ${String(parsed[messageField])}` : ''}`;
  if (rules.throttled.includes(code)) return { outcome: 'throttled', reason };
  if (rules.retry?.includes(code)) return { outcome: 'retry', reason };
  return { outcome: 'rejected', reason };
}
