import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { GoliveError, exitCodes } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { PlanComparison } from '../../suggest/index.js';
import type { CliCommand } from '../context.js';

interface SuggestOptions {
  plan?: string;
  write?: boolean;
  only?: string;
  format: string;
}

function usage(en: string, zh: string): GoliveError {
  return new GoliveError('suggest.usage', bi(en, zh), { exitCode: exitCodes.usage });
}

export const suggestCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('suggest')
      .description(t(bi('read the project and propose the checks its stack needs, with the lesson behind each', '读取项目，按技术栈建议需要的检查，并说明每条背后的教训')))
      .argument('[path]', t(bi('the project folder', '项目目录')), '.')
      .option('-p, --plan <file>', t(bi('compare with this plan: what it misses, what no longer matches', '与该计划对比：缺少什么、哪些已与项目不一致')))
      .option('--write', t(bi('add the missing suggestions to the plan, keeping its comments and order', '把缺少的建议写入计划，保留注释与顺序')))
      .option('--only <ids>', t(bi('with --write: only these suggestion ids (comma-separated)', '与 --write 一起使用：只写入这些建议（逗号分隔）')))
      .option('--format <format>', t(bi('text or json', 'text 或 json')), 'text')
      .addHelpText(
        'after',
        t(
          bi(
            '\nExamples:\n  golive suggest\n  golive suggest apps/backend --format json\n  golive suggest --plan golive.yaml\n  golive suggest --plan golive.yaml --write --only jwt-secret-strong,redis-port-not-public\n\nLessons come from golive (lessons/) and from the team (.golive/lessons/*.yaml in the project); see docs/suggest.md.\nEnv files are read for names and shapes only: no value is ever printed.\nExit codes: 0 done, 2 usage error, unreadable plan or invalid lesson.\n',
            '\n示例：\n  golive suggest\n  golive suggest apps/backend --format json\n  golive suggest --plan golive.yaml\n  golive suggest --plan golive.yaml --write --only jwt-secret-strong,redis-port-not-public\n\n经验来自 golive（lessons/）与团队自己（项目中的 .golive/lessons/*.yaml），见 docs/suggest.md。\nenv 文件只读取变量名与形态，从不输出取值。\n退出码：0 完成，2 用法错误、计划无法读取或经验文件无效。\n',
          ),
        ),
      )
      .action(async (path: string, options: SuggestOptions) => {
        const ctx = context();
        if (options.format !== 'text' && options.format !== 'json') throw usage(`unknown format "${options.format}"; use text or json`, `未知格式 "${options.format}"；可选 text 或 json`);
        if (options.write && !options.plan) throw usage('--write needs --plan <file>: the plan to add the suggestions to', '--write 需要 --plan <文件>：指定要写入建议的计划');
        if (options.only && !options.write) throw usage('--only goes with --write', '--only 需要与 --write 一起使用');
        const { suggestProject, compareWithPlan, mergeIntoPlan, rebaseSuggestions } = await import('../../suggest/index.js');
        const { renderJson, renderText } = await import('../../suggest/render.js');
        const result = await suggestProject(resolve(ctx.cwd, path));

        let comparison: PlanComparison | undefined;
        if (options.plan) {
          const { readPlanDocument } = await import('../../plan/load.js');
          const planPath = resolve(ctx.cwd, options.plan);
          const doc = await readPlanDocument(planPath);
          const syntax = doc.syntaxProblems.find((problem) => problem.severity === 'error');
          if (syntax) throw new GoliveError('suggest.plan-syntax', bi(`${options.plan}:${syntax.position.line}:${syntax.position.column} ${syntax.message.en}`, `${options.plan}:${syntax.position.line}:${syntax.position.column} ${syntax.message.zh}`));
          const planFolder = relative(result.profile.root, dirname(planPath)).split(sep).join('/');
          if (planFolder.startsWith('..')) throw usage(`the plan ${options.plan} is outside the project ${result.profile.root}`, `计划 ${options.plan} 不在项目 ${result.profile.root} 之内`);
          comparison = compareWithPlan(result, doc.data, planFolder);
          if (options.write) {
            const wanted = options.only?.split(',').map((id) => id.trim()).filter((id) => id !== '');
            const unknown = (wanted ?? []).filter((id) => !comparison?.missing.some((suggestion: { id: string }) => suggestion.id === id));
            if (unknown.length > 0) throw usage(`not among the missing suggestions: ${unknown.join(', ')}`, `不在缺少的建议中：${unknown.join('、')}`);
            const accepted = comparison.missing.filter((suggestion) => !wanted || wanted.includes(suggestion.id));
            if (accepted.length > 0) {
              const text = mergeIntoPlan(await readFile(planPath, 'utf8'), rebaseSuggestions(accepted, planFolder), 'Added by golive suggest: each item says why (the lesson) / golive suggest 添加：每项的 why 写明教训');
              await writeFile(planPath, text);
            }
            ctx.err(ctx.t(bi(`Added ${accepted.length} suggestion(s) to ${options.plan}; run golive lint ${options.plan}`, `已向 ${options.plan} 添加 ${accepted.length} 项建议；请运行 golive lint ${options.plan}`)));
          }
        }
        ctx.out(options.format === 'json' ? renderJson(result, comparison, options.plan) : renderText(result, comparison, options.plan, ctx.locale));
      });
  },
};
