import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { GoliveError } from '../errors.js';
import { bi } from '../i18n/text.js';

/** Documents above this size are refused: a launch checklist is a few hundred kilobytes at most. */
export const maxDocumentBytes = 8 * 1024 * 1024;
/** Longer lines are cut: nobody writes a checklist item of 4,000 characters, and parsers slow down on them. */
export const maxLineLength = 4000;
/** Deeper indentation is flattened to this many columns, so pathological nesting stays cheap to parse. */
const maxIndent = 24;
/** Lines beginning with more stacked markers (`- - - - x`, `> > > x`) than this are flattened. */
const maxStackedMarkers = 12;

export interface SourceNote {
  readonly line: number;
  readonly reason: 'line-truncated' | 'nesting-flattened' | 'control-characters';
}

export interface PreparedSource {
  /** The text as parsed: same lines as the input, cut and flattened where needed. */
  readonly text: string;
  readonly lines: readonly string[];
  readonly notes: readonly SourceNote[];
}

/** Refuses binary and oversized input with a clear error; cuts what would make parsing slow. */
export function prepareSource(input: string, file: string): PreparedSource {
  if (input.length > maxDocumentBytes) {
    throw new GoliveError(
      'import.too-large',
      bi(
        `${file} is ${Math.round(input.length / 1024 / 1024)} MB; a checklist above ${maxDocumentBytes / 1024 / 1024} MB is not imported`,
        `${file} 大小为 ${Math.round(input.length / 1024 / 1024)} MB；超过 ${maxDocumentBytes / 1024 / 1024} MB 的清单不予导入`,
      ),
    );
  }
  const sample = input.slice(0, 65_536);
  // Control characters are exactly what this looks for.
  /* eslint-disable no-control-regex */
  const controls = sample.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g)?.length ?? 0;
  if (sample.includes('\u0000') || controls > Math.max(8, sample.length / 100)) {
    throw new GoliveError(
      'import.binary',
      bi(`${file} looks like a binary file, not a Markdown checklist`, `${file} 看起来是二进制文件，而不是 Markdown 清单`),
    );
  }
  const notes: SourceNote[] = [];
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out = lines.map((raw, index) => {
    let line = raw;
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(line)) {
      line = line.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
      notes.push({ line: index + 1, reason: 'control-characters' });
    }
    if (line.length > maxLineLength) {
      line = `${line.slice(0, maxLineLength)}…`;
      notes.push({ line: index + 1, reason: 'line-truncated' });
    }
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const stacked = /^[ \t]*((?:[-*+>]|\d{1,9}[.)])[ \t]+){2,}/.exec(line);
    if (indent.replace(/\t/g, '    ').length > maxIndent || (stacked && countMarkers(stacked[0]) > maxStackedMarkers)) {
      const content = line.slice(stacked ? stacked[0].length : indent.length);
      line = `${' '.repeat(maxIndent)}- ${content}`;
      notes.push({ line: index + 1, reason: 'nesting-flattened' });
    }
    return line;
  });
  /* eslint-enable no-control-regex */
  return { text: out.join('\n'), lines: out, notes };
}

function countMarkers(prefix: string): number {
  return prefix.trim().split(/[ \t]+/).length;
}

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * Lines where an ATX heading starts outside fenced code. A heading ends every open block (paragraph,
 * list, table), so the text between two headings parses the same on its own as in the whole document.
 */
function sectionStarts(lines: readonly string[]): number[] {
  const starts = [0];
  let fence: { char: string; length: number } | undefined;
  lines.forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (marker && marker[1]?.[0] === fence.char && (marker[1]?.length ?? 0) >= fence.length && (marker[2] ?? '').trim() === '') fence = undefined;
      return;
    }
    if (marker && !(marker[1]?.[0] === '`' && (marker[2] ?? '').includes('`'))) {
      fence = { char: marker[1]?.[0] ?? '`', length: marker[1]?.length ?? 3 };
      return;
    }
    if (index > 0 && /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line)) starts.push(index);
  });
  return starts;
}

/** Sections are grouped into chunks of about this many lines: small enough to stay linear, few enough parse calls. */
const sectionLines = 200;

/** Groups sections into chunks of at least `minLines` lines: each parse call has a fixed cost too. */
function chunkStarts(starts: readonly number[], minLines: number): number[] {
  const chunks: number[] = [];
  for (const start of starts) {
    const previous = chunks.at(-1);
    if (previous === undefined || start - previous >= minLines) chunks.push(start);
  }
  return chunks;
}

/** Moves every position of a section's tree to where the section sits in the whole document. */
function shift(node: { position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } }; children?: unknown[] }, lines: number, offset: number): void {
  if (node.position) {
    node.position.start.line += lines;
    node.position.end.line += lines;
    if (node.position.start.offset !== undefined) node.position.start.offset += offset;
    if (node.position.end.offset !== undefined) node.position.end.offset += offset;
  }
  for (const child of node.children ?? []) shift(child as Parameters<typeof shift>[0], lines, offset);
}

/**
 * Markdown → mdast with positions (GFM: task items and tables). The document is parsed section by
 * section: micromark slows down more than linearly on long documents (a 10,000-line checklist parses
 * about twice as fast in sections), and the merged tree is the same. A link reference defined in another
 * section is the one thing lost, and checklists do not use them.
 */
export function parseMarkdown(text: string): Root {
  const lines = text.split('\n');
  const starts = chunkStarts(sectionStarts(lines), sectionLines);
  if (starts.length === 1) return processor.parse(text);
  const root: Root = { type: 'root', children: [] };
  let offset = 0;
  starts.forEach((start, index) => {
    const section = lines.slice(start, starts[index + 1] ?? lines.length).join('\n');
    const tree = processor.parse(section);
    shift(tree, start, offset);
    root.children.push(...tree.children);
    offset += section.length + 1;
  });
  const first = root.children[0]?.position;
  const last = root.children.at(-1)?.position;
  if (first && last) root.position = { start: first.start, end: last.end };
  return root;
}
