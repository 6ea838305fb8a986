// parseMarkdown (markdown-it + the adapter) against remark-parse + remark-gfm, the parser it replaced, through
// what the interpreter reads from the tree: node types and fields, plain text, start lines and raw slices.
import { readdirSync, readFileSync } from 'node:fs';
import type { Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { toString } from '../../src/import/sections.js';
import { parseMarkdown, prepareSource } from '../../src/import/source.js';
import { readSeed, seedNames } from './_seeds.js';

const remark = unified().use(remarkParse).use(remarkGfm);

/** What Interpreter reads from a node: `raw` is the source slice Interpreter.raw() takes. Cells are read for their text only. */
function project(node: RootContent, text: string): Record<string, unknown> {
  const out: Record<string, unknown> = { type: node.type, ...(node.type === 'tableCell' ? {} : { line: node.position?.start.line }) };
  if (node.type === 'heading') out.depth = node.depth;
  if (node.type === 'list') Object.assign(out, { ordered: node.ordered, start: node.start });
  if (node.type === 'listItem') out.checked = node.checked;
  if (node.type === 'code') Object.assign(out, { lang: node.lang, meta: node.meta, value: node.value });
  if (node.type === 'html') out.value = node.value;
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
    out.text = toString(node);
    out.inline = node.children.map((child) => child.type);
  }
  if (node.type === 'paragraph' || node.type === 'listItem' || node.type === 'tableRow') out.raw = text.slice(node.position?.start.offset, node.position?.end.offset);
  if (node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem' || node.type === 'table' || node.type === 'tableRow') {
    out.children = node.children.map((child) => project(child, text));
  }
  return out;
}

const projected = (tree: Root, text: string) => tree.children.map((node) => project(node, text));

/** The text as the importer parses it (prepareSource), through both parsers. */
function bothParsers(input: string) {
  const { text } = prepareSource(input, 'test.md');
  return { markdownIt: projected(parseMarkdown(text), text), remark: projected(remark.parse(text), text) };
}

const fixtures = readdirSync(new URL('./fixtures/', import.meta.url)).filter((name) => name.endsWith('.md'));

