import { Option } from '@commander-js/extra-typings';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp, positiveInteger } from '../options.js';
import { openPlanStore, withStore } from '../plan-store.js';
import { runTable } from '../render.js';

export const historyCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('history')
      .description(t(bi('the runs of the plan with score and gate, and the items the team keeps missing', '计划的历次运行（评分与门禁），以及团队反复遗漏的检查项')))
      .addHelpText('after', examplesHelp(t, ['golive history', 'golive history --limit 20 --format json']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--limit <n>', t(bi('how many runs', '显示的运行数')), positiveInteger, 20)
      .option('--misses <n>', t(bi('look back this many runs for common misses', '统计最近多少次运行中的常见遗漏')), positiveInteger, 5)
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { planHistory } = await import('../../service/history.js');
          const { plan: planName, runs, commonMisses: common } = await planHistory(sc.store, sc.planPath, { limit: options.limit, misses: options.misses });
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ plan: planName, runs, commonMisses: common }, null, 2)}\n`);
            return;
          }
          let text = runTable(ctx, runs);
          if (common.length > 0) {
            text += `\n${ctx.t(bi('Common misses:', '常见遗漏：'))}\n`;
            text += common.map((miss) => `  ↺ ${miss.itemId}: ${ctx.t(bi(`failed in ${miss.failed} of the last ${miss.of} launches`, `最近 ${miss.of} 次上线中失败 ${miss.failed} 次`))}`).join('\n');
            text += '\n';
          }
          ctx.out(text);
        });
      });
  },
};
