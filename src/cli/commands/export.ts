import { bi } from '../../i18n/text.js';
import { exitCodes, GoliveError } from '../../errors.js';
import type { CliCommand } from '../context.js';

export const exportCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('export')
      .description(t(bi('write a plan back as a Markdown checklist', '把计划导出为 Markdown 检查清单')))
      .argument('[plan]', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--format <format>', t(bi('markdown', 'markdown')), 'markdown')
      .option('-o, --output <file>', t(bi('write here (default: print it)', '写入文件（默认输出到终端）')))
      .option('--run <run>', t(bi('tick items from a run (needs the run store)', '按一次运行的结果勾选（需要运行记录存储）')))
      .addHelpText('after', t(bi('\nExamples:\n  golive export golive.yaml --format markdown -o 上线检查清单.md\n', '\n示例：\n  golive export golive.yaml --format markdown -o 上线检查清单.md\n')))
      .action(async (file, options) => {
        const ctx = context();
        if (options.format !== 'markdown') {
          throw new GoliveError('usage.format', bi(`unknown format "${options.format}": use markdown`, `未知格式 “${options.format}”：请使用 markdown`));
        }
        if (options.run !== undefined) {
          // The run store lands separately; exportMarkdown already takes results by item id.
          throw new GoliveError('export.run-unavailable', bi('--run is not available yet: runs are not stored in this build', '--run 暂不可用：当前版本尚未保存运行记录'), { exitCode: exitCodes.usage });
        }
        const { resolve } = await import('node:path');
        const { readPlanDocument, formatProblems } = await import('../../plan/load.js');
        const { lintPlan } = await import('../../plan/lint.js');
        const doc = await readPlanDocument(resolve(ctx.cwd, file));
        const { problems, plan } = lintPlan(doc, { knownVariables: new Set(Object.keys(ctx.env)) });
        if (plan === undefined) {
          ctx.err(formatProblems(file, problems, ctx.t));
          throw new GoliveError('plan.invalid', bi(`${file} is not a valid plan: run golive lint ${file}`, `${file} 不是有效的计划：请运行 golive lint ${file}`));
        }
        const { exportMarkdown } = await import('../../export/index.js');
        const markdown = exportMarkdown(plan);
        if (options.output !== undefined) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(resolve(ctx.cwd, options.output), markdown, 'utf8');
          ctx.err(ctx.t(bi(`checklist written to ${options.output}`, `检查清单已写入 ${options.output}`)));
        } else {
          ctx.out(markdown);
        }
      });
  },
};