describe('parseMarkdown (markdown-it) gives what remark gave', () => {
  it.each(seedNames.map((name) => [name]))('on seed %s', (name) => {
    const { markdownIt, remark } = bothParsers(readSeed(name));

    expect(markdownIt).toEqual(remark);
  });

  it.each(fixtures.map((name) => [name]))('on fixture %s', (name) => {
    const { markdownIt, remark } = bothParsers(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

    expect(markdownIt).toEqual(remark);
  });

  const cases: Record<string, string> = {
    'task items, checked and not, in bullet and ordered lists': '- [ ] todo\n- [x] done\n- [X]  two spaces\n* [ ]\ttab\n1. [ ] first\n2. [x] `code` after\n- [ ] **bold** after\n- [ ]\n- [x] \n- [ ]  \n  next line\n- [ ]\n  below\n- not [ ] a task\n- [y] not a task\n',
    'nested lists with text, code and tasks under items': '- parent\n  continued\n  - child\n    - [ ] grandchild\n  - [x] done child\n\n  ```bash\n  echo hi\n  ```\n- - stacked\n  - second\n1. - in ordered\n   - again\n-\n  starts below\n',
    'tables with inline code, escaped pipes, short and long rows': '| 步骤 | 命令 | 负责人 |\n|:---|:---:|---:|\n| 1 | `grep a \\| wc -l` | @alice |\n| 2 | a \\| b |\n| 3 | **x** | y | extra `cell` |\n| | | |\nno pipe row\n\n- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |   \n',
    'a table right after a paragraph, and ended by a list': 'Intro line\n| a | b |\n| - | - |\n| 1 | 2 |\n- after\n',
    'fenced code holding heading-like lines and fences of the other kind': '# Plan\n\n```bash title="x"\n## not a heading\n~~~\n```\n\n## Real\n\n~~~\n# still code\n```\n~~~\n\n````md\n```\ninner\n```\n````\n\n```\nunclosed at the end\n',
    'indented code and code in list items': 'para\n\n    indented code\n      more\n\n    after blank\n\n- item\n\n      code in item\n',
    'blockquotes with lists, lazy lines and nesting': '> quote\nlazy\n> - in quote\n>   more\n> - [ ] task in quote\n>\n> > nested\n> > - deep\n\n- > quote in item\n  > - list in it\n  >\n- next\n',
    'code spans across line breaks, in a hard-wrapped paragraph and a list item': 'run `npm\ntest` first, then ` padded\n` and `` a `b`\n  c ``\n\n- item `x\n  y` z\n',
    'hard and soft breaks': 'two spaces  \nbackslash\\\nsoft \ncontinued\t\n   indented continuation\n\n- item  \n  hard in item\n',
    'HTML blocks and inline HTML': '<!-- comment -->\n\n<div align="center">\n\n**centered**\n\n</div>\n\ntext <br> and <span>inline</span>\n\n<details>\n<summary>S</summary>\n</details>\n',
    'setext headings and ATX headings with closing hashes': 'Title\n=====\n\nSub\n---\n\n### Closed ###\n\n#no space is text\n\n####### seven is text\n',
    'emphasis, strong and strikethrough, also around CJK text': '*em* _em_ **strong** __strong__ ~~deleted~~ ***both***\n\n**当前状态**：❌ 未完成\n\n**预期结果**: 返回 200\n\n这是**重点**内容，~~删除~~了\n\nsnake_case_name and 2*3*4\n\n**加粗（说明）**后面\n',
    'ordered lists with a start, both delimiters': '3. three\n4. four\n\n1) paren\n2) two\n\n10. ten\n',
    'links, images, autolinks and entities': '[text](https://example.com "title") ![alt **b**](img.png) <https://x.y/a%20b> <a@b.co>\n\n[js](javascript:alert(1)) &amp; &copy; &#x4E2D; \\* not em \\`\n',
    'a list item or heading above a delimiter row is not a table header': '- a | b\n--|--\n\n## c | d\n--|--\n\n| e | f |\n|---|---|\n| 1 | 2 |\n---\n',
    'thematic breaks and list items holding only code or a heading': '***\n- - -\n\n- ```\n  code first\n  ```\n- # heading in item\n',
  };

  it.each(Object.entries(cases))('on %s', (_name, input) => {
    const { markdownIt, remark } = bothParsers(input);

    expect(markdownIt).toEqual(remark);
  });
});

/**
 * Where the two parsers disagree, pinned to what it changes for the importer. Corner cases left as
 * markdown-it reads them, which no seed or fixture has (a fuzz of fragments finds nothing else):
 * - an empty list item (`-`, `1.` with nothing after) right after indented code, or nested on the first
 *   line of an item that interrupts a paragraph, is a list item here (CommonMark) and text in remark;
 *   so is an ordered list starting above 1 nested there (`text` then `- 3) x`);
 * - a table row with no pipe at all where the other has one: `a|` over `---` is a one-cell table here and
 *   a setext heading in remark, `a` over `:-:|` a paragraph here and a table in remark;
 * - an HTML tag line such as `<br>` right after a paragraph or table row continues it here (CommonMark:
 *   such HTML cannot interrupt a paragraph) and starts an HTML block in remark;
 * - runs of three tildes (`~~~x~~`) and `*` right next to `~` (remark-gfm treats `~` as a delimiter there);
 * - a line ending in whitespace that mixes tabs with two or more spaces is a hard break here only;
 * - `\\|` in a table cell: markdown-it reads an escaped pipe, GFM an escaped backslash and a cell boundary;
 * - an unclosed fence at the end of the document: its trailing blank lines are not in the code here.
 */
describe('where markdown-it and remark differ', () => {
  const first = (input: string) => {
    const { markdownIt, remark } = bothParsers(input);
    return { markdownIt: markdownIt[0], remark: remark[0] };
  };

  it('bare URLs stay text (GFM autolink literals are links in remark): the text is the same, and no link node is read', () => {
    const { markdownIt, remark } = first('see https://example.com/healthz and www.example.com now\n');

    expect(markdownIt?.text).toBe(remark?.text);
    expect(markdownIt?.inline).toEqual(['text']);
    expect(remark?.inline).toEqual(['text', 'link', 'text', 'link', 'text']);
  });

  it('single tildes are not strikethrough (remark-gfm strikes `~x~`), so ranges such as 3~5 天 keep their tildes', () => {
    const { markdownIt, remark } = first('预计 3~5 天，2~3 人\n');

    expect(markdownIt?.text).toBe('预计 3~5 天，2~3 人');
    expect(remark?.text).toBe('预计 35 天，23 人');
  });

  it('link reference definitions leave no node (remark has a definition, which has no text) and references become links', () => {
    const { markdownIt, remark } = bothParsers('[ref]: https://example.com\n\nsee [ref] and [Ref][]\n');

    expect(markdownIt).toEqual([expect.objectContaining({ type: 'paragraph', text: 'see ref and Ref', inline: ['text', 'link', 'text', 'link'] })]);
    expect(remark.map((node) => node.type)).toEqual(['definition', 'paragraph']);
    expect(remark[1]?.text).toBe('see ref and Ref');
  });

  it('footnotes are not read: `[^1]` and its definition stay text (remark-gfm makes a footnote of them)', () => {
    const { markdownIt, remark } = bothParsers('see note[^1]\n\n[^1]: the note\n');

    expect(markdownIt.map((node) => node.text)).toEqual(['see note[^1]', '[^1]: the note']);
    expect(remark.map((node) => node.type)).toEqual(['paragraph', 'footnoteDefinition']);
    expect(remark[0]?.text).toBe('see note');
  });
});
