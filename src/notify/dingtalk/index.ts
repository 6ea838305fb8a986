import { createHmac } from 'node:crypto';
import { bi } from '../../core/text.js';
import { errcodeVerdict } from '../_errcode.js';
import { defineNotifierKind } from '../notifier.js';
import { commonMarkdown, fitBytes, markdownOf, titleOf } from '../render.js';

/** DingTalk documents no markdown size; long alerts are cut well below what robots were seen to accept. */
const maxTextBytes = 16_384;

/**
 * The documented 加签: HMAC-SHA256 with key = secret over `timestamp + "\n" + secret`, timestamp in milliseconds,
 * Base64 and then URL-encoded into the query.
 */
export function dingtalkSignedUrl(webhook: string, secret: string, nowMs: number): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return `${webhook}${webhook.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

/**
 * DingTalk custom robot: `POST …/robot/send?access_token=…`, optionally signed; 20 messages a minute per robot, and a
 * robot that goes over is throttled for 10 minutes (HTTP 200 with errcode 130101 or 410100).
 */
export const dingtalkKind = defineNotifierKind({
  name: 'dingtalk',
  summary: bi('DingTalk custom robot (markdown, optional HMAC signature)', '钉钉自定义机器人（markdown，可选加签）'),
  limits: [{ count: 20, perMs: 60_000 }],
  throttlePenaltyMs: 10 * 60_000,
  secret: 'optional',
  request(notice, target, now) {
    const title = titleOf(notice, target);
    const text = fitBytes(markdownOf(notice, target, commonMarkdown, { withTitle: true }), maxTextBytes);
    const url = target.secret ? dingtalkSignedUrl(target.url, target.secret, now.getTime()) : target.url;
    return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }) };
  },
  interpret: (answer) => errcodeVerdict(answer, { code: ['errcode'], message: ['errmsg'], throttled: [130101, 410100], retry: [-1] }),
});
