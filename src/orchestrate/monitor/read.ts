import type { BaseCheck } from '../../checks/base.js';
import { bi, type Bilingual } from '../../core/text.js';
import { persistenceOf, type Persistence } from '../../core/fields.js';
import type { Plan } from '../../plan/schema.js';
import type { CheckOutcome } from '../../runner/run-check.js';
import { observedNumber, runCheckOnce, type CheckScope } from '../check-once.js';
import { judgeCondition } from '../rollout/judge.js';
import type { HysteresisRule, MonitorSample } from './hysteresis.js';

export type PlanMonitor = NonNullable<Plan['monitors']>[number];

/** Evaluations a recovery must last at least, when the plan gives no `clearFor`: one good reading is not a recovery. */
const minClearEvaluations = 3;

/**
 * The monitor's hysteresis as the plan writes it; `intervalMs` is the time between its evaluations. Without `clearFor`,
 * a recovery lasts as long as `for` and at least three evaluations, counted the way `for` counts (`5x` → `5x`, `1x` → `3x`).
 */
export function hysteresisRule(monitor: PlanMonitor, intervalMs: number): HysteresisRule {
  const alertAfter: Persistence = monitor.for === undefined ? { ms: 0 } : persistenceOf(monitor.for);
  const clearAfter: Persistence =
    monitor.clearFor !== undefined
      ? persistenceOf(monitor.clearFor)
      : 'checks' in alertAfter
        ? { checks: Math.max(alertAfter.checks, minClearEvaluations) }
        : { ms: Math.max(alertAfter.ms, minClearEvaluations * intervalMs) };
  return {
    forMs: 'ms' in alertAfter ? alertAfter.ms : 0,
    clearForMs: 'ms' in clearAfter ? clearAfter.ms : 0,
    ...('checks' in alertAfter ? { forChecks: alertAfter.checks } : {}),
    ...('checks' in clearAfter ? { clearForChecks: clearAfter.checks } : {}),
    onInconclusive: monitor.onInconclusive ?? 'keep',
  };
}

/**
 * Reads a monitor once. With a `threshold` the check's observed value is judged by it (and by `clearWhen` for
 * recovery); without one the check's own `expect` decides. No check, no value or a check that errs is inconclusive,
 * with the reason.
 */
export async function readMonitor(scope: CheckScope, monitor: PlanMonitor): Promise<MonitorSample> {
  if (!monitor.check) {
    return inconclusive(bi(`monitor ${monitor.id} (${monitor.metric}) has no check to read it: add one, e.g. a prometheus query`, `监控项 ${monitor.id}（${monitor.metric}）没有读取数值的 check：请添加，例如 prometheus 查询`));
  }
  if (monitor.threshold === undefined) {
    if (!monitor.check.expect?.length) {
      return inconclusive(bi(`monitor ${monitor.id} has nothing to judge by: give it a threshold such as value <= 80%, or its check an expect`, `监控项 ${monitor.id} 没有判断依据：请设置阈值（例如 value <= 80%）或为 check 写 expect`));
    }
    const outcome = await runCheckOnce(scope, monitor.check as BaseCheck);
    const value = observedNumber(outcome);
    const base = value === undefined ? {} : { value };
    if (outcome?.status === 'pass' || outcome?.status === 'warn') return { verdict: 'healthy', recovered: true, reason: null, ...base };
    if (outcome?.status === 'fail') return { verdict: 'breach', recovered: false, reason: failure(outcome), ...base };
    return { ...inconclusive(failure(outcome)), ...base };
  }
  const outcome = await runCheckOnce(scope, { ...(monitor.check as BaseCheck), expect: [] });
  const value = observedNumber(outcome);
  if (value === undefined) {
    const noValue = outcome?.evidence.observed?.noValue as Bilingual | undefined;
    return inconclusive(noValue ?? failure(outcome));
  }
  const judged = judgeCondition(monitor.threshold, { value });
  if (judged.verdict === 'inconclusive') return { ...inconclusive(judged.message), value };
  if (judged.verdict === 'fails') return { verdict: 'breach', recovered: false, value, reason: judged.message };
  const recovered = monitor.clearWhen === undefined || judgeCondition(monitor.clearWhen, { value }).verdict === 'holds';
  return { verdict: 'healthy', recovered, value, reason: null };
}

function inconclusive(reason: Bilingual): MonitorSample {
  return { verdict: 'inconclusive', recovered: false, reason };
}

function failure(outcome: CheckOutcome | undefined): Bilingual {
  if (!outcome) return bi('the check could not be set up (unknown kind or invalid fields: see `golive lint`)', '无法执行该检查（类型未知或字段无效：见 `golive lint`）');
  return outcome.evidence.reason ?? outcome.evidence.conditions?.find((record) => !record.passed)?.message ?? bi(`the check ended ${outcome.status}`, `检查结果为 ${outcome.status}`);
}
