import { Option } from '@commander-js/extra-typings';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, withStore } from '../plan-store.js';
import { renderDiffText } from '../render.js';

export const diffCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('diff')
      .description(t(bi('compare two runs: newly failing, fixed, still failing, changed evidence', '比较两次运行：新增失败、已修复、仍失败、证据变化')))
      .addHelpText('after', examplesHelp(t, ['golive diff r-20261122-0001 r-20261122-0002', 'golive diff r-20261122-0001 r-20261122-0002 --format json']))
      .argument('<runA>', t(bi('the earlier run', '较早的运行')))
      .argument('<runB>', t(bi('the later run', '较晚的运行')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (runA, runB, options) => {
        const ctx = context();
        const { diffStoredRuns } = await import('../../service/diff.js');
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const diff = await diffStoredRuns(sc.store, runA, runB);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ diff }, null, 2)}\n`);
            return;
          }
          ctx.out(renderDiffText(diff, ctx.t));
        });
      });
  },
};
