import { bi, type Bilingual } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';
import type { Notice, NoticeKind } from './notifier.js';

const kindLabels: Readonly<Record<NoticeKind, Bilingual>> = {
  alert: bi('ALERT', '告警'),
  resolved: bi('RESOLVED', '已恢复'),
  test: bi('TEST', '测试'),
  info: bi('INFO', '通知'),
};

/** The languages a target reads, in order (default: Chinese first, then English). */
export function languagesOf(target: NotificationTarget): ReadonlyArray<keyof Bilingual> {
  if (target.lang === 'en') return ['en'];
  if (target.lang === 'zh-CN') return ['zh'];
  return ['zh', 'en'];
}

/** `text` in the target's languages, joined with ` / ` when both. */
export function inLanguages(text: Bilingual, target: NotificationTarget): string {
  const parts = languagesOf(target).map((lang) => text[lang]);
  return parts[0] === parts[1] ? (parts[0] ?? '') : parts.join(' / ');
}

/** A one-line title: `[告警 / ALERT] error rate above 1%`. */
export function titleOf(notice: Notice, target: NotificationTarget): string {
  const label = languagesOf(target).map((lang) => kindLabels[notice.kind][lang]).join(' / ');
  return `[${label}] ${inLanguages(notice.title, target)}`;
}

/** How a platform writes markdown. */
export interface MarkdownStyle {
  bold(text: string): string;
  link(text: string, url: string): string;
  /** The title line (a heading where the platform has one). */
  heading(text: string): string;
}

/** Standard markdown, as WeCom, DingTalk and Feishu's lark_md read it. */
export const commonMarkdown: MarkdownStyle = {
  bold: (text) => `**${text}**`,
  link: (text, url) => `[${text}](${url})`,
  heading: (text) => `### ${text}`,
};

/** The body of a notice: one block per language, each with its lines and the link; the title first when asked. */
export function markdownOf(notice: Notice, target: NotificationTarget, style: MarkdownStyle, options: { withTitle: boolean }): string {
  const blocks = languagesOf(target).map((lang) => {
    const lines = notice.lines.map((line) => `- ${line[lang]}`);
    if (notice.link) lines.push(style.link(notice.link.text[lang], notice.link.url));
    return lines.join('\n');
  });
  const when = notice.at.toISOString().replace('T', ' ').slice(0, 19);
  const body = `${blocks.join('\n\n')}\n\n${when} UTC`;
  return options.withTitle ? `${style.heading(titleOf(notice, target))}\n${body}` : body;
}

/** Plain text of a notice (platforms or fallbacks without markdown). */
export function plainTextOf(notice: Notice, target: NotificationTarget): string {
  return markdownOf(notice, target, { bold: (text) => text, link: (text, url) => `${text}: ${url}`, heading: (text) => text }, { withTitle: true });
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const marker = '\n…';
  let budget = maxBytes - Buffer.byteLength(marker, 'utf8');
  let kept = '';
  for (const char of text) {
    budget -= Buffer.byteLength(char, 'utf8');
    if (budget < 0) break;
    kept += char;
  }
  return `${kept}${marker}`;
}

/** The link to a run (or to the dashboard without one) when GOLIVE_PUBLIC_URL is set; else undefined. */
export function runLink(env: NodeJS.ProcessEnv, runId?: string): Notice['link'] {
  const base = env.GOLIVE_PUBLIC_URL?.replace(/\/+$/, '');
  if (!base) return undefined;
  if (runId === undefined) return { url: `${base}/`, text: bi('Open golive', '打开 golive') };
  return { url: `${base}/runs/${encodeURIComponent(runId)}`, text: bi(`Open run ${runId}`, `查看运行 ${runId}`) };
}
