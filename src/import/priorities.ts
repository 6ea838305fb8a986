/** Priority signals: `[P0]`…`[P3]`, `(P1 - HIGH)`, `P2-Low`, 🚨/🔴/🟠/🟡/🟢, 必须/必做/建议/可选, `(do not skip)`. */
import type { Priority } from '../plan/schema.js';

const levels: Readonly<Record<string, Priority>> = { P0: 'blocker', P1: 'high', P2: 'medium', P3: 'low' };
const words: readonly (readonly [Priority, RegExp])[] = [
  ['blocker', /^(critical|blocker|urgent|must)$/i],
  ['high', /^high$/i],
  ['medium', /^(medium|normal|mid)$/i],
  ['low', /^(low|minor|optional)$/i],
];

/** `P2-Low`, `(P1 - HIGH)`: the team's own word wins over the number (their P2 is "low"). */
function levelWithWord(text: string): Priority | undefined {
  const match = /\bP([0-3])\b(?:\s*[-–—:：]\s*([A-Za-z]+))?/.exec(text);
  if (!match) return undefined;
  const word = match[2] ?? '';
  return words.find(([, pattern]) => pattern.test(word))?.[0] ?? levels[`P${match[1] ?? ''}`];
}

// Tested in order; the first match wins.
const headingPatterns: readonly (readonly [Priority, RegExp])[] = [
  ['blocker', /【必须】|阻塞|BLOCKER|CRITICAL|必须|必做|必查|必看|🚨|must[- ]have|do not skip|don't skip|mandatory/i],
  ['high', /【重要】|高优先级|🔴|high priority|重要/i],
  ['medium', /【建议】|中优先级|🟠|🟡|medium priority|should[- ]have|建议|recommended/i],
  ['low', /【可选】|低优先级|🟢|low priority|可选|optional|nice[- ]to[- ]have/i],
];

/** The priority a heading declares, or undefined to inherit. */
export function priorityOfHeading(title: string): Priority | undefined {
  const level = levelWithWord(title);
  if (level !== undefined) return level;
  for (const [priority, pattern] of headingPatterns) if (pattern.test(title)) return priority;
  return undefined;
}

/** A cell of a `必须/可选` or `Required/Optional` column. */
export function priorityOfCell(cell: string): Priority | undefined {
  const text = cell.trim();
  if (/^(必须|必做|必选|必需|required|must|mandatory|yes|是|y)$/i.test(text)) return 'blocker';
  if (/^(建议|推荐|recommended|should)$/i.test(text)) return 'medium';
  if (/^(可选|选做|optional|nice to have|no|否|n)$/i.test(text)) return 'low';
  return priorityOfHeading(text);
}

// Item markers are stricter than headings: only explicit labels at the start of the line count.
const itemMarker = /^\s*(【(必须|必做|重要|建议|可选)】|\[P[0-3]\]|\(P[0-3]\)|\*\*P[0-3]\*\*|P[0-3][:：]|🚨|🔴|🟠|🟡|🟢)\s*/u;
const itemMarkerPriority: Readonly<Record<string, Priority>> = {
  必须: 'blocker', 必做: 'blocker', 重要: 'high', 建议: 'medium', 可选: 'low', ...levels,
  '🚨': 'blocker', '🔴': 'high', '🟠': 'medium', '🟡': 'medium', '🟢': 'low',
};

/** Strips leading priority markers (`【必须】`, `[P0]`, `🔴` …) from an item line; a trailing `(P1)` counts too. */
export function takeItemPriority(text: string): { text: string; priority?: Priority } {
  let rest = text;
  let priority: Priority | undefined;
  for (let match = itemMarker.exec(rest); match; match = itemMarker.exec(rest)) {
    const key = /P[0-3]/.exec(match[1] ?? '')?.[0] ?? match[2] ?? (match[1] ?? '').trim();
    priority ??= itemMarkerPriority[key];
    rest = rest.slice(match[0].length);
  }
  const trailing = /\s*(?:\*\*)?[[(（【]\s*(P[0-3]|critical|blocker|must|必须|必做|high|low|optional|可选)\s*[\])）】](?:\*\*)?\s*$/i.exec(rest);
  if (trailing) {
    const word = trailing[1] ?? '';
    priority ??= levels[word.toUpperCase()] ?? priorityOfCell(word) ?? words.find(([, pattern]) => pattern.test(word))?.[0];
    rest = rest.slice(0, trailing.index);
  }
  return priority === undefined ? { text: rest } : { text: rest, priority };
}
