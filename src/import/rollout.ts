/**
 * Rollout stages as teams write them: one per line (`灰度发布给 5% 用户`, `Canary to 10% of pods, hold 30 minutes`,
 * `观察 2 小时后全量发布`) or several in one sentence (`先灰度 5%，观察 2 小时，再 30%，次日全量`).
 */
import type { ImportedStage } from './types.js';

export type Stage = ImportedStage & { line: number };

const unit = '(小时|h(?:ours?)?|天|d(?:ays?)?|分钟|min(?:utes?)?|周|weeks?)';

export function durationText(amount: string, unitText: string): string | undefined {
  if (/^(小时|h)/i.test(unitText)) return `${amount}h`;
  if (/^(天|d)/i.test(unitText)) return `${amount}d`;
  if (/^(分钟|min)/i.test(unitText)) return `${amount}m`;
  if (/^(周|week)/i.test(unitText)) return `${Number(amount) * 7}d`;
  return undefined;
}

/** `观察 2 小时`, `hold 30 minutes`, `24小时后`, `次日` / `next day` in a piece of text. */
function holdIn(text: string): string | undefined {
  const hold = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${unit}\\s*(?:后|later|after)|(?:观察|hold|watch|持续观察|wait|for|稳定)\\s*(\\d+(?:\\.\\d+)?)\\s*${unit}`, 'i').exec(text);
  if (hold) return durationText(hold[1] ?? hold[3] ?? '', hold[2] ?? hold[4] ?? '');
  if (/次日|第二天|隔天|next day|the day after|another day|a day later/i.test(text)) return '1d';
  return undefined;
}

/** Several stages in one sentence; undefined when the text names fewer than two. */
export function stagesInProse(text: string, line: number): Stage[] | undefined {
  if (!/灰度|gray|grey|canary|放量|rollout|roll out|release to|发布给|全量|phased|分批|staged/i.test(text)) return undefined;
  const marks = [...text.matchAll(/(\d{1,3}(?:\.\d+)?)\s*%|全量|full rollout|all users|全部用户/gi)];
  if (marks.length < 2) return undefined;
  const stages: Stage[] = [];
  marks.forEach((mark, index) => {
    const percent = mark[1] === undefined ? 100 : Number(mark[1]);
    if (!(percent > 0 && percent <= 100) || stages.some((s) => s.percent === percent)) return;
    // The wait written between this stage and the next (`观察 2 小时，再 30%`, `次日全量`) holds this stage.
    const between = text.slice((mark.index ?? 0) + mark[0].length, marks[index + 1]?.index ?? text.length);
    const nextLead = marks[index + 1] === undefined ? '' : text.slice(Math.max(0, (marks[index + 1]?.index ?? 0) - 6), marks[index + 1]?.index ?? 0);
    const hold = holdIn(between) ?? holdIn(nextLead);
    stages.push({ percent, line, manual: mark[0], ...(hold === undefined || percent === 100 ? {} : { hold }) });
  });
  return stages.length >= 2 ? stages : undefined;
}

/** One stage written on an item's line; adds to `stages` and returns nothing (a hold alone extends the previous stage). */
export function stageOfLine(text: string, line: number, title: string, stages: Stage[]): void {
  const holdText = holdIn(text);
  const partial = /(?:灰度|gray|grey|canary|放量|rollout|release to|发布给?)[^\n%]{0,16}?(\d{1,2}(?:\.\d+)?)\s*%/i.exec(text);
  const full = /全量|full rollout|100\s*%|all users|全部用户/i.test(text);
  if (partial) {
    const percent = Number(partial[1]);
    if (percent > 0 && percent < 100 && !stages.some((s) => s.percent === percent)) stages.push({ percent, manual: title, line, ...(holdText === undefined ? {} : { hold: holdText }) });
  } else if (full && stages.length > 0 && !stages.some((s) => s.percent === 100)) {
    const previous = stages.at(-1);
    if (previous && holdText !== undefined && previous.hold === undefined) previous.hold = holdText;
    stages.push({ percent: 100, manual: title, line });
  } else if (holdText !== undefined && /灰度|gray|canary|稳定|stable/i.test(text)) {
    const previous = stages.at(-1);
    if (previous && previous.hold === undefined) previous.hold = holdText;
  }
}
