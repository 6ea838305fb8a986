import { bi, type Bilingual } from '../../core/text.js';
import type { AuditHead, RunSummary, SignoffRecord } from '../../store/store.js';
import { auditHeadLine } from '../audit-head.js';
import type { CliCommand, CliContext } from '../context.js';
import { ignoredWithServer, serverHelp, serverOption, serverRunId, serverTarget } from '../remote/target.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

export const signCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('sign')
      .description(t(bi('sign the run for a role; the sign-off records the score and results it signed', '以某角色签字确认运行；签字记录当时的评分与结果')))
      .requiredOption('--role <id>', t(bi('the plan role signing (qa, tech-lead, ops …)', '签字的角色（qa、tech-lead、ops 等）')))
      .option('--comment <text>', t(bi('what the signer wants on record (secrets in it are masked)', '签字备注（其中的秘密会被打码）')))
      .option('--by <name>', t(bi('who signs (default: git user.name, then the OS user)', '签字人（默认：git user.name，其次系统用户）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .addHelpText('after', t(bi('\nA sign-off stops counting when a blocker result changes afterwards; sign again then.\n\nExample:\n  golive sign --role qa --by 李四\n', '\n签字后若阻塞项结果发生变化，签字即失效，需要重新签字。\n\n示例：\n  golive sign --role qa --by 李四\n')))
      .addOption(serverOption(t))
      .addHelpText('after', t(serverHelp))
      .action(async (options) => {
        const ctx = context();
        const target = serverTarget(ctx, options.server);
        if (target) {
          ignoredWithServer(ctx, { '--by': options.by });
          const { withApiClient } = await import('../remote/client.js');
          const api = await import('../remote/api.js');
          const runId = serverRunId(options.run);
          const answer = await withApiClient(target, (client) => api.sign(client, runId, { role: options.role, ...(options.comment ? { comment: options.comment } : {}) }));
          printSignoff(ctx, runId, answer.signoff, answer.summary, answer.notices, answer.auditHead);
          return;
        }
        const { signRun } = await import('../../service/people.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const { value: signoff, summary, notices, auditHead } = await signRun(sc.store, run, { planPath: sc.planPath, env: ctx.env }, { role: options.role, by: whoAmI(options.by, sc.planDir), ...(options.comment ? { comment: options.comment } : {}) });
          printSignoff(ctx, run.id, signoff, summary, notices, auditHead);
        });
      });
  },
};

/** What a signer reads, the same for the local store and a team server. */
function printSignoff(ctx: CliContext, runId: string, signoff: SignoffRecord, summary: RunSummary | null, notices: readonly Bilingual[], head: AuditHead): void {
  for (const notice of notices) ctx.err(ctx.t(notice));
  ctx.out(
    `${ctx.t(bi(`${runId}: signed as ${signoff.role} by ${signoff.by} at score ${signoff.score.toFixed(1)}/10 (results ${signoff.resultDigest.slice(0, 12)})`, `${runId}：${signoff.by} 以 ${signoff.role} 身份签字，评分 ${signoff.score.toFixed(1)}/10（结果摘要 ${signoff.resultDigest.slice(0, 12)}）`))}\n` +
      (summary ? `${ctx.t(bi(`gate ${summary.gatePassed ? 'passed' : `not passed (${summary.reasons.length} reason(s), see golive gate)`}`, `门禁${summary.gatePassed ? '通过' : `未通过（${summary.reasons.length} 条原因，见 golive gate）`}`))}\n` : '') +
      `${ctx.t(auditHeadLine(head))}\n`,
  );
}
