/**
 * markdown-it's token stream → the mdast tree remark-parse + remark-gfm give for the same text, as far as
 * the importer reads it (src/import/interpret.ts): blocks with their positions, GFM task items and
 * tables, and inline content. markdown-it only tells which lines a block covers, so offsets are found
 * on the source lines where remark puts them: a block starts at its first character after the
 * container prefixes (`>`, list markers, indentation) and ends at the end of its last non-blank line,
 * trailing whitespace included; a list, list item or table ends with its last child. Interpreter.raw()
 * slices the source with them. Inline nodes carry no position: nothing reads one.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import type { AlignType, Blockquote, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';

type Point = NonNullable<Root['position']>['start'];

/** A container open while its tokens are read; `contentStart` is where its content begins on its first line (after its marker). */
interface OpenBlock {
  readonly node: Root | Blockquote | List | ListItem | Table | TableRow;
  readonly map: readonly [number, number];
  readonly contentStart: number;
}

/** `[ ]`, `[x]` or `[X]` opening a list item, followed by a line break or by spaces and more text (as in micromark). */
const taskCheck = /^\[[ \txX]\](?=\n|[ \t]+[^ \t])/;

/** Parses `text` with `markdown` and converts the tokens; `markdown` also parses the table cells GFM keeps beyond the header's count. */
export function markdownItToMdast(markdown: MarkdownIt, text: string): Root {
  return new Converter(markdown, text).convert();
}

class Converter {
  private readonly lineStarts: number[] = [0];
  private readonly stack: OpenBlock[] = [];

