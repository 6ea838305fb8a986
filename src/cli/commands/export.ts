import { bi, type Bilingual } from '../../core/text.js';
import { GoliveError } from '../../core/errors.js';
import type { Evidence } from '../../core/result.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';

/** One line of what a result rests on: why it failed, what was verified by hand, or the target checked. */
function evidenceSummary(evidence: Evidence, t: (text: Bilingual) => string): string | undefined {
  const failed = evidence.conditions?.find((condition) => !condition.passed);
  if (failed) return t(failed.message);
  if (evidence.reason) return t(evidence.reason);
  if (evidence.manual) return evidence.manual.expected ? `${evidence.manual.method} → ${evidence.manual.expected}` : evidence.manual.method;
  return evidence.target;
}

export const exportCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('export')
      .description(t(bi('write a plan back as a Markdown checklist', '把计划导出为 Markdown 检查清单')))
      .argument('[plan]', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--format <format>', t(bi('markdown', 'markdown')), 'markdown')
      .option('-o, --output <file>', t(bi('write here (default: print it)', '写入文件（默认输出到终端）')))
      .option('--run [run]', t(bi('tick items from a recorded run, with its evidence (default: the latest run)', '按一次运行的结果和证据勾选（默认：最近一次运行）')))
      .addHelpText('after', examplesHelp(t, ['golive export golive.yaml --format markdown -o 上线检查清单.md', 'golive export golive.yaml --run r-20261122-0001 -o 上线记录.md']))
      .action(async (file, options) => {
        const ctx = context();
        if (options.format !== 'markdown') {
          throw new GoliveError('usage.format', bi(`unknown format "${options.format}": use markdown`, `未知格式 “${options.format}”：请使用 markdown`));
        }
        const { resolve } = await import('node:path');
        const { exportMarkdown } = await import('../../export/index.js');
        const write = async (markdown: string) => {
          if (options.output !== undefined) {
            const { writeFile } = await import('node:fs/promises');
            await writeFile(resolve(ctx.cwd, options.output), markdown, 'utf8');
            ctx.err(ctx.t(bi(`checklist written to ${options.output}`, `检查清单已写入 ${options.output}`)));
          } else {
            ctx.out(markdown);
          }
        };
        if (options.run !== undefined) {
          // A run exports the plan it ran (its snapshot), ticked with its results: the record of that launch.
          const { openPlanStore, resolveRun, withStore } = await import('../plan-store.js');
          await withStore(openPlanStore(ctx, file, { mustExist: true }), async (sc) => {
            const run = await resolveRun(sc, typeof options.run === 'string' ? options.run : undefined, { anyStatus: true });
            const { recordedResults } = await import('../../service/report.js');
            const results = Object.fromEntries((await recordedResults(sc.store, run)).map((result) => [result.itemId, { status: result.status, evidence: evidenceSummary(result.evidence, ctx.t) }]));
            await write(exportMarkdown(run.plan, { results }));
          });
          return;
        }
        const { readPlanDocument, formatProblems } = await import('../../plan/load.js');
        const { lintPlan } = await import('../../plan/lint.js');
        const doc = await readPlanDocument(resolve(ctx.cwd, file));
        const { problems, plan } = lintPlan(doc, { knownVariables: new Set(Object.keys(ctx.env)) });
        if (plan === undefined) {
          ctx.err(formatProblems(file, problems, ctx.t));
          throw new GoliveError('plan.invalid', bi(`${file} is not a valid plan: run golive lint ${file}`, `${file} 不是有效的计划：请运行 golive lint ${file}`));
        }
        await write(exportMarkdown(plan));
      });
  },
};
