/**
 * markdown-it set up to read Markdown as remark-parse + remark-gfm read it, where the importer would
 * notice the difference (test/import/parse-markdown.test.ts compares the two parsers).
 */
import MarkdownIt from 'markdown-it';
import type { Ruler } from 'markdown-it';

/** One of markdown-it's own rules, taken from an instance where it is the only rule of its chain enabled. */
function ownRule<T>(rulerOf: (markdown: MarkdownIt) => Ruler<T>, name: string): T {
  const instance = new MarkdownIt();
  rulerOf(instance).enableOnly(name);
  const [rule] = rulerOf(instance).getRules('');
  if (rule === undefined) throw new Error(`markdown-it has no rule named ${name}`);
  return rule;
}

/**
 * A code span as mdast holds it: line breaks kept (markdown-it turns them into spaces, which would join
 * the lines of a hard-wrapped paragraph that the interpreter reads line by line), less one space or line
 * break of padding on each side when both sides have one and the span is not all blank.
 */
function codeSpanText(written: string): string {
  const padded = /^[ \n]/.test(written) && /[ \n]$/.test(written) && /[^ \n]/.test(written);
  return padded ? written.slice(1, -1) : written;
}

export const remarkLikeMarkdownIt = new MarkdownIt({ html: true });

// A link is a link whatever its scheme (markdown-it would turn `javascript:` links back into text),
// and its text stays as written (markdown-it would decode `%20` in an autolink's text).
remarkLikeMarkdownIt.validateLink = () => true;
remarkLikeMarkdownIt.normalizeLinkText = (text) => text;

// In GFM a list item, heading or quote is never a table's header row; markdown-it tries its table rule
// first, so `- a | b` above a delimiter row would be a table. Tried just before setext headings, whose
// scan for an underline would otherwise swallow a table followed by a `---` line.
remarkLikeMarkdownIt.block.ruler.disable('table');
remarkLikeMarkdownIt.block.ruler.before('lheading', 'gfm-table', ownRule((markdown) => markdown.block.ruler, 'table'), { alt: ['paragraph', 'reference'] });

const backticks = ownRule((markdown) => markdown.inline.ruler, 'backticks');
remarkLikeMarkdownIt.inline.ruler.at('backticks', (state, silent) => {
  const start = state.pos;
  const tokens = state.tokens.length;
  if (!backticks(state, silent)) return false;
  const code = state.tokens.at(-1);
  if (state.tokens.length > tokens && code?.type === 'code_inline') {
    code.content = codeSpanText(state.src.slice(start + code.markup.length, state.pos - code.markup.length));
  }
  return true;
});
