/**
 * What a fenced block is: a checklist written inside a fence (read as Markdown), a dotenv sample, set-up steps,
 * or a script of probes (`curl …  # 应 301 跳 https`), each line of which is read with its own comment.
 */
import type { Code, RootContent } from 'mdast';
import { parseMarkdown } from './source.js';

const listLine = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;
const taskLine = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\[[ xX]\]\s+\S/;

/** A fence holding a checklist (`- [ ]` lines, or bullets under a markdown fence) rather than code. */
export function isFencedChecklist(node: Code): boolean {
  const lines = node.value.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  const tasks = lines.filter((line) => taskLine.test(line)).length;
  const bullets = lines.filter((line) => listLine.test(line)).length;
  const markdown = /^(markdown|md|text|txt|)$/i.test(node.lang ?? '');
  return (tasks >= 2 && tasks * 2 >= lines.length) || (markdown && bullets >= 2 && bullets * 2 >= lines.length && !/^\s*[-*+]\s+[\w.-]+:\s/m.test(node.value));
}

interface Positioned {
  position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } } | undefined;
  children?: unknown[];
}

function shift(node: Positioned, lines: number, offset: number): void {
  if (node.position) {
    node.position = {
      start: { ...node.position.start, line: node.position.start.line + lines, ...(node.position.start.offset === undefined ? {} : { offset: node.position.start.offset + offset }) },
      end: { ...node.position.end, line: node.position.end.line + lines, ...(node.position.end.offset === undefined ? {} : { offset: node.position.end.offset + offset }) },
    };
  }
  for (const child of node.children ?? []) shift(child as Positioned, lines, offset);
}

/**
 * The blocks of a fenced checklist, positioned in the whole document (so line numbers and the raw text
 * the interpreter slices stay right). Undefined when the fence's text is not found as written (an indented fence).
 */
export function fencedBlocks(node: Code, documentText: string): RootContent[] | undefined {
  const from = node.position?.start.offset;
  const to = node.position?.end.offset;
  if (from === undefined || to === undefined) return undefined;
  // An unclosed fence runs to the end of the document: that is code someone forgot to close, not a checklist.
  if (!/(```|~~~)\s*$/.test(documentText.slice(from, to))) return undefined;
  const at = documentText.indexOf(node.value, from);
  if (at < 0) return undefined;
  const lineShift = documentText.slice(0, at).split('\n').length - 1;
  const root = parseMarkdown(node.value);
  for (const child of root.children) shift(child as Positioned, lineShift, at);
  return root.children;
}
