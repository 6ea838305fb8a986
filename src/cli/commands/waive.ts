import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { parseDuration } from '../../core/duration.js';
import type { CliCommand } from '../context.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

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
      .description(t(bi('accept the risk of a failed or pending item, with a reason, an approver and an expiry; or take a waiver back', '接受失败或待确认检查项的风险：需说明原因、审批人和到期时间；也可撤销豁免')))
      .argument('<item>', t(bi('item id', '检查项 ID')))
      .requiredOption('--reason <text>', t(bi('why the risk is acceptable (with --revoke: why it no longer is)', '为何可以接受该风险（与 --revoke 同用：为何不再接受）')))
      .option('--approver <name>', t(bi('who accepts the risk (required unless --revoke)', '风险审批人（除 --revoke 外必填）')))
      .option('--expires <when>', t(bi('7d, 12h, or a date; after it the waiver stops counting (required unless --revoke)', '7d、12h 或日期；到期后豁免失效（除 --revoke 外必填）')))
      .option('--revoke', t(bi("revoke the item's waivers in force: the gate counts the item again", '撤销该项生效中的豁免：闸门重新计入该项')))
      .option('--by <name>', t(bi('who records the waiver (default: git user.name, then the OS user)', '记录人（默认：git user.name，其次系统用户）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .addHelpText(
        'after',
        t(
          bi(
            '\nExamples:\n  golive waive sentry --reason "alerts via logs until Sentry is bought" --approver 王总 --expires 7d\n  golive waive sentry --revoke --reason "Sentry is live now"\n',
            '\n示例：\n  golive waive sentry --reason "购买 Sentry 前先用日志告警" --approver 王总 --expires 7d\n  golive waive sentry --revoke --reason "Sentry 已上线"\n',
          ),
        ),
      )
      .action(async (itemId, options) => {
        const ctx = context();
        if (options.revoke === true) {
          if (options.approver !== undefined || options.expires !== undefined) {
            throw new GoliveError('usage.revoke', bi('--revoke takes back waivers: it has no --approver or --expires', '--revoke 用于撤销豁免，不接受 --approver 或 --expires'));
          }
          const { revokeWaivers } = await import('../../service/people.js');
          await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
            const run = await resolveRun(sc, options.run);
            const { value: revoked, notices } = await revokeWaivers(sc.store, run, { planPath: sc.planPath, env: ctx.env }, { itemId, by: whoAmI(options.by, sc.planDir), reason: options.reason });
            for (const notice of notices) ctx.err(ctx.t(notice));
            ctx.out(`${ctx.t(bi(`${run.id} · ${itemId}: ${revoked.length} waiver(s) revoked; the gate counts the item again`, `${run.id} · ${itemId}：已撤销 ${revoked.length} 项豁免，闸门重新计入该项`))}\n`);
          });
          return;
        }
        const { approver, expires } = options;
        if (approver === undefined || expires === undefined) {
          const missing = [approver === undefined ? '--approver' : '', expires === undefined ? '--expires' : ''].filter(Boolean);
          throw new GoliveError('usage.waive', bi(`a waiver needs ${missing.join(' and ')}`, `豁免需要 ${missing.join(' 和 ')}`));
        }
        const expiresAt = parseExpiry(expires, new Date());
        const { waiveItem } = await import('../../service/people.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const { value: waiver, notices } = await waiveItem(sc.store, run, { planPath: sc.planPath, env: ctx.env }, { itemId, reason: options.reason, approver, expiresAt, by: whoAmI(options.by, sc.planDir) });
          for (const notice of notices) ctx.err(ctx.t(notice));
          ctx.out(`${ctx.t(bi(`${run.id} · ${itemId}: waived by ${waiver.approver} until ${waiver.expiresAt}`, `${run.id} · ${itemId}：${waiver.approver} 批准豁免，有效期至 ${waiver.expiresAt}`))}\n`);
        });
      });
  },
};
