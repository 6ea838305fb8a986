import { evaluateCondition, parseCondition, referencedFacts } from '../../expect/index.js';
import { bi, type Bilingual } from '../../i18n/text.js';

/** A condition over monitor values: it holds, it does not, or the data to say is missing. */
export type Verdict = 'holds' | 'fails' | 'inconclusive';

/** Monitor values of one sample, by monitor id; undefined when the monitor gave no data (no traffic, query empty). */
export type MonitorValues = Readonly<Record<string, number | undefined>>;

/** Judges one condition such as `error_rate > 1%`; a monitor without data makes it inconclusive, never a silent pass. */
export function judgeCondition(source: string, values: MonitorValues): { verdict: Verdict; message: Bilingual } {
  const parsed = parseCondition(source);
  if (!parsed.ok) return { verdict: 'inconclusive', message: parsed.error.message };
  const missing = referencedFacts(parsed.condition).filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    return { verdict: 'inconclusive', message: bi(`${source}: no data from ${missing.join(', ')}`, `${source}：${missing.join('、')} 没有数据`) };
  }
  const outcome = evaluateCondition(parsed.condition, values);
  return { verdict: outcome.passed ? 'holds' : 'fails', message: outcome.message };
}

/** The values a decision quotes: every monitor of the sample, null for no data. */
export function quotedValues(values: MonitorValues): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value ?? null]));
}
