import { createHmac } from 'node:crypto';
import { bi } from '../../core/text.js';
import { defineNotifierKind } from '../notifier.js';

/** Header names of the generic webhook's signature (see docs/notifications.md). */
export const signatureHeader = 'x-golive-signature';
export const timestampHeader = 'x-golive-timestamp';

/** `sha256=` + hex HMAC-SHA256 with key = secret over `timestamp + "." + body` (timestamp in seconds), as Slack and Stripe sign. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * A generic JSON webhook for anything else (an on-call tool, a bridge to WeChat official accounts …): the notice as
 * JSON in both languages, signed with HMAC when the target has a secret. Any 2xx answer is delivered.
 */
export const webhookKind = defineNotifierKind({
  name: 'webhook',
  summary: bi('generic JSON webhook, HMAC-SHA256 signed', '通用 JSON Webhook（HMAC-SHA256 签名）'),
  limits: [{ count: 60, perMs: 60_000 }],
  throttlePenaltyMs: 60_000,
  secret: 'optional',
  request(notice, target, now) {
    const body = JSON.stringify({
      event: 'golive.notice',
      kind: notice.kind,
      title: notice.title,
      lines: notice.lines,
      link: notice.link ?? null,
      incident: notice.incident ?? null,
      at: notice.at.toISOString(),
    });
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'golive' };
    if (target.secret) {
      headers[timestampHeader] = timestamp;
      headers[signatureHeader] = webhookSignature(target.secret, timestamp, body);
    }
    return { url: target.url, headers, body };
  },
  interpret: () => ({ outcome: 'delivered' }),
});
