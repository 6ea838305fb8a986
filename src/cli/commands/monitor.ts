import { Option } from '@commander-js/extra-typings';
import { GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import { formatDuration, parseDuration } from '../../core/fields.js';
import { formatMonitorValue } from '../../orchestrate/monitor/format.js';
import { consecutiveText } from '../../orchestrate/held.js';
import type { MonitorState, MonitorStatus } from '../../orchestrate/monitor/hysteresis.js';
import { hysteresisRule, type PlanMonitor } from '../../orchestrate/monitor/read.js';
import type { MonitorView } from '../../service/monitor.js';
import type { IncidentRecord } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { fromOption, timeOf } from '../time.js';

const statusLabels: Readonly<Record<MonitorStatus, { mark: string; label: Bilingual }>> = {
  ok: { mark: '✔', label: bi('ok', '正常') },
  alerting: { mark: '✖', label: bi('alerting', '告警中') },
  inconclusive: { mark: '?', label: bi('inconclusive', '无法判断') },
};

function windowOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 60_000) throw new GoliveError('usage.for', bi(`--for takes a duration such as 7d, got "${text}"`, `--for 需要时长，例如 7d，收到 "${text}"`));
  return ms;
}

function incidentLine(ctx: CliContext, incidents: readonly IncidentRecord[], zone: string | undefined): string | undefined {
  const open = incidents.filter((incident) => incident.state === 'firing');
  if (open.length === 0) return undefined;
  const sent = open.filter((incident) => incident.alertedAt !== null);
  const opened = timeOf(ctx, Math.min(...open.map((incident) => Date.parse(incident.openedAt))), zone);
  const to = sent.map((incident) => incident.target).join(', ');
  return ctx.t(
    bi(
      `incident open since ${opened}; alert ${sent.length > 0 ? `sent to ${to}` : 'not delivered yet (tried again at the next evaluation)'}`,
      `事件自 ${opened} 起未恢复；告警${sent.length > 0 ? `已发送至 ${to}` : '尚未送达（下次评估时重试）'}`,
    ),
  );
}

/**
 * What the hysteresis is counting: the breach under way (since when, and on how many consecutive checks for a `for: 3x`),
 * what decided an open alert (with the value then), and a recovery under way for a `clearFor: 3x`.
 */
function streakLines(ctx: CliContext, state: MonitorState, monitor: PlanMonitor | undefined, zone: string | undefined): string[] {
  // The interval only matters to a default clearFor in time, which is not shown.
  const rule = monitor ? hysteresisRule(monitor, 60_000) : undefined;
  const breaches = state.breaches ?? 0;
  const lines: string[] = [];
  if (!state.alerting && state.breachSince !== null) {
    const since = timeOf(ctx, state.breachSince, zone);
    lines.push(
      ctx.t(
        rule?.forChecks !== undefined
          ? bi(`over the threshold on ${breaches} consecutive check(s) since ${since} (it alerts when they reach ${rule.forChecks}: for: ${rule.forChecks}x)`, `自 ${since} 起连续 ${breaches} 次超出阈值（连续 ${rule.forChecks} 次后告警）`)
          : bi(`over the threshold since ${since} (alerts after its for)`, `自 ${since} 起超出阈值（持续满 for 后告警）`),
      ),
    );
  }
  const decided = state.alerting ? state.alertedAfter : undefined;
  if (decided) {
    const value = formatMonitorValue(decided.value, monitor?.threshold);
    const held = decided.consecutive ? consecutiveText(decided.checks) : bi(`held for ${formatDuration(decided.heldMs)}`, `持续 ${formatDuration(decided.heldMs)}`);
    lines.push(ctx.t(bi(`alerted: the breach ${held.en} (${value})`, `已告警：超出阈值${held.zh}（${value}）`)));
  }
  const recoveries = state.recoveries ?? 0;
  if (state.alerting && recoveries > 0 && rule?.clearForChecks !== undefined) {
    lines.push(ctx.t(bi(`recovering: ${recoveries} of ${rule.clearForChecks} consecutive checks before "resolved"`, `正在恢复：已连续 ${recoveries} 次恢复（连续 ${rule.clearForChecks} 次后发送恢复通知）`)));
  }
  return lines;
}

