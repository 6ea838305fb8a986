/** Wide (two-column) code point ranges: CJK, Hangul, fullwidth forms and common emoji. */
const wideRanges: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function isWide(codePoint: number): boolean {
  return wideRanges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/** Zero-width: combining marks, zero-width joiners and variation selectors. */
function isZeroWidth(codePoint: number): boolean {
  return (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
  );
}

// eslint-disable-next-line no-control-regex -- ANSI colour sequences take no columns
const ansiPattern = /\u001b\[[0-9;]*m/g;

/** Columns a string takes in a terminal: CJK counts 2, colour codes 0. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ansiPattern, '')) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x20 || isZeroWidth(codePoint)) continue;
    width += isWide(codePoint) ? 2 : 1;
  }
  return width;
}

/** Pads with spaces on the right up to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads with spaces on the left up to `width` columns. */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Cuts plain text (no colour codes) to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let result = '';
  let used = 0;
  for (const char of text) {
    const columns = displayWidth(char);
    if (used + columns > width - 1) break;
    result += char;
    used += columns;
  }
  return `${result}…`;
}
