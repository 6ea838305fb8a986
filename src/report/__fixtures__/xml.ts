/** A parsed XML element, enough to count and inspect a report. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const invalidChar = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const name = /^[A-Za-z_:][\w.:-]*$/;

function decode(text: string, where: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`unescaped < or & in ${where}: ${text.slice(0, 80)}`);
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : (entities[entity] ?? ''),
  );
}

/**
 * A strict, minimal XML 1.0 well-formedness parser for the reports' own output (no DTD, no CDATA):
 * one root, balanced tags, quoted unique attributes, only the five named entities, no forbidden characters.
 * Throws on the first violation. Stand-in for a full parser, which this project does not depend on.
 */
export function parseXml(xml: string): XmlElement {
  if (invalidChar.test(xml)) throw new Error('character not allowed in XML 1.0');
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    const text = open === -1 ? rest : rest.slice(0, open);
    if (text.length > 0) {
      const parent = stack.at(-1);
      if (!parent) {
        if (text.trim() !== '') throw new Error('text outside the root element');
      } else parent.text += decode(text, `<${parent.name}>`);
    }
    if (open === -1) break;
    rest = rest.slice(open);
    const close = rest.indexOf('>');
    if (close === -1) throw new Error('unterminated tag');
    const tag = rest.slice(1, close);
    rest = rest.slice(close + 1);
    if (tag.startsWith('/')) {
      const top = stack.pop();
      if (!top || top.name !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const match = /^([^\s]+)((?:\s+[^\s=]+="[^"]*")*)\s*$/.exec(body);
    if (!match?.[1] || !name.test(match[1])) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/\s+([^\s=]+)="([^"]*)"/g)) {
      if (!key || !name.test(key) || key in attributes) throw new Error(`bad or duplicate attribute ${key}`);
      attributes[key] = decode(value ?? '', `attribute ${key}`);
    }
    const element: XmlElement = { name: match[1], attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element with this name, depth first. */
export function findAll(element: XmlElement, elementName: string): XmlElement[] {
  return [...(element.name === elementName ? [element] : []), ...element.children.flatMap((child) => findAll(child, elementName))];
}