function render(ctx: CliContext, runId: string, views: readonly MonitorView[], monitors: readonly PlanMonitor[], zone: string | undefined): string {
  const counts = new Map<string, number>();
  for (const view of views) counts.set(view.state?.status ?? 'new', (counts.get(view.state?.status ?? 'new') ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status === 'new' ? ctx.t(bi('not evaluated yet', '尚未评估')) : ctx.t(statusLabels[status as MonitorStatus].label)}`).join(', ');
  const width = Math.max(...views.map((view) => view.id.length));
  const lines = [ctx.t(bi(`${runId} · monitors: ${summary}`, `${runId} · 监控：${summary}`))];
  for (const view of views) {
    const state = view.state;
    const head = `  ${state ? statusLabels[state.status].mark : '·'} ${view.id.padEnd(width)}  ${view.metric}`;
    if (!state) {
      lines.push(`${head}  ${ctx.t(bi('not evaluated yet', '尚未评估'))}`);
      continue;
    }
    const value = formatMonitorValue(state.lastValue, view.threshold ?? undefined);
    lines.push(`${head}  ${ctx.t(statusLabels[state.status].label)} ${ctx.t(bi('since', '自'))} ${timeOf(ctx, state.since, zone)}  ${value}${view.threshold ? ` (${view.threshold})` : ''}`);
    if (state.alerting && state.status !== 'alerting') lines.push(`      ${ctx.t(bi('still alerting: no recovery seen', '仍在告警：尚未观察到恢复'))}`);
    lines.push(...streakLines(ctx, state, monitors.find((candidate) => candidate.id === view.id), zone).map((line) => `      ${line}`));
    if (state.lastReason) lines.push(`      ${ctx.t(state.lastReason)}`);
    const incident = incidentLine(ctx, view.incidents, zone);
    if (incident) lines.push(`      ${incident}`);
  }
  return `${lines.join('\n')}\n`;
}

export const monitorCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const monitor = program
      .command('monitor')
      .description(t(bi("the plan's monitors (CPU > 80%, 错误率 > 5%): evaluated on their schedule with hysteresis, one alert and one \"resolved\" per incident", '计划中的监控项（CPU > 80%、错误率 > 5%）：按计划评估并防抖，每次事件一条告警、一条恢复通知')))
      .addHelpText('after', examplesHelp(t, ['golive monitor start', 'golive worker', 'golive monitor status']));

    monitor
      .command('start')
      .description(t(bi("evaluate the plan's monitors for a run from now on; `golive worker` does each evaluation when due", '从现在起为运行评估计划中的监控项；由 `golive worker` 按时执行每次评估')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest run)", '运行 ID（默认：计划最近的运行）')))
      .option('--from <time>', t(bi('first evaluation as a date and time (default: now)', '首次评估的日期时间（默认：现在）')))
      .option('--for <duration>', t(bi('how long to keep evaluating (default 7d)', '持续评估多久（默认 7d）')), '7d')
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const { scheduleMonitors } = await import('../../service/monitor.js');
          const startedAt = fromOption(options.from);
          const { added, chains, jobs, unread } = await scheduleMonitors({ store: sc.store, run, planPath: sc.planPath, env: ctx.env, windowMs: windowOf(options.for), ...(startedAt === undefined ? {} : { startedAt }) });
          ctx.out(
            `${ctx.t(
              bi(
                `${run.id}: ${added} monitor(s) scheduled (${chains - added} already were), first evaluation ${jobs[0]?.dueAt ?? '-'}; run \`golive worker\` to evaluate them`,
                `${run.id}：已安排 ${added} 个监控项（${chains - added} 个此前已安排），首次评估 ${jobs[0]?.dueAt ?? '-'}；运行 \`golive worker\` 执行评估`,
              ),
            )}\n`,
          );
          if (unread.length > 0) {
            ctx.err(ctx.t(bi(`without a check, these stay inconclusive until one is added: ${unread.join(', ')}`, `以下监控项没有 check，在添加之前始终无法判断：${unread.join('、')}`)));
          }
        });
      });

    monitor
      .command('status')
      .description(t(bi('each monitor of a run: its state (ok, alerting, inconclusive) and since when, its last value, open incidents', '运行的每个监控项：状态（正常、告警中、无法判断）及起始时间、最近的数值、未恢复的事件')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest run)", '运行 ID（默认：计划最近的运行）')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const { monitorStatus } = await import('../../service/monitor.js');
          const views = await monitorStatus(sc.store, run);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ run: run.id, monitors: views.map((view) => ({ ...view, state: view.state && { ...view.state, lastReason: view.state.lastReason && ctx.t(view.state.lastReason) } })) }, null, 2)}\n`);
            return;
          }
          if (views.length === 0) {
            ctx.out(`${ctx.t(bi(`${run.id}: the plan has no monitors`, `${run.id}：计划没有监控项`))}\n`);
            return;
          }
          ctx.out(render(ctx, run.id, views, run.plan.monitors ?? [], run.plan.timezone));
        });
      });
  },
};
