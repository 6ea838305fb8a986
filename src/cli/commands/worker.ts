import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { parseDuration } from '../../core/fields.js';
import { Option } from '@commander-js/extra-typings';
import type { JobOutcome } from '../../orchestrate/job-types.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, withStore } from '../plan-store.js';

function leaseOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1_000) throw new GoliveError('usage.lease', bi(`--lease takes a duration such as 10m, got "${text}"`, `--lease 需要时长，例如 10m，收到 "${text}"`));
  return ms;
}

const maxConcurrency = 100;

function concurrencyOf(text: string): number {
  const slots = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(slots) || slots < 1 || slots > maxConcurrency) {
    throw new GoliveError('usage.concurrency', bi(`--concurrency takes a whole number of jobs from 1 to ${maxConcurrency}, got "${text}"`, `--concurrency 需要 1 到 ${maxConcurrency} 之间的整数（同时执行的任务数），收到 "${text}"`));
  }
  return slots;
}

export const workerCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('worker')
      .description(t(bi('carry out scheduled jobs (inspections, monitor evaluations) when they are due; any number of workers may share a store', '按时执行已安排的任务（巡检、监控评估）；多个工作进程可共用一个存储')))
      .addHelpText('after', examplesHelp(t, ['golive worker', 'golive worker --exit-when-idle', 'DATABASE_URL=postgres://… golive worker --concurrency 8']))
      .option('-p, --plan <file>', t(bi('the plan (its folder holds the SQLite store)', '计划文件（其目录存放 SQLite 数据库）')), 'golive.yaml')
      .option('--exit-when-idle', t(bi('stop once no job is queued or running', '没有待执行或执行中的任务时退出')))
      .option('--lease <duration>', t(bi('how long a claimed job is held before another worker may take it over (default 10m)', '任务被领取后保留多久，超时后其他工作进程可接管（默认 10m）')), '10m')
      .option('--concurrency <n>', t(bi('jobs in flight at once in this worker (default 1); connections to the store stay the same', '本工作进程同时执行的任务数（默认 1）；占用的数据库连接数不变')), '1')
      .option('--name <name>', t(bi('worker name (default: host and a random suffix)', '工作进程名称（默认：主机名加随机后缀）')))
      .addOption(
        new Option('--queue <queue>', t(bi("where workers take jobs from: pg-boss (team mode, PostgreSQL's default) or the store's own jobs table (SQLite's, the only one there)", '任务从哪里领取：pg-boss（团队模式，PostgreSQL 默认）或存储自带的任务表（SQLite 只能用它）'))).choices(
          ['pg-boss', 'store'] as const,
        ),
      )
      .action(async (options) => {
        const ctx = context();
        const leaseMs = leaseOf(options.lease);
        const concurrency = concurrencyOf(options.concurrency);
        const controller = new AbortController();
        const onSignal = () => {
          // Once: a second Ctrl-C ends the process at once (the signal's default).
          ctx.err(ctx.t(bi('stopping: the jobs in hand finish first, each within its lease (Ctrl-C again stops at once)', '正在停止：先完成手头的任务，每个最多用完其租约时间（再按 Ctrl-C 立即停止）')));
          controller.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await withStore(openPlanStore(ctx, options.plan), async (sc) => {
            const { runJobWorker } = await import('../../service/inspect.js');
            const name = options.name ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
            const { done } = await runJobWorker({
              store: sc.store,
              env: ctx.env,
              name,
              signal: controller.signal,
              leaseMs,
              concurrency,
              ...(options.queue ? { queue: options.queue } : {}),
              ...(options.exitWhenIdle ? { exitWhenIdle: true } : {}),
              onStart: (queue) =>
                ctx.err(ctx.t(bi(`worker ${name} on ${sc.store.location} (queue: ${queue}, ${concurrency} job(s) at a time): waiting for due jobs (Ctrl-C stops)`, `工作进程 ${name}（${sc.store.location}，队列：${queue}，同时 ${concurrency} 个任务）：等待到期任务（Ctrl-C 停止）`))),
              onJob: (due, outcome, kept, slot) => ctx.err(`${concurrency > 1 ? `${ctx.t(bi(`slot ${slot}`, `槽位 ${slot}`))} ` : ''}${new Date(due.dueAt).toISOString()} ${due.key.replaceAll('/', ' ')}: ${describeOutcome(ctx, outcome, kept)}`),
              onError: (message) => ctx.err(ctx.t(message)),
              onWarning: (message) => ctx.err(`▲ ${ctx.t(message)}`),
            });
            ctx.err(ctx.t(bi(`worker ${name} stopped after ${done} job(s)`, `工作进程 ${name} 已停止，共完成 ${done} 个任务`)));
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      });
  },
};

function describeOutcome(ctx: CliContext, outcome: JobOutcome | undefined, kept: boolean): string {
  if (!outcome) return ctx.t(bi('finished already (a repeated delivery), skipped', '此前已完成（重复投递），已跳过'));
  const failures = (outcome.result as { failures?: unknown[] }).failures?.length ?? 0;
  const what = outcome.status === 'failed' ? ctx.t(bi('could not run', '无法执行')) : outcome.summary ? ctx.t(outcome.summary) : failures > 0 ? ctx.t(bi(`${failures} failure(s)`, `${failures} 项失败`)) : ctx.t(bi('all passed', '全部通过'));
  return `${what}${kept ? '' : ctx.t(bi(' (discarded: another worker took the job over)', '（已丢弃：任务已被其他工作进程接管）'))}`;
}