  constructor(
    private readonly markdown: MarkdownIt,
    private readonly text: string,
  ) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
  }

  convert(): Root {
    const root: Root = { type: 'root', children: [], position: { start: this.point(0, 0), end: this.point(this.lineStarts.length - 1, this.text.length) } };
    this.stack.push({ node: root, map: [0, this.lineStarts.length], contentStart: 0 });
    const tokens = this.markdown.parse(this.text, {});
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index] as Token;
      const inline = tokens[index + 1];
      const map = token.map;
      switch (token.type) {
        case 'heading_open':
          this.leaf({ type: 'heading', depth: Number(token.tag.slice(1)) as Heading['depth'], children: phrasing(inline?.children ?? []) }, map);
          index += 2;
          break;
        case 'paragraph_open':
          this.paragraph(token, inline);
          index += 2;
          break;
        case 'bullet_list_open':
        case 'ordered_list_open': {
          const ordered = token.type === 'ordered_list_open';
          this.open({ type: 'list', ordered, start: ordered ? Number(token.attrGet('start') ?? 1) : null, children: [] }, map);
          break;
        }
        case 'list_item_open':
          // The marker is the number (info) and `.`/`)`, or the bullet (markup).
          this.open({ type: 'listItem', checked: null, children: [] }, map, token.info.length + token.markup.length);
          break;
        case 'blockquote_open':
          this.open({ type: 'blockquote', children: [] }, map, 1);
          break;
        case 'table_open':
          this.open({ type: 'table', align: [], children: [] }, map);
          break;
        case 'tr_open':
          this.open({ type: 'tableRow', children: [] }, map);
          break;
        case 'th_open':
        case 'td_open':
          this.cell(token, inline);
          index += 2;
          break;
        case 'tr_close':
          this.closeRow();
          break;
        case 'bullet_list_close':
        case 'ordered_list_close':
        case 'list_item_close':
        case 'blockquote_close':
        case 'table_close':
          this.close();
          break;
        case 'fence': {
          // As micromark: the info string splits at its first whitespace; the meta keeps its trailing whitespace.
          const [, lang = '', meta = ''] = /^[ \t]*([^ \t]*)[ \t]*(.*)$/.exec(token.info) ?? [];
          const decode = this.markdown.utils.unescapeAll;
          this.leaf({ type: 'code', lang: lang === '' ? null : decode(lang), meta: meta === '' ? null : decode(meta), value: token.content.replace(/\n$/, '') }, map);
          break;
        }
        case 'code_block':
          this.leaf({ type: 'code', lang: null, meta: null, value: token.content.replace(/\n$/, '') }, map);
          break;
        case 'html_block':
          this.leaf({ type: 'html', value: token.content.replace(/\n$/, '') }, map);
          break;
        case 'hr':
          this.leaf({ type: 'thematicBreak' }, map);
          break;
        // thead and tbody have no mdast node: the header is the table's first row.
      }
    }
    return root;
  }

  private paragraph(token: Token, inline: Token | undefined): void {
    const children = phrasing(inline?.children ?? []);
    const node = this.leaf<Paragraph>({ type: 'paragraph', children }, token.map);
    const parent = this.stack.at(-1)?.node;
    if (parent?.type !== 'listItem') return;
    const check = parent.children.length === 1 ? taskCheck.exec(inline?.content ?? '') : null;
    const head = children[0];
    if (!check || head?.type !== 'text') return;
    parent.checked = /x/i.test(check[0]);
    // As remark-gfm: the check goes, then one character after it (a space, or the line break when only
    // whitespace follows it); the paragraph starts after that character, still on its first line by count.
    const rest = head.value.slice(check[0].length);
    const line = token.map?.[0] ?? 0;
    const checkEnd = (node.position?.start.offset ?? 0) + check[0].length;
    const skipped = /^[ \t]*\n/.exec(this.text.slice(checkEnd, this.lineEnd(line) + 1))?.[0].length ?? 1;
    if (rest.length > 1 && node.position) {
      head.value = rest.slice(1);
      node.position.start = this.point(line, checkEnd + skipped);
    } else {
      children.shift();
    }
  }

  private cell(token: Token, inline: Token | undefined): void {
    const row = this.stack.at(-1)?.node;
    const table = this.stack.at(-2)?.node;
    if (row?.type !== 'tableRow' || table?.type !== 'table') return;
    if (table.children.length === 0) table.align?.push(alignOf(token));
    const cell: TableCell = { type: 'tableCell', children: phrasing(inline?.children ?? []) };
    row.children.push(cell);
  }

  /**
   * markdown-it gives every row as many cells as the header: it pads short rows and drops the excess.
   * remark keeps the row as written, so the cells are counted on the source line (split as markdown-it
   * splits it: at pipes not preceded by a backslash), padding goes and the excess is parsed here.
   */
  private closeRow(): void {
    const open = this.stack.at(-1);
    if (open?.node.type !== 'tableRow') return;
    const row = open.node;
    const start = row.position?.start.offset ?? 0;
    const written = this.text.slice(start, this.lineEnd(open.map[0])).trim().split(/(?<!\\)\|/);
    if (written[0] === '') written.shift();
    if (written.at(-1) === '') written.pop();
    row.children.length = Math.min(row.children.length, written.length);
    for (const extra of written.slice(row.children.length)) {
      const [cellInline] = this.markdown.parseInline(extra.replace(/\\\|/g, '|').trim(), {});
      row.children.push({ type: 'tableCell', children: phrasing(cellInline?.children ?? []) });
    }
    this.close();
  }

  private open(node: OpenBlock['node'] & RootContent, map: Token['map'], markerLength = 0): void {
    const lines = map ?? [0, 0];
    const start = this.startOffset(lines[0]);
    node.position = { start: this.point(lines[0], start), end: this.point(lines[0], start) };
    this.append(node);
    this.stack.push({ node, map: lines, contentStart: start + markerLength });
  }

  /** A list, list item or table ends where its last child ends (markdown-it counts blank lines after a list item in); a quote at its last line. */
  private close(): void {
    const open = this.stack.pop();
    if (!open?.node.position) return;
    const last = open.node.type === 'blockquote' ? undefined : open.node.children.at(-1)?.position?.end;
    open.node.position.end = last ?? this.end(open.map);
  }

  private leaf<T extends RootContent>(node: T, map: Token['map']): T {
    const lines = map ?? [0, 0];
    node.position = { start: this.point(lines[0], this.startOffset(lines[0])), end: this.end(lines) };
    this.append(node);
    return node;
  }

  private append(node: RootContent): void {
    (this.stack.at(-1)?.node.children as RootContent[] | undefined)?.push(node);
  }

  /**
   * Where a block starting on `line` begins: after the marker of a container opened on the same line,
   * or else after the `>` of every open blockquote; then past spaces and tabs (indentation).
   */
  private startOffset(line: number): number {
    const opener = this.stack.findLast((open) => open.map[0] === line);
    let at = opener?.contentStart ?? this.lineStarts[line] ?? 0;
    const quotes = opener ? 0 : this.stack.filter((open) => open.node.type === 'blockquote').length;
    for (let quote = 0; quote < quotes; quote += 1) {
      at = this.skipSpace(at);
      if (this.text[at] === '>') at += 1;
    }
    return this.skipSpace(at);
  }

  private skipSpace(at: number): number {
    let position = at;
    while (this.text[position] === ' ' || this.text[position] === '\t') position += 1;
    return position;
  }

  /** The end of the last line of `map` that is not blank. */
  private end(map: readonly [number, number]): Point {
    let line = Math.max(map[0], map[1] - 1);
    while (line > map[0] && !/[^ \t]/.test(this.text.slice(this.lineStarts[line], this.lineEnd(line)))) line -= 1;
    return this.point(line, this.lineEnd(line));
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  private point(line: number, offset: number): Point {
    return { line: line + 1, column: offset - (this.lineStarts[line] ?? 0) + 1, offset };
  }
}

