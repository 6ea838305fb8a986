import { GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import { parseDuration } from '../../core/duration.js';
import type { WaiverRecord } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { ignoredWithServer, serverHelp, serverOption, serverRunId, serverTarget } from '../remote/target.js';
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
      .option('--approver <name>', t(bi('who accepts the risk (required unless --revoke; with --server it is the token\'s user)', '风险审批人（除 --revoke 外必填；使用 --server 时为令牌的用户）')))
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
      .addOption(serverOption(t))
      .addHelpText('after', t(serverHelp))
      .action(async (itemId, options) => {
        const ctx = context();
        const target = serverTarget(ctx, options.server);
        if (options.revoke === true) {
          if (options.approver !== undefined || options.expires !== undefined) {
            throw new GoliveError('usage.revoke', bi('--revoke takes back waivers: it has no --approver or --expires', '--revoke 用于撤销豁免，不接受 --approver 或 --expires'));
          }
          if (target) {
            ignoredWithServer(ctx, { '--by': options.by });
            const { withApiClient } = await import('../remote/client.js');
            const api = await import('../remote/api.js');
            const runId = serverRunId(options.run);
            const answer = await withApiClient(target, (client) => api.revokeWaivers(client, runId, itemId, { reason: options.reason }));
            printRevoked(ctx, runId, itemId, answer.revoked, answer.notices);
            return;
          }
          const { revokeWaivers } = await import('../../service/people.js');
          await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
            const run = await resolveRun(sc, options.run);
            const { value: revoked, notices } = await revokeWaivers(sc.store, run, { planPath: sc.planPath, env: ctx.env }, { itemId, by: whoAmI(options.by, sc.planDir), reason: options.reason });
            printRevoked(ctx, run.id, itemId, revoked, notices);
          });
          return;
        }
        const { approver, expires } = options;
        // On a server the approver is the token's user (a project administrator or the item's owner).
        if ((approver === undefined && !target) || expires === undefined) {
          const missing = [approver === undefined && !target ? '--approver' : '', expires === undefined ? '--expires' : ''].filter(Boolean);
          throw new GoliveError('usage.waive', bi(`a waiver needs ${missing.join(' and ')}`, `豁免需要 ${missing.join(' 和 ')}`));
        }
        const expiresAt = parseExpiry(expires, new Date());
        if (target) {
          ignoredWithServer(ctx, { '--by': options.by, '--approver': approver });
          const { withApiClient } = await import('../remote/client.js');
          const api = await import('../remote/api.js');
          const runId = serverRunId(options.run);
          const answer = await withApiClient(target, (client) => api.waive(client, runId, itemId, { reason: options.reason, expiresAt }));
          printWaiver(ctx, runId, itemId, answer.waiver, answer.notices);
          return;
        }
        const { waiveItem } = await import('../../service/people.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const { value: waiver, notices } = await waiveItem(sc.store, run, { planPath: sc.planPath, env: ctx.env }, { itemId, reason: options.reason, approver: approver ?? '', expiresAt, by: whoAmI(options.by, sc.planDir) });
          printWaiver(ctx, run.id, itemId, waiver, notices);
        });
      });
  },
};

/** What the person waiving reads, the same for the local store and a team server. */
function printWaiver(ctx: CliContext, runId: string, itemId: string, waiver: WaiverRecord, notices: readonly Bilingual[]): void {
  for (const notice of notices) ctx.err(ctx.t(notice));
  ctx.out(`${ctx.t(bi(`${runId} · ${itemId}: waived by ${waiver.approver} until ${waiver.expiresAt}`, `${runId} · ${itemId}：${waiver.approver} 批准豁免，有效期至 ${waiver.expiresAt}`))}\n`);
}

function printRevoked(ctx: CliContext, runId: string, itemId: string, revoked: readonly WaiverRecord[], notices: readonly Bilingual[]): void {
  for (const notice of notices) ctx.err(ctx.t(notice));
  ctx.out(`${ctx.t(bi(`${runId} · ${itemId}: ${revoked.length} waiver(s) revoked; the gate counts the item again`, `${runId} · ${itemId}：已撤销 ${revoked.length} 项豁免，闸门重新计入该项`))}\n`);
}
