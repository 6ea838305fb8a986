import { GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { ResultStatus } from '../../core/result.js';
import type { RecordOutcome, RunSummary } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { ignoredWithServer, serverHelp, serverOption, serverRunId, serverTarget } from '../remote/target.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

export const itemCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('item')
      .description(t(bi('record a manual verification of an item in the run: who, when, note, evidence', '记录检查项的人工验证：谁、何时、备注、证据')))
      .argument('<item>', t(bi('item id', '检查项 ID')))
      .option('--pass', t(bi('verified: it is as expected', '已验证：符合预期')))
      .option('--fail', t(bi('verified: it is NOT as expected', '已验证：不符合预期')))
      .option('--na', t(bi('does not apply to this launch (needs --note)', '本次上线不适用（需要 --note）')))
      .option('--reopen', t(bi('back to pending (the previous result stays in history)', '恢复为待确认（之前的结果保留在历史中）')))
      .option('--note <text>', t(bi('what was checked and seen', '检查了什么、看到了什么')))
      .option('--evidence <file|url>', t(bi('a screenshot, export or link (files are fingerprinted)', '截图、导出文件或链接（文件会记录指纹）')))
      .option('--by <name>', t(bi('who verified (default: git user.name, then the OS user)', '验证人（默认：git user.name，其次系统用户）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .addHelpText('after', t(bi('\nExamples:\n  golive item pay-callback --pass --note "回调地址为生产域名" --evidence callback.png\n  golive item cdn --na --note "no CDN in this release"\n  golive item pay-callback --reopen\n', '\n示例：\n  golive item pay-callback --pass --note "回调地址为生产域名" --evidence callback.png\n  golive item cdn --na --note "本次不涉及 CDN"\n  golive item pay-callback --reopen\n')))
      .addOption(serverOption(t))
      .addHelpText('after', t(serverHelp))
      .action(async (itemId, options) => {
        const ctx = context();
        const chosen = (['pass', 'fail', 'na', 'reopen'] as const).filter((flag) => options[flag]);
        if (chosen.length !== 1) throw new GoliveError('usage.item', bi('give exactly one of --pass, --fail, --na, --reopen', '请只指定 --pass、--fail、--na、--reopen 之一'));
        const flag = chosen[0] ?? 'pass';
        if (flag === 'na' && !options.note) throw new GoliveError('usage.item', bi('--na needs --note saying why the item does not apply', '--na 需要用 --note 说明为何不适用'));
        const status: ResultStatus = ({ pass: 'pass', fail: 'fail', na: 'skip', reopen: 'pending' } as const)[flag];
        const target = serverTarget(ctx, options.server);
        if (target) {
          ignoredWithServer(ctx, { '--by': options.by });
          if (options.evidence && /^https?:\/\//i.test(options.evidence)) {
            throw new GoliveError('usage.evidence', bi('with --server, --evidence takes a file (it is uploaded to the run); put a link in --note', '使用 --server 时 --evidence 只接受文件（会上传到运行中）；链接请写在 --note 中'));
          }
          const { withApiClient } = await import('../remote/client.js');
          const api = await import('../remote/api.js');
          const runId = serverRunId(options.run);
          const answer = await withApiClient(target, (client) => api.verify(client, runId, itemId, { status, ...(options.note ? { note: options.note } : {}) }, options.evidence ? { cwd: ctx.cwd, path: options.evidence } : undefined));
          printVerification(ctx, runId, itemId, status, answer.by, answer.outcome, answer.summary, answer.notices);
          return;
        }
        const { evidenceReference, recordManual } = await import('../../service/people.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const by = whoAmI(options.by, sc.planDir);
          const evidence = options.evidence ? await evidenceReference(ctx.cwd, options.evidence) : undefined;
          const { value: outcome, summary, notices } = await recordManual(sc.store, run, { planPath: sc.planPath, env: ctx.env }, {
            itemId,
            status,
            by,
            ...(options.note ? { note: options.note } : {}),
            ...(evidence ? { evidence } : {}),
          });
          printVerification(ctx, run.id, itemId, status, by, outcome, summary, notices);
        });
      });
  },
};

/** What the verifier reads, the same for the local store and a team server. */
function printVerification(ctx: CliContext, runId: string, itemId: string, status: ResultStatus, by: string, outcome: RecordOutcome, summary: RunSummary | null, notices: readonly Bilingual[]): void {
  for (const notice of notices) ctx.err(ctx.t(notice));
  ctx.err(
    ctx.t(
      bi(
        `${runId} · ${itemId}: ${outcome.previousStatus} → ${status} by ${by}${outcome.changed ? '' : ' (unchanged)'}`,
        `${runId} · ${itemId}：${outcome.previousStatus} → ${status}，操作人 ${by}${outcome.changed ? '' : '（无变化）'}`,
      ),
    ),
  );
  if (summary) ctx.out(`${ctx.t(bi(`score ${summary.score.toFixed(1)}/10, gate ${summary.gatePassed ? 'passed' : 'not passed'}`, `评分 ${summary.score.toFixed(1)}/10，门禁${summary.gatePassed ? '通过' : '未通过'}`))}\n`);
}
