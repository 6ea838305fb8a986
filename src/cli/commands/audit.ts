import { Option } from '@commander-js/extra-typings';
import { exitCodes } from '../../core/errors.js';
import { bi, pick } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp, positiveInteger } from '../options.js';
import { openPlanStore, withStore } from './run.js';

export const auditCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const audit = program.command('audit').description(t(bi('the append-only, hash-chained record of every change', '只追加、哈希链接的变更记录')))
      .addHelpText('after', examplesHelp(t, ['golive audit verify', 'golive audit log --run r-20261122-0001']));

    audit
      .command('verify')
      .description(t(bi('recompute the hash chain and check every result against it; exits 1 when tampering is found', '重新计算哈希链并逐一核对结果；发现篡改时退出码为 1')))
      .addHelpText('after', examplesHelp(t, ['golive audit verify']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const verification = await sc.store.verifyAudit();
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ ok: verification.ok, entries: verification.entries, problems: verification.problems.map((problem) => pick(problem, ctx.locale)) }, null, 2)}\n`);
          } else if (verification.ok) {
            ctx.out(`${ctx.t(bi(`✔ audit trail intact: ${verification.entries} entries, every result matches (${sc.store.location})`, `✔ 审计记录完整：共 ${verification.entries} 条，所有结果一致（${sc.store.location}）`))}\n`);
          } else {
            ctx.out(`${ctx.t(bi(`✖ audit trail broken: ${verification.problems.length} problem(s)`, `✖ 审计记录被破坏：${verification.problems.length} 个问题`))}\n${verification.problems.map((problem) => `  - ${ctx.t(problem)}`).join('\n')}\n`);
          }
          if (!verification.ok) ctx.exit(exitCodes.gateFailed);
        });
      });

    audit
      .command('log')
      .description(t(bi('show audit entries, oldest first', '显示审计记录（最早在前）')))
      .addHelpText('after', examplesHelp(t, ['golive audit log', 'golive audit log --run r-20261122-0001']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('only entries of this run', '只显示该运行的记录')))
      .option('--limit <n>', t(bi('how many', '显示条数')), positiveInteger, 200)
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const entries = await sc.store.auditEntries({ ...(options.run ? { runId: options.run } : {}), limit: options.limit });
          ctx.out(entries.map((entry) => `${String(entry.seq).padStart(5)}  ${entry.at}  ${entry.actor}  ${entry.action}  ${entry.runId ?? ''} ${entry.subject ?? ''}  ${entry.hash.slice(0, 12)}`).join('\n') + '\n');
        });
      });
  },
};