function alignOf(token: Token): AlignType {
  const align = /text-align:(\w+)/.exec(token.attrGet('style') ?? '')?.[1];
  return align === 'left' || align === 'right' || align === 'center' ? align : null;
}

type PhrasingParent = { children: PhrasingContent[] };

/**
 * markdown-it's inline tokens → mdast phrasing content. Text across soft breaks is one text node, as in
 * mdast; it is gathered in parts and joined once, so a paragraph of many lines stays linear.
 */
function phrasing(tokens: readonly Token[]): PhrasingContent[] {
  const top: PhrasingParent = { children: [] };
  const stack: PhrasingParent[] = [top];
  let text: string[] = [];
  const current = () => stack.at(-1) ?? top;
  const flush = () => {
    const value = text.join('');
    if (value !== '') current().children.push({ type: 'text', value });
    text = [];
  };
  const add = (node: PhrasingContent) => {
    flush();
    current().children.push(node);
  };
  const nest = (node: PhrasingContent & PhrasingParent) => {
    add(node);
    stack.push(node);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'softbreak':
        // micromark drops the spaces and tabs ending a line; markdown-it keeps tabs.
        dropTrailingBlanks(text);
        text.push('\n');
        break;
      case 'hardbreak':
        add({ type: 'break' });
        break;
      case 'code_inline':
        add({ type: 'inlineCode', value: token.content });
        break;
      case 'html_inline':
        add({ type: 'html', value: token.content });
        break;
      case 'image':
        add({ type: 'image', url: token.attrGet('src') ?? '', title: token.attrGet('title'), alt: toString(phrasing(token.children ?? [])) });
        break;
      case 'strong_open':
        nest({ type: 'strong', children: [] });
        break;
      case 'em_open':
        nest({ type: 'emphasis', children: [] });
        break;
      case 's_open':
        nest({ type: 'delete', children: [] });
        break;
      case 'link_open':
        nest({ type: 'link', url: token.attrGet('href') ?? '', title: token.attrGet('title'), children: [] });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close':
        flush();
        stack.pop();
        break;
      default:
        // text (escapes and entities already decoded), and anything else as its text
        text.push(token.content);
    }
  }
  flush();
  return top.children;
}

/** Removes the spaces and tabs ending the gathered text. */
function dropTrailingBlanks(parts: string[]): void {
  for (let last = parts.at(-1); last !== undefined; last = parts.at(-1)) {
    let end = last.length;
    while (end > 0 && (last[end - 1] === ' ' || last[end - 1] === '\t')) end -= 1;
    if (end > 0) {
      parts[parts.length - 1] = last.slice(0, end);
      return;
    }
    parts.pop();
  }
}
