import { Option } from '@commander-js/extra-typings';
import { exitCodes } from '../../core/errors.js';
import { bi, pick } from '../../core/text.js';
import type { Assessment } from '../../readiness/assess.js';
import type { AuditHead, RunRecord } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { formatAnchor } from '../../audit/chain.js';
import { auditHeadLine } from '../audit-head.js';
import { examplesHelp } from '../options.js';
import { serverHelp, serverOption, serverRunId, serverTarget } from '../remote/target.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';

/** What the gate's first line names of a run. */
type GateRun = Pick<RunRecord, 'id' | 'planName' | 'environment' | 'release'>;

export const gateCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('gate')
      .description(t(bi('decide whether a run may go live; exits 0 when the gate passes, 1 when not (for CI)', '判断运行能否上线；门禁通过退出码 0，否则 1（供 CI 使用）')))
      .addHelpText('after', examplesHelp(t, ['golive gate', 'golive gate r-20261122-0001 --format json', 'golive gate && ./deploy.sh'], bi('Exit codes: 0 the gate passed, 1 it did not, 2 usage, database or server error.', '退出码：0 门禁通过，1 未通过，2 用法、数据库或服务器错误。')))
      .argument('[run]', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id', '运行 ID')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .addOption(serverOption(t))
      .addHelpText('after', t(serverHelp))
      .action(async (runArg, options) => {
        const ctx = context();
        const target = serverTarget(ctx, options.server);
        if (target) {
          const { withApiClient } = await import('../remote/client.js');
          const api = await import('../remote/api.js');
          const answer = await withApiClient(target, (client) => api.gate(client, serverRunId(runArg ?? options.run)));
          printGate(ctx, answer.run, answer, answer.auditHead, options.format);
          return;
        }
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, runArg ?? options.run, { anyStatus: true });
          const { gateRun } = await import('../../service/gate.js');
          const { score, gate, auditHead: head } = await gateRun(sc.store, run);
          printGate(ctx, run, { score, gate }, head, options.format);
        });
      });
  },
};

/** The gate as people and CI read it, the same for the local store and a team server; exit 1 when it did not pass. */
function printGate(ctx: CliContext, run: GateRun, { score, gate }: Assessment, head: AuditHead, format: 'text' | 'json'): void {
  if (format === 'json') {
    ctx.out(`${JSON.stringify({ run: run.id, auditHead: formatAnchor(head), score, gate: { passed: gate.passed, threshold: gate.threshold, reasons: gate.reasons.map((reason) => ({ code: reason.code, subject: reason.subject ?? null, message: pick(reason, ctx.locale) })), accepted: gate.accepted.map((reason) => ({ subject: reason.subject ?? null, message: pick(reason, ctx.locale) })) } }, null, 2)}\n`);
  } else {
    const lines = [
      ctx.t(bi(`${run.id} (${run.planName}, ${run.environment ?? 'no environment'}, ${run.release ?? 'no release'}): score ${score.overall.toFixed(1)}/10, threshold ${gate.threshold}`, `${run.id}（${run.planName}，${run.environment ?? '无环境'}，${run.release ?? '无版本'}）：评分 ${score.overall.toFixed(1)}/10，门槛 ${gate.threshold}`)),
      gate.passed ? ctx.t(bi('✔ GATE PASSED', '✔ 门禁通过')) : ctx.t(bi(`✖ GATE FAILED (${gate.reasons.length} reason(s)):`, `✖ 门禁未通过（${gate.reasons.length} 条原因）：`)),
      ...gate.reasons.map((reason) => `  - ${ctx.t(reason)}`),
      ...(gate.accepted.length > 0 ? [ctx.t(bi('Accepted risks (waived):', '已接受的风险（豁免）：')), ...gate.accepted.map((reason) => `  ⚑ ${ctx.t(reason)}`)] : []),
      ctx.t(auditHeadLine(head)),
    ];
    ctx.out(`${lines.join('\n')}\n`);
  }
  if (!gate.passed) ctx.exit(exitCodes.gateFailed);
}
