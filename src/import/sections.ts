/** A document split into sections by heading; each heading gives its section a role, phase, priority and window. */
import type { Paragraph, Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { Priority } from '../plan/schema.js';
import { priorityOfHeading } from './priorities.js';
import { phaseOfHeading, roleOfHeading, type PhaseId, type SectionRole } from './vocabulary.js';

export interface Context {
  readonly phase: PhaseId;
  readonly priority?: Priority;
  readonly role: SectionRole;
  readonly window?: string;
  readonly titles: readonly string[];
}

export interface Section {
  readonly title: string;
  readonly depth: number;
  readonly line: number;
  readonly key: string;
  readonly blocks: RootContent[];
  readonly children: Section[];
  ctx: Context;
  /** Explicit number in the heading (`4.2`, `一`), used for ids. */
  readonly number?: string;
}

/** Plain text of a node; hard line breaks (two trailing spaces) stay line breaks. */
export function toString(node: unknown): string {
  const value = node as { type?: string; value?: unknown; children?: unknown[] };
  if (value.type === 'break') return '\n';
  if (value.type === 'html') return '';
  if (Array.isArray(value.children)) return value.children.map(toString).join('');
  return mdastToString(node);
}

const chineseDigits: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function headingNumber(title: string): { number?: string; rest: string } {
  const arabic = /^\s*(?:第\s*)?(\d+(?:\.\d+)*)\s*(?:[.、:：)）]|\s|$)\s*/.exec(title);
  if (arabic) return { number: arabic[1] ?? '', rest: title.slice(arabic[0].length) };
  const chinese = /^\s*(?:第)?([一二三四五六七八九十]{1,3})\s*(?:[、.:：]|阶段|部分|章|节)\s*/.exec(title);
  if (chinese) {
    const digits = [...(chinese[1] ?? '')];
    const value = digits.length === 1 ? (chineseDigits[digits[0] ?? ''] ?? 0) : digits[0] === '十' ? 10 + (chineseDigits[digits[1] ?? ''] ?? 0) : (chineseDigits[digits[0] ?? ''] ?? 0) * 10 + (chineseDigits[digits[2] ?? ''] ?? 0);
    return { number: String(value), rest: title.slice(chinese[0].length) };
  }
  const letter = /^\s*([A-H])[.、:：)]\s+/.exec(title);
  if (letter) return { number: (letter[1] ?? '').toLowerCase(), rest: title.slice(letter[0].length) };
  const week = /^\s*(?:week|第)\s*(\d+(?:\s*-\s*\d+)?)\s*(?:周)?\s*[:：]?\s*/i.exec(title);
  if (week) return { number: `w${(week[1] ?? '').replace(/\s+/g, '')}`, rest: title.slice(week[0].length) };
  return { rest: title };
}

