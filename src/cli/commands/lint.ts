import { bi } from '../../core/text.js';
import { exitCodes } from '../../core/errors.js';
import type { CliCommand } from '../context.js';
import { collectVar } from '../options.js';

export const lintCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('lint')
      .description(t(bi('check a plan for mistakes: every problem as file:line:col, in one pass', '检查计划中的错误：一次列出所有问题（文件:行:列）')))
      .argument('[file]', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--var <NAME=VALUE>', t(bi('a variable that will be given at run time (repeatable)', '运行时会提供的变量（可重复）')), collectVar, {})
      .option('-v, --verbose', t(bi('also list the defaults applied (phase, category, owner)', '同时列出使用的默认值（阶段、分类、负责人）')))
      .option('--format <format>', t(bi('text or json', 'text 或 json')), 'text')
      .addHelpText('after', t(bi('\nExamples:\n  golive lint\n  golive lint deploy/golive.yaml --var API_DOMAIN=api.example.com\n', '\n示例：\n  golive lint\n  golive lint deploy/golive.yaml --var API_DOMAIN=api.example.com\n')))
      .action(async (file, options) => {
        const ctx = context();
        const { readPlanDocument, formatProblems } = await import('../../plan/load.js');
        const { lintPlan } = await import('../../plan/lint.js');
        const doc = await readPlanDocument(file);
        const { problems } = lintPlan(doc, { knownVariables: new Set([...Object.keys(options.var), ...Object.keys(ctx.env)]), ...(options.verbose ? { verbose: true } : {}) });
        const errors = problems.filter((problem) => problem.severity === 'error').length;
        if (options.format === 'json') {
          ctx.out(`${JSON.stringify({ file, errors, problems: problems.map((problem) => ({ line: problem.position.line, column: problem.position.column, severity: problem.severity, message: ctx.t(problem.message) })) }, null, 2)}\n`);
        } else {
          if (problems.length > 0) ctx.out(`${formatProblems(file, problems, ctx.t)}\n`);
          ctx.err(errors > 0 ? ctx.t(bi(`${errors} error(s) in ${file}`, `${file} 中有 ${errors} 个错误`)) : ctx.t(bi(`${file}: no errors`, `${file}：没有错误`)));
        }
        if (errors > 0) ctx.exit(exitCodes.usage);
      });
  },
};
