import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { exitCodes } from '../../core/errors.js';
import { bi, pick } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp, positiveInteger } from '../options.js';
import { parseAnchor } from '../../audit/chain.js';
import { auditHeadLine } from '../audit-head.js';
import { openPlanStore, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

export const auditCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const audit = program.command('audit').description(t(bi('the append-only, hash-chained record of every change', '只追加、哈希链接的变更记录')))
      .addHelpText('after', examplesHelp(t, ['golive audit verify', 'golive audit log --run r-20261122-0001']));

    audit
      .command('verify')
      .description(t(bi('recompute the hash chain and check every result against it; exits 1 when tampering is found', '重新计算哈希链并逐一核对结果；发现篡改时退出码为 1')))
      .addHelpText('after', examplesHelp(t, ['golive audit verify', 'golive audit verify --head 42:3f2a9c1b7d4e5f60']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--head <seq:hash>', t(bi('an audit head printed earlier by gate or sign: prove the trail up to it is unchanged', '之前 gate 或 sign 输出的审计链头：证明到该处为止的记录未被改动')), (value) => {
        const anchor = parseAnchor(value);
        if (!anchor) throw new InvalidArgumentError(t(bi(`expected SEQ:HASH as gate and sign print it (e.g. 42:3f2a9c1b7d4e5f60), got "${value}"`, `格式应为 SEQ:HASH，与 gate、sign 的输出相同（例如 42:3f2a9c1b7d4e5f60），收到 "${value}"`)));
        return anchor;
      })
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { verifyAudit } = await import('../../service/audit.js');
          const verification = await verifyAudit(sc.store, options.head);
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
      .command('adopt')
      .description(t(bi('key an audit trail written by an older golive, after checking it (only needed when the key existed before)', '为旧版 golive 写入的审计记录加密钥（先核对；仅在密钥早已存在时需要）')))
      .addHelpText('after', examplesHelp(t, ['golive audit adopt']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--by <name>', t(bi('who adopts it (default: git user.name, then the OS user)', '操作人（默认：git user.name，其次系统用户）')))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { adoptLegacyAudit } = await import('../../service/audit.js');
          const { head, intact, legacyEntries } = await adoptLegacyAudit(sc.store, whoAmI(options.by, sc.planDir));
          ctx.out(
            `${ctx.t(
              intact
                ? bi(`✔ audit trail keyed from entry ${head.seq} on; the ${legacyEntries} older entries were intact`, `✔ 审计记录自第 ${head.seq} 条起已加密钥；之前的 ${legacyEntries} 条记录完整`)
                : bi(`⚠ audit trail keyed from entry ${head.seq} on; the older entries were NOT intact (recorded in entry ${head.seq}; see golive audit log)`, `⚠ 审计记录自第 ${head.seq} 条起已加密钥；之前的记录并不完整（已记录在第 ${head.seq} 条，见 golive audit log）`),
            )}\n${ctx.t(auditHeadLine(head))}\n`,
          );
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
          const { auditLog } = await import('../../service/audit.js');
          const entries = await auditLog(sc.store, { ...(options.run ? { runId: options.run } : {}), limit: options.limit });
          ctx.out(entries.map((entry) => `${String(entry.seq).padStart(5)}  ${entry.at}  ${entry.actor}  ${entry.action}  ${entry.runId ?? ''} ${entry.subject ?? ''}  ${entry.hash.slice(0, 12)}`).join('\n') + '\n');
        });
      });
  },
};
