import type { Bilingual } from '../core/text.js';
import type { Plan, PlanItem } from '../plan/schema.js';
import type { ResultStatus } from '../core/result.js';
import type { Score } from './score.js';
import { itemPriority, resultsByItem, statusOf } from './score.js';
import type { GateReason, ScoredResult, Signoff, Waiver } from '../core/launch.js';
import { validWaiverFor } from './waivers.js';

/** Minimum overall score when the plan sets no `gate.threshold`. */
export const defaultThreshold = 8;

/** Blocker statuses that satisfy the gate: `warn` is a pass whose warn-only conditions failed. */
export const gatePassingStatuses: ReadonlySet<ResultStatus> = new Set(['pass', 'warn']);

/** Why the gate is closed (or, in `accepted`, a risk that was accepted); readable in both languages. */
export type { GateReason } from '../core/launch.js';

/** The gate decision of a run. */
export interface GateDecision {
  readonly passed: boolean;
  /** Every reason the gate failed, in order: blockers (plan order), sign-offs (role order), score. */
  readonly reasons: readonly GateReason[];
  /** Blockers that did not pass but are covered by a valid waiver (accepted risk). */
  readonly accepted: readonly GateReason[];
  /** The threshold the score was held against. */
  readonly threshold: number;
}

const statusText: Record<ResultStatus, Bilingual> = {
  pass: { en: 'passed', zh: '通过' },
  fail: { en: 'failed', zh: '失败' },
  warn: { en: 'passed with warnings', zh: '通过（有警告）' },
  skip: { en: 'skipped (not verified)', zh: '已跳过（未验证）' },
  error: { en: 'could not be checked (error)', zh: '无法检查（出错）' },
  pending: { en: 'not verified yet (pending)', zh: '尚未验证（待确认）' },
};

/** The blocker items of a plan, in plan order. */
export function blockerItems(plan: Plan): PlanItem[] {
  return plan.items.filter((item) => itemPriority(item) === 'blocker');
}

/** Status of every blocker, as a sign-off records it. */
export function blockerStatuses(plan: Plan, results: Iterable<ScoredResult>): Record<string, ResultStatus> {
  const byItem = resultsByItem(results);
  return Object.fromEntries(blockerItems(plan).map((item) => [item.id, statusOf(item.id, byItem)]));
}

/** The latest sign-off of each role. */
export function latestSignoffs(signoffs: readonly Signoff[]): Map<string, Signoff> {
  const latest = new Map<string, Signoff>();
  for (const signoff of signoffs) {
    const current = latest.get(signoff.role);
    if (!current || Date.parse(signoff.at) >= Date.parse(current.at)) latest.set(signoff.role, signoff);
  }
  return latest;
}

/** Blockers whose status differs from what a sign-off signed, as `id: before → now`. */
export function signoffChanges(signoff: Signoff, currentBlockers: Readonly<Record<string, ResultStatus>>): string[] {
  const changes: string[] = [];
  for (const [itemId, now] of Object.entries(currentBlockers)) {
    const before = signoff.blockers[itemId] ?? 'pending';
    if (before !== now) changes.push(`${itemId}: ${before} → ${now}`);
  }
  return changes;
}

/**
 * Decides whether a run may go live: every blocker passed or is validly waived, every role with
 * `signoff: true` signed and nothing it signed changed since, and the score meets the threshold.
 * Lists every reason, not just the first.
 */
export function evaluateGate(
  plan: Plan,
  results: Iterable<ScoredResult>,
  waivers: readonly Waiver[],
  signoffs: readonly Signoff[],
  score: Score,
  now: Date,
): GateDecision {
  const byItem = resultsByItem(results);
  const reasons: GateReason[] = [];
  const accepted: GateReason[] = [];

  for (const item of blockerItems(plan)) {
    const status = statusOf(item.id, byItem);
    if (gatePassingStatuses.has(status)) continue;
    const waiver = validWaiverFor(item.id, waivers, now);
    if (waiver) {
      accepted.push({
        code: 'waived',
        subject: item.id,
        en: `Blocker ${item.id} (${item.title}) ${statusText[status].en}; risk accepted by ${waiver.approver} until ${waiver.expiresAt}: ${waiver.reason}`,
        zh: `阻塞项 ${item.id}（${item.title}）${statusText[status].zh}；${waiver.approver} 已接受该风险，有效期至 ${waiver.expiresAt}：${waiver.reason}`,
      });
      continue;
    }
    const expired = waivers.some((candidate) => candidate.itemId === item.id);
    reasons.push({
      code: 'blocker',
      subject: item.id,
      en: `Blocker ${item.id} (${item.title}) ${statusText[status].en}${expired ? '; its waiver expired or was withdrawn' : ''}`,
      zh: `阻塞项 ${item.id}（${item.title}）${statusText[status].zh}${expired ? '；其豁免已过期或已撤销' : ''}`,
    });
  }

  const currentBlockers = blockerStatuses(plan, byItem.values());
  const latest = latestSignoffs(signoffs);
  for (const role of plan.roles ?? []) {
    if (!role.signoff) continue;
    const label = role.title ? `${role.id} (${role.title})` : role.id;
    const signoff = latest.get(role.id);
    if (!signoff) {
      reasons.push({ code: 'signoff.missing', subject: role.id, en: `Sign-off missing: ${label}`, zh: `缺少签字确认：${label}` });
      continue;
    }
    const changes = signoffChanges(signoff, currentBlockers);
    if (changes.length > 0) {
      reasons.push({
        code: 'signoff.invalidated',
        subject: role.id,
        en: `Sign-off by ${signoff.by} for ${label} is no longer valid: blocker results changed after signing (${changes.join(', ')})`,
        zh: `${signoff.by} 对 ${label} 的签字已失效：签字后阻塞项结果发生变化（${changes.join('，')}）`,
      });
    }
  }

  const threshold = plan.gate?.threshold ?? defaultThreshold;
  if (score.overall < threshold) {
    reasons.push({
      code: 'score',
      en: `Readiness score ${score.overall.toFixed(1)}/10 is below the threshold ${threshold}`,
      zh: `就绪度评分 ${score.overall.toFixed(1)}/10 低于门槛 ${threshold}`,
    });
  }

  return { passed: reasons.length === 0, reasons, accepted, threshold };
}
