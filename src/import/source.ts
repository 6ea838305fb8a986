import type { Root } from 'mdast';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { markdownItToMdast } from './markdown-it-to-mdast.js';
import { remarkLikeMarkdownIt } from './remark-like-markdown-it.js';

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

/**
 * Markdown → mdast with positions (GFM: task items, tables, strikethrough). markdown-it parses a
 * 10,000-line checklist in tens of milliseconds where micromark took over a second (bench/import.bench.mjs);
 * the tree is the one remark-parse + remark-gfm give, as far as the interpreter reads it.
 */
export function parseMarkdown(text: string): Root {
  return markdownItToMdast(remarkLikeMarkdownIt, text);
}
