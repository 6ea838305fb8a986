import { bi } from '../../core/text.js';
import { exitCodes, GoliveError } from '../../core/errors.js';
import type { CliCommand } from '../context.js';

export const importCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('import')
      .description(t(bi('turn a Markdown launch checklist into a plan', '把 Markdown 上线检查清单转换为可执行计划')))
      .argument('<file>', t(bi('the Markdown checklist', 'Markdown 检查清单')))
      .option('-o, --output <plan>', t(bi('write the plan here (default: print it)', '写入计划文件（默认输出到终端）')))
      .option('--format <format>', t(bi('yaml or json ({ plan, report })', 'yaml 或 json（{ plan, report }）')), 'yaml')
      .addHelpText(
        'after',
        t(
          bi(
            '\nExamples:\n  golive import docs/上线检查清单.md -o golive.yaml\n  golive import checklist.md --format json > import.json\n',
            '\n示例：\n  golive import docs/上线检查清单.md -o golive.yaml\n  golive import checklist.md --format json > import.json\n',
          ),
        ),
      )
      .action(async (file, options) => {
        const ctx = context();
        if (options.format !== 'yaml' && options.format !== 'json') {
          throw new GoliveError('usage.format', bi(`unknown format "${options.format}": use yaml or json`, `未知格式 “${options.format}”：请使用 yaml 或 json`));
        }
        const { readFile, writeFile } = await import('node:fs/promises');
        const { resolve, basename } = await import('node:path');
        let text: string;
        try {
          text = await readFile(resolve(ctx.cwd, file), 'utf8');
        } catch (error) {
          throw new GoliveError('import.unreadable', bi(`cannot read ${file}`, `无法读取 ${file}`), { cause: error, exitCode: exitCodes.usage });
        }
        const { importMarkdown, importSummary, renderPlanYaml } = await import('../../import/index.js');
        const result = importMarkdown(text, { file: basename(file) });
        const output = options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderPlanYaml(result);
        if (options.output !== undefined) await writeFile(resolve(ctx.cwd, options.output), output, 'utf8');
        else ctx.out(output);
        const lines = importSummary(result, file);
        if (options.output !== undefined) lines.push(bi(`plan written to ${options.output}; next: golive lint ${options.output}`, `计划已写入 ${options.output}；下一步：golive lint ${options.output}`));
        for (const line of lines) ctx.err(ctx.t(line));
      });
  },
};
