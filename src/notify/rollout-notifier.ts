import { bi } from '../core/text.js';
import type { RolloutEvent } from '../orchestrate/rollout/state.js';
import type { Plan } from '../plan/schema.js';
import type { Store } from '../store/store.js';
import { deliver, type DeliverOptions } from './deliver.js';
import { notifyIncident } from './incidents.js';
import type { Notice } from './notifier.js';
import { runLink } from './render.js';
import { planTargets, type TargetSource } from './stored-target.js';

/** What the rollout engine's notifier port needs to reach the plan's chat targets. */
export interface RolloutNotifierOptions extends DeliverOptions {
  readonly store: Pick<Store, 'transitionIncident' | 'settleIncident'>;
  /** The plan with its variables filled in (target URLs and secrets). */
  readonly plan: Pick<Plan, 'name' | 'notifications' | 'rollout'>;
  /** Where messages go, asked at each event (default: the plan's `notifications`). */
  readonly targets?: TargetSource;
  readonly runId: string;
  readonly release: string | null;
  readonly env: NodeJS.ProcessEnv;
}

/** Rollout events that mean something is wrong; the rest are progress. */
const alarming = new Set(['aborted', 'guard.failed', 'stage.failed', 'rollback.failed']);

/**
 * The rollout engine's `notify` port: a fired rollback trigger is an incident (one alert per target, kept across
 * restarts, to the targets `onTrigger.notify` names or all) and its clearing the incident's one "resolved"; other
 * events go to every target as they happen.
 * Failures are returned to the engine, which records them and goes on.
 */
export function rolloutNotifier(options: RolloutNotifierOptions): (event: RolloutEvent) => Promise<void> {
  const named = options.plan.rollout?.onTrigger?.notify;
  const release = options.release ?? '—';
  return async (event) => {
    const all = await (options.targets ?? planTargets)(options.plan);
    const at = new Date(event.at);
    const lines = [bi(`run ${options.runId}, release ${release}`, `运行 ${options.runId}，版本 ${release}`)];
    const link = runLink(options.env, options.runId);
    if (event.type === 'trigger.fired' || event.type === 'trigger.resolved') {
      const trigger = typeof event.data?.trigger === 'string' ? event.data.trigger : 'trigger';
      const firing = event.type === 'trigger.fired';
      const onTrigger = named && named.length > 0 ? all.filter((target) => named.includes(target.id)) : all;
      const outcomes = await notifyIncident(options.store, onTrigger, { key: `trigger:${options.runId}:${trigger}`, firing, title: event.message, lines, link, now: at }, options);
      const failed = outcomes.filter((outcome) => outcome.delivery && !outcome.delivery.delivered);
      if (failed.length > 0) throw new Error(failed.map((outcome) => outcome.delivery?.error?.en).join('; '));
      return;
    }
    const notice: Notice = { kind: alarming.has(event.type) ? 'alert' : 'info', title: event.message, lines, link, at };
    const deliveries = await Promise.all(all.map((target) => deliver(target, notice, options)));
    const failed = deliveries.filter((delivery) => !delivery.delivered);
    if (failed.length > 0) throw new Error(failed.map((delivery) => delivery.error?.en).join('; '));
  };
}
