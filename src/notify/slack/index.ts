import { bi } from '../../core/text.js';
import { defineNotifierKind } from '../notifier.js';
import { markdownOf, plainTextOf, titleOf } from '../render.js';

/** A section block's text is at most 3000 characters. */
const maxSectionChars = 3_000;

/** Slack's mrkdwn: `*bold*` and `<url|text>`; `&`, `<` and `>` must be escaped in text. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Slack incoming webhook: `POST https://hooks.slack.com/services/…` (the URL is the secret), about one message a second;
 * over that Slack answers HTTP 429 with Retry-After, which the delivery wrapper honours. Success is the text `ok`.
 */
export const slackKind = defineNotifierKind({
  name: 'slack',
  summary: bi('Slack incoming webhook (mrkdwn blocks)', 'Slack Incoming Webhook（mrkdwn 区块）'),
  limits: [{ count: 1, perMs: 1_000 }],
  throttlePenaltyMs: 30_000,
  secret: 'unused',
  request(notice, target) {
    const mrkdwn = markdownOf(
      { ...notice, title: { en: escape(notice.title.en), zh: escape(notice.title.zh) }, lines: notice.lines.map((line) => ({ en: escape(line.en), zh: escape(line.zh) })) },
      target,
      { bold: (text) => `*${text}*`, link: (text, url) => `<${url}|${escape(text)}>`, heading: (text) => `*${text}*` },
      { withTitle: true },
    );
    const text = [...mrkdwn].length > maxSectionChars ? `${[...mrkdwn].slice(0, maxSectionChars - 1).join('')}…` : mrkdwn;
    const body = { text: `${titleOf(notice, target)}\n${plainTextOf(notice, target)}`.slice(0, 4_000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    return { url: target.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  },
  interpret: (answer) => (answer.body.trim() === 'ok' ? { outcome: 'delivered' } : { outcome: 'rejected', reason: answer.body.slice(0, 200) }),
});
