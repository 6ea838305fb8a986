import { bi } from '../../core/text.js';
import { errcodeVerdict } from '../_errcode.js';
import { defineNotifierKind } from '../notifier.js';
import { commonMarkdown, fitBytes, markdownOf } from '../render.js';

/** WeCom's markdown `content` limit (bytes of UTF-8). */
const maxContentBytes = 4096;

/**
 * WeCom (企业微信) group robot: `POST …/cgi-bin/webhook/send?key=…`, no signing (the key in the URL is the credential),
 * 20 messages a minute per robot; throttling is HTTP 200 with errcode 45009, -1 means "system busy".
 */
export const wecomKind = defineNotifierKind({
  name: 'wecom',
  summary: bi('WeCom group robot (markdown)', '企业微信群机器人（markdown）'),
  limits: [{ count: 20, perMs: 60_000 }],
  throttlePenaltyMs: 60_000,
  secret: 'unused',
  request(notice, target) {
    const colour = notice.kind === 'alert' ? 'warning' : notice.kind === 'resolved' ? 'info' : 'comment';
    const style = { ...commonMarkdown, heading: (text: string) => `### <font color="${colour}">${text}</font>` };
    const content = fitBytes(markdownOf(notice, target, style, { withTitle: true }), maxContentBytes);
    return { url: target.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
  },
  interpret: (answer) => errcodeVerdict(answer, { code: ['errcode'], message: ['errmsg'], throttled: [45009], retry: [-1] }),
});
