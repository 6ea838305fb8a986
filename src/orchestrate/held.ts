import { bi, type Bilingual } from '../core/text.js';

/** How a `for: 3x` (or `clearFor: 3x`) was met: `held for 3 consecutive checks` / `连续 3 次成立`. */
export function consecutiveText(checks: number): Bilingual {
  return bi(`held for ${checks} consecutive check${checks === 1 ? '' : 's'}`, `连续 ${checks} 次成立`);
}
