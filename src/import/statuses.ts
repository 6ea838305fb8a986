/** Status marks a document writes for itself: ✅ ❌ ⚠️ boxes, result cells (通过 / 未通过), `**状态**: ✅ 已完成`. */
import type { ImportedItem } from './types.js';

export type Status = ImportedItem['status'];

const statusMarks: readonly (readonly [RegExp, Status])[] = [
  [/^\s*(✅|✔️?|☑️?|■|\[x\]|✓)\s*/iu, 'done'],
  [/^\s*(❌|✗|✘|×|⛔)\s*/u, 'failed'],
  [/^\s*(⚠️?|❗|❓)\s*/u, 'warn'],
  [/^\s*(□|☐|◻️?|⬜|\[ \])\s*/u, 'todo'],
];

export function takeMark(text: string): { text: string; mark?: Status } {
  for (const [pattern, mark] of statusMarks) {
    const match = pattern.exec(text);
    if (match) return { text: text.slice(match[0].length), mark };
  }
  return { text };
}

