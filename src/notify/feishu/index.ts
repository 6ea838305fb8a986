import { createHmac } from 'node:crypto';
import { bi } from '../../core/text.js';
import { errcodeVerdict } from '../_errcode.js';
import { defineNotifierKind } from '../notifier.js';
import { commonMarkdown, fitBytes, markdownOf, titleOf } from '../render.js';

/** The request body must stay under 20 KB; the card's text gets what the envelope leaves. */
const maxContentBytes = 18_000;

/**
 * The documented signature: HMAC-SHA256 with key = `timestamp + "\n" + secret` over an empty message, timestamp in
 * seconds, Base64 (not URL-encoded); both go into the JSON body.
 */
export function feishuSignature(secret: string, nowSeconds: number): { timestamp: string; sign: string } {
  const timestamp = String(nowSeconds);
  return { timestamp, sign: createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64') };
}

/**
 * Feishu / Lark custom bot: `POST …/open-apis/bot/v2/hook/<id>`, optionally signed; 5 requests a second and 100 a
 * minute per bot; throttling is code 11232 (HTTP 200).
 */
export const feishuKind = defineNotifierKind({
  name: 'feishu',
  summary: bi('Feishu / Lark custom bot (card, optional signature)', '飞书 / Lark 自定义机器人（消息卡片，可选签名校验）'),
  limits: [
    { count: 5, perMs: 1_000 },
    { count: 100, perMs: 60_000 },
  ],
  throttlePenaltyMs: 60_000,
  secret: 'optional',
  request(notice, target, now) {
    const template = notice.kind === 'alert' ? 'red' : notice.kind === 'resolved' ? 'green' : 'blue';
    const card = {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: titleOf(notice, target) }, template },
      elements: [{ tag: 'div', text: { tag: 'lark_md', content: fitBytes(markdownOf(notice, target, commonMarkdown, { withTitle: false }), maxContentBytes) } }],
    };
    const signed = target.secret ? feishuSignature(target.secret, Math.floor(now.getTime() / 1000)) : {};
    return { url: target.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
  },
  interpret: (answer) => errcodeVerdict(answer, { code: ['code', 'StatusCode'], message: ['msg', 'StatusMessage'], throttled: [11232] }),
});
