import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/import/source.js';
import { readSeed, seedNames } from './_seeds.js';

const whole = (text: string) => unified().use(remarkParse).use(remarkGfm).parse(text);

describe('parseMarkdown (section by section)', () => {
  it.each(seedNames.map((name) => [name]))('gives the same tree, positions included, as parsing seed %s whole', (name) => {
    const text = readSeed(name);

    const sections = parseMarkdown(text);

    expect(sections.children).toEqual(whole(text).children);
  });

  it('does not cut inside fenced code that holds a heading-like line', () => {
    const text = '# Plan\n\n```bash\n## not a heading\n```\n\n## Real\n\n- [ ] item\n\n~~~\n# still code\n~~~\n';

    const sections = parseMarkdown(text);

    expect(sections.children).toEqual(whole(text).children);
    expect(sections.children.filter((node) => node.type === 'heading')).toHaveLength(2);
  });
});
