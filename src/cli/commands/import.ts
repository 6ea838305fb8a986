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
        const { importMarkdown, renderPlanYaml } = await import('../../import/index.js');
        const result = importMarkdown(text, { file: basename(file) });
        const output = options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderPlanYaml(result);
        if (options.output !== undefined) await writeFile(resolve(ctx.cwd, options.output), output, 'utf8');
        else ctx.out(output);
        const c = result.report.counts;
        const lines = [
          bi(`${file}: ${c.items} items (${c.blockers} blockers, ${c.withOwner} with an owner)`, `${file}：${c.items} 个检查项（阻塞项 ${c.blockers} 个，有负责人 ${c.withOwner} 个）`),
          bi(`${c.proposedChecks} automated checks proposed (proposed: true; review them)`, `建议的自动检查 ${c.proposedChecks} 个（proposed: true，请审阅）`),
          bi(
            `${c.monitors} monitors, ${c.stages} gray stages, ${c.rollbackTriggers} rollback triggers, ${c.roles} roles (${c.signoffs} sign-offs), ${c.inspections} inspections, ${c.guards} guards`,
            `监控 ${c.monitors} 个，灰度阶段 ${c.stages} 个，回滚触发条件 ${c.rollbackTriggers} 个，角色 ${c.roles} 个（签字 ${c.signoffs} 个），巡检 ${c.inspections} 个，命令守卫 ${c.guards} 个`,
          ),
        ];
        if (c.variables > 0) {
          const names = result.report.variables.map((v) => v.name).join(', ');
          lines.push(bi(`variables to fill in: ${names}`, `待填写的变量：${names}`));
        }
        if (c.secrets > 0) {
          const where = result.report.secrets.map((s) => `L${s.line} ${s.rule}`).join(', ');
          lines.push(bi(`⚠ ${c.secrets} secret(s) in the document (redacted in the plan; remove them from the document): ${where}`, `⚠ 文档中有 ${c.secrets} 处机密（计划中已脱敏，请从文档中删除）：${where}`));
        }
        if (c.unrecognized > 0) {
          const where = result.report.unrecognized.slice(0, 10).map((u) => `L${u.line}`).join(', ');
          lines.push(bi(`${c.unrecognized} line(s) not recognised: ${where}${c.unrecognized > 10 ? ' …' : ''} (see --format json)`, `${c.unrecognized} 行未能识别：${where}${c.unrecognized > 10 ? ' …' : ''}（详见 --format json）`));
        }
        if (options.output !== undefined) lines.push(bi(`plan written to ${options.output}; next: golive lint ${options.output}`, `计划已写入 ${options.output}；下一步：golive lint ${options.output}`));
        for (const line of lines) ctx.err(ctx.t(line));
      });
  },
};
