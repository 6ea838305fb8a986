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

/** A result cell or a status label's value: ✅ / 通过 / pass → done, ❌ / 未通过 / fail → failed, ⚠️ / 部分 → warn. */
export function statusOfCell(cell: string): Status | undefined {
  const text = cell.replace(/\*\*/g, '').trim();
  if (text === '') return undefined;
  if (/^(❌|✗|✘|×|⛔)|未通过|不通过|失败|未完成|^(fail(ed)?|no|n|x|否|blocked)$/iu.test(text)) return 'failed';
  if (/^(⚠️?|❗)|部分|待确认|有风险|^(warn(ing)?|partial)$/iu.test(text)) return 'warn';
  if (/^(✅|✔️?|☑️?|✓)|已完成|已通过|^(通过|完成|是|已确认|正常|ok|pass(ed)?|done|yes|y)$/iu.test(text)) return 'done';
  if (/^(⬜|☐|□)|待办|未开始|进行中|^(todo|pending|open|in progress|wip|-)$/iu.test(text)) return 'todo';
  return undefined;
}
