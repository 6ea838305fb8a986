import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { clockFromEnv } from '../orchestrate/clock.js';
import type { MonitorState } from '../orchestrate/monitor/hysteresis.js';
import { monitorJobs, monitorQueue, monitorsUnderWay } from '../orchestrate/monitor/job.js';
import { monitorIncidentKey } from '../notify/monitor-notifier.js';
import type { IncidentRecord, NewJob, RunRecord, Store, StoredMonitorState } from '../store/store.js';

/** The monitors scheduled for a run: the chains started now, those already going on, and monitors no check reads. */
export interface ScheduledMonitors {
  readonly added: number;
  readonly chains: number;
  readonly jobs: readonly NewJob[];
  /** Monitors without a check: scheduled, but inconclusive until the plan gives them one. */
  readonly unread: readonly string[];
}

/**
 * Starts each monitor's chain of evaluations for a run from `startedAt` (default: now by the environment's clock) for
 * `windowMs`; a monitor whose chain is already going on gets no second one. Scheduling needs only the run's snapshot
 * (ids, schedules, time zone): each evaluation loads the plan as it is then.
 */
export async function scheduleMonitors(input: { readonly store: Store; readonly run: RunRecord; readonly planPath: string; readonly env: NodeJS.ProcessEnv; readonly windowMs: number; readonly startedAt?: number }): Promise<ScheduledMonitors> {
  const { store, run } = input;
  const plan = run.plan;
  if (!plan.monitors?.length) throw new GoliveError('monitor.none', bi(`the plan of ${run.id} has no monitors`, `${run.id} 的计划没有监控项（monitors）`));
  const { jobs: chains, problems } = monitorJobs(run, plan, input.planPath, input.startedAt ?? clockFromEnv(input.env).now(), input.windowMs);
  if (problems.length > 0) throw new GoliveError('monitor.schedule', bi(problems.map((problem) => problem.en).join('\n'), problems.map((problem) => problem.zh).join('\n')));
  const { added, jobs } = await store.scheduleJobs({ queue: monitorQueue, runId: run.id }, (existing) => {
    const underWay = monitorsUnderWay(existing.filter((job) => job.status === 'queued' || job.status === 'running'));
    return { jobs: chains.filter((job) => !underWay.has((job.payload as { monitor?: string }).monitor ?? '')) };
  });
  return { added, chains: chains.length, jobs, unread: plan.monitors.filter((candidate) => !candidate.check).map((candidate) => candidate.id) };
}

/** One monitor of a run as people see it: what it measures, its hysteresis state (null before the first evaluation), its incidents. */
export interface MonitorView {
  readonly id: string;
  readonly metric: string;
  readonly threshold: string | null;
  readonly state: MonitorState | null;
  readonly incidents: readonly IncidentRecord[];
}

/** The ids of a run's monitors: the plan's, then any with a stored state that the plan no longer names. */
export function monitorIdsOf(run: RunRecord, states: readonly StoredMonitorState[]): string[] {
  const planned = (run.plan.monitors ?? []).map((monitor) => monitor.id);
  return [...planned, ...states.map((stored) => stored.monitorId).filter((id) => !planned.includes(id))];
}

/** Every monitor of the run's plan, then any with a stored state that the plan no longer names. */
export async function monitorStatus(store: Store, run: RunRecord): Promise<MonitorView[]> {
  const states = await store.monitorStates(run.id);
  const planned = run.plan.monitors ?? [];
  const ids = monitorIdsOf(run, states);
  const incidents = await store.incidents({ keys: ids.map((id) => monitorIncidentKey(run.id, id)) });
  return ids.map((id) => {
    const spec = planned.find((candidate) => candidate.id === id);
    return {
      id,
      metric: spec?.metric ?? id,
      threshold: spec?.threshold ?? null,
      state: (states.find((stored) => stored.monitorId === id)?.state as unknown as MonitorState | undefined) ?? null,
      incidents: incidents.filter((incident) => incident.key === monitorIncidentKey(run.id, id)),
    };
  });
}
