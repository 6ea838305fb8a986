import { GoliveError } from '../../errors.js';
import { bi } from '../../i18n/text.js';
import { parseDuration } from '../../plan/duration.js';
import type { CliCommand } from '../context.js';
import { openPlanStore, resolveRun, whoAmI, withStore } from './run.js';

/** `7d`, `12h` from now, or a date / date-time. */
export function parseExpiry(text: string, now: Date): string {
  const duration = parseDuration(text);
  if (duration !== undefined) {
    if (duration <= 0) throw new GoliveError('usage.expires', bi('--expires must be in the future', '--expires 必须是将来的时间'));
    return new Date(now.getTime() + duration).toISOString();
  }
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59` : text);
  if (Number.isNaN(at)) throw new GoliveError('usage.expires', bi(`--expires takes a duration (7d, 12h) or a date (2026-12-01), got "${text}"`, `--expires 需要时长（7d、12h）或日期（2026-12-01），收到 "${text}"`));
  if (at <= now.getTime()) throw new GoliveError('usage.expires', bi(`--expires ${text} is already past`, `--expires ${text} 已经过去`));
  return new Date(at).toISOString();
}

export const waiveCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('waive')
      .description(t(bi('accept the risk of a failed or pending item, with a reason, an approver and an expiry', '接受失败或待确认检查项的风险：需说明原因、审批人和到期时间')))
      .argument('<item>', t(bi('item id', '检查项 ID')))
      .requiredOption('--reason <text>', t(bi('why the risk is acceptable', '为何可以接受该风险')))
      .requiredOption('--approver <name>', t(bi('who accepts the risk', '风险审批人')))
      .requiredOption('--expires <when>', t(bi('7d, 12h, or a date; after it the waiver stops counting', '7d、12h 或日期；到期后豁免失效')))
      .option('--by <name>', t(bi('who records the waiver (default: git user.name, then the OS user)', '记录人（默认：git user.name，其次系统用户）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .addHelpText('after', t(bi('\nExample:\n  golive waive sentry --reason "alerts via logs until Sentry is bought" --approver 王总 --expires 7d\n', '\n示例：\n  golive waive sentry --reason "购买 Sentry 前先用日志告警" --approver 王总 --expires 7d\n')))
      .action(async (itemId, options) => {
        const ctx = context();
        const { redactSecrets } = await import('../../scan/index.js');
        const expiresAt = parseExpiry(options.expires, new Date());
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const current = (await sc.store.results(run.id)).find((result) => result.itemId === itemId);
          if (current?.status === 'pass') throw new GoliveError('waiver.passed', bi(`${itemId} passed in run ${run.id}: there is no risk to accept`, `${itemId} 在运行 ${run.id} 中已通过，无需豁免`));
          const waiver = await sc.store.addWaiver(run.id, { itemId, reason: redactSecrets(options.reason), approver: options.approver, expiresAt, createdBy: whoAmI(options.by, sc.planDir) });
          ctx.out(`${ctx.t(bi(`${run.id} · ${itemId}: waived by ${waiver.approver} until ${waiver.expiresAt}`, `${run.id} · ${itemId}：${waiver.approver} 批准豁免，有效期至 ${waiver.expiresAt}`))}\n`);
        });
      });
  },
};
