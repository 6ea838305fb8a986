import { Option } from '@commander-js/extra-typings';
import { bi } from '../../core/text.js';
import type { InspectionDay } from '../../orchestrate/inspect.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { fromOption } from '../time.js';

function cell(day: InspectionDay | undefined): string {
  if (!day) return '  · ';
  if (day.failedItems > 0 || day.couldNotRun > 0) return '  ✖ ';
  if (day.running > 0) return '  ▶ ';
  if (day.done === day.jobs) return '  ✔ ';
  return day.done > 0 ? '  ◐ ' : '  ○ ';
}

function legend(ctx: CliContext): string {
  return ctx.t(bi('✔ all passed  ✖ failures  ◐ partly done  ▶ running  ○ to come  · none that day', '✔ 全部通过  ✖ 有失败  ◐ 部分完成  ▶ 进行中  ○ 未到时间  · 当天无巡检'));
}

export const inspectCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const inspect = program
      .command('inspect')
      .description(t(bi('post-launch inspections (T+0 … T+7): schedule them for a run, see them at a glance', '上线后巡检（T+0 … T+7）：为运行安排巡检，一览结果')))
      .addHelpText('after', examplesHelp(t, ['golive inspect start', 'golive worker', 'golive inspect status']));

    inspect
      .command('start')
      .description(t(bi("schedule the plan's inspections for a run from now (T+0); `golive worker` runs them when due", '从现在（T+0）起为运行安排计划中的巡检；由 `golive worker` 按时执行')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest run)", '运行 ID（默认：计划最近的运行）')))
      .option('--from <time>', t(bi('T+0 as a date and time (default: now)', 'T+0 的日期时间（默认：现在）')))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const startedAt = fromOption(options.from);
          const { scheduleInspections } = await import('../../service/inspect.js');
          const { added, jobs } = await scheduleInspections({ store: sc.store, run, planPath: sc.planPath, env: ctx.env, ...(startedAt === undefined ? {} : { startedAt }) });
          ctx.out(
            `${ctx.t(
              bi(
                `${run.id}: ${added} inspection(s) scheduled (${jobs.length - added} already were), first ${jobs[0]?.dueAt ?? '-'}, last ${jobs.at(-1)?.dueAt ?? '-'}; run \`golive worker\` to carry them out`,
                `${run.id}：已安排 ${added} 次巡检（${jobs.length - added} 次此前已安排），首次 ${jobs[0]?.dueAt ?? '-'}，末次 ${jobs.at(-1)?.dueAt ?? '-'}；运行 \`golive worker\` 执行`,
              ),
            )}\n`,
          );
        });
      });

    inspect
      .command('status')
      .description(t(bi('the inspections of a run day by day, T+0 … T+7, with what failed', '按天显示运行的巡检（T+0 … T+7）及失败项')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest run)", '运行 ID（默认：计划最近的运行）')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const { inspectionStatus } = await import('../../service/inspect.js');
          const { jobs, grid } = await inspectionStatus(sc.store, run);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ run: run.id, inspections: Object.fromEntries(grid), jobs: jobs.map((job) => ({ id: job.id, dueAt: job.dueAt, status: job.status, worker: job.worker, attempts: job.attempts, result: job.result })) }, null, 2)}\n`);
            return;
          }
          if (jobs.length === 0) {
            ctx.out(`${ctx.t(bi(`${run.id}: no inspections scheduled (\`golive inspect start\`)`, `${run.id}：尚未安排巡检（\`golive inspect start\`）`))}\n`);
            return;
          }
          const days = Math.max(...[...grid.values()].map((row) => row.length));
          const width = Math.max(...[...grid.keys()].map((id) => id.length));
          const header = `${' '.repeat(width)} ${Array.from({ length: days }, (_, day) => `T+${day}`.padStart(4)).join('')}`;
          const rows = [...grid].map(([id, row]) => `${id.padEnd(width)} ${Array.from({ length: days }, (_, day) => cell(row[day])).join('')}`);
          const failures = jobs.flatMap((job) => {
            const result = job.result as { failures?: Array<{ itemId: string; status: string; reason: { en: string; zh: string } | null }>; error?: { en: string; zh: string } } | null;
            if (job.status === 'failed') return [`  ! ${job.dueAt} ${String((job.payload as { inspection?: string }).inspection)}: ${result?.error ? ctx.t(result.error) : ''}`];
            return (result?.failures ?? []).map((failure) => `  ✖ ${job.dueAt} ${failure.itemId} ${failure.status}${failure.reason ? `: ${ctx.t(failure.reason)}` : ''}`);
          });
          const done = jobs.filter((job) => job.status === 'done' || job.status === 'failed').length;
          ctx.out(
            [
              ctx.t(bi(`${run.id} · inspections: ${done}/${jobs.length} done`, `${run.id} · 巡检：已完成 ${done}/${jobs.length}`)),
              header,
              ...rows,
              legend(ctx),
              ...(failures.length ? [ctx.t(bi('Failures:', '失败：')), ...failures] : []),
            ].join('\n') + '\n',
          );
        });
      });
  },
};