/** Heading text without emoji decoration. */
export function cleanTitle(text: string): string {
  return text
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function windowOfHeading(title: string, inherited: string | undefined, phase: PhaseId): string | undefined {
  const range = /T\s*([+-])\s*(\d+)\s*(?:天|d)?\s*[~～至到-]+\s*T\s*([+-])\s*(\d+)/i.exec(title);
  if (range) return `T${range[1] ?? ''}${range[2] ?? ''}..T${range[3] ?? ''}${range[4] ?? ''}`;
  const clock = /(\d{1,2}:\d{2})\s*[-–~～至到]\s*(\d{1,2}:\d{2})/.exec(title);
  if (clock) return `${inherited === 'T' || phase === 'deploy' || phase === 'gray' ? 'T ' : ''}${clock[1] ?? ''}-${clock[2] ?? ''}`;
  if (/T\s*日|\bT[-\s]?day\b/i.test(title)) return 'T';
  const single = /\bT\s*([+-])\s*(\d+)\s*(?:天|d|day)?/i.exec(title);
  if (single) return `T${single[1] ?? ''}${single[2] ?? ''}d`;
  const week = /^\s*week\s*(\d+(?:\s*-\s*\d+)?)/i.exec(title);
  if (week) return `week ${(week[1] ?? '').replace(/\s+/g, '')}`;
  return inherited;
}

export function scheduleOf(title: string): string | undefined {
  if (/每小时|hourly|every hour/i.test(title)) return 'every 1h';
  if (/每日|每天|daily|every day/i.test(title)) return 'daily 09:00';
  if (/每周|weekly|every week/i.test(title)) return '0 9 * * 1';
  if (/每月|monthly|every month/i.test(title)) return '0 9 1 * *';
  return undefined;
}

export function lineOf(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

export function isStrongOnly(paragraph: Paragraph): boolean {
  const meaningful = paragraph.children.filter((child) => !(child.type === 'text' && /^[\s:：]*$/.test(child.value)));
  return meaningful.length === 1 && meaningful[0]?.type === 'strong';
}

function isPseudoHeading(node: RootContent): boolean {
  if (node.type !== 'paragraph' || !isStrongOnly(node)) return false;
  const text = toString(node).trim();
  return /^\d+[.、)]\s*\S/.test(text) && !/[:：]$/.test(text) && text.length <= 40;
}

/** Splits the flat mdast into a tree of sections by heading depth (bold `**1. …**` lines count as sub-headings). */
export function buildSections(root: Root): Section {
  const top: Section = { title: '', depth: 0, line: 1, key: 's0', blocks: [], children: [], ctx: { phase: 'prepare', role: 'checklist', titles: [] } };
  const stack: Section[] = [top];
  const h1Count = root.children.filter((node) => node.type === 'heading' && node.depth === 1).length;
  const ordinals = new Map<Section, number>();
  const open = (title: string, depth: number, line: number) => {
    while ((stack.at(-1)?.depth ?? 0) >= depth) stack.pop();
    const parent = stack.at(-1) ?? top;
    const { number, rest } = headingNumber(title);
    const ordinal = (ordinals.get(parent) ?? 0) + 1;
    ordinals.set(parent, ordinal);
    const own = (number ?? String(ordinal)).replace(/\./g, '-');
    const key = number !== undefined && number.includes('.') ? `s${own}` : parent === top ? `s${own}` : `${parent.key}-${own}`;
    const section: Section = {
      title: cleanTitle(rest) || cleanTitle(title),
      depth,
      line,
      key,
      blocks: [],
      children: [],
      ctx: parent.ctx,
      ...(number === undefined ? {} : { number }),
    };
    parent.children.push(section);
    stack.push(section);
  };
  for (const node of root.children) {
    if (node.type === 'heading') {
      // A single H1 is the document title, not a section.
      if (node.depth === 1 && h1Count === 1) {
        top.blocks.push(node);
        continue;
      }
      open(toString(node), node.depth, lineOf(node));
    } else if (isPseudoHeading(node)) {
      const current = stack.at(-1) ?? top;
      const depth = current.depth % 1 === 0 ? current.depth + 0.5 : current.depth;
      open(toString(node), depth, lineOf(node));
    } else {
      (stack.at(-1) ?? top).blocks.push(node);
    }
  }
  return top;
}

export function contextFor(section: Section, parent: Context): Context {
  const title = section.title;
  const own = roleOfHeading(title);
  // Below an informational heading only an explicit checklist heading (成功标准) turns items back on.
  const keeps = own === 'checklist' || own === 'roles' || own === 'signoff';
  const role = (parent.role === 'info' || parent.role === 'scores') && !keeps ? 'info' : (own ?? parent.role);
  const phase = phaseOfHeading(title) ?? parent.phase;
  const priority = priorityOfHeading(title) ?? parent.priority;
  const window = windowOfHeading(title, parent.window, phase);
  return {
    phase: role === 'rollback-steps' || role === 'rollback-triggers' ? 'rollback' : role === 'runbook' ? 'post-launch' : phase,
    role,
    titles: [title, ...parent.titles],
    ...(priority === undefined ? {} : { priority }),
    ...(window === undefined ? {} : { window }),
  };
}

