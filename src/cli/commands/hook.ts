import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';

/** How hooks call this golive: the node running it and its launcher, so a hook works without golive on PATH. */
function goliveInvocation(): string {
  const launcher = fileURLToPath(new URL('../../../bin/golive.js', import.meta.url));
  return `'${process.execPath}' '${launcher}'`;
}

export const hookCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const hook = program.command('hook').description(t(bi('route pushes and launch commands through golive guard', '让 push 与上线命令经过 golive guard')));
    hook
      .command('install')
      .description(t(bi('add a git pre-push hook (keeping an existing one) and print or install shell functions for docker compose, vercel, tcb', '添加 git pre-push 钩子（保留已有钩子），并输出或安装 docker compose、vercel、tcb 的 shell 函数')))
      .option('-p, --plan <file>', t(bi('the plan whose guards apply', '使用其 guards 的计划文件')), 'golive.yaml')
      .option('--rc <file>', t(bi('also add the shell functions to this file (e.g. ~/.bashrc, ~/.zshrc); idempotent', '同时把 shell 函数写入该文件（如 ~/.bashrc、~/.zshrc）；可重复执行')))
      .option('--no-git', t(bi('do not touch git hooks', '不安装 git 钩子')))
      .addHelpText('after', examplesHelp(t, ['golive hook install', 'golive hook install --rc ~/.bashrc', 'eval "$(golive hook install --no-git)"']))
      .action(async (options) => {
        const ctx = context();
        const { installPrePush, shellFunctions, withBlock } = await import('../../guard/hooks.js');
        const golive = goliveInvocation();
        const functions = shellFunctions(golive);
        if (options.git) {
          const installed = installPrePush(ctx.cwd, golive, resolve(ctx.cwd, options.plan));
          const status = { installed: bi('installed', '已安装'), updated: bi('updated', '已更新'), unchanged: bi('already installed', '已安装（无变化）') }[installed.status];
          ctx.err(`${ctx.t(bi('pre-push hook', 'pre-push 钩子'))} ${ctx.t(status)}: ${installed.hookPath}`);
          if (installed.keptPrevious) ctx.err(ctx.t(bi(`the earlier hook was kept as ${installed.keptPrevious} and still runs first`, `原有钩子已保留为 ${installed.keptPrevious}，仍会先执行`)));
        }
        if (options.rc) {
          const rc = resolve(ctx.cwd, options.rc);
          const before = existsSync(rc) ? readFileSync(rc, 'utf8') : '';
          const after = withBlock(before, functions);
          if (after !== before) writeFileSync(rc, after);
          ctx.err(ctx.t(after === before ? bi(`shell functions already in ${rc}`, `shell 函数已在 ${rc} 中`) : bi(`shell functions written to ${rc}; open a new shell or \`source ${rc}\``, `shell 函数已写入 ${rc}；请打开新终端或执行 \`source ${rc}\``)));
        }
        ctx.out(functions);
      });
  },
};
