import { exitCodes } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

/** The end of a deploy's output kept in the audit trail (redacted); the whole output went to the terminal. */
const keptOutputBytes = 16 * 1024;

export const deployCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('deploy')
      .description(t(bi("run the deploy command only when the run's gate passed for its release, and record it in the audit trail", '仅当运行的门禁对其版本通过时才执行部署命令，并记入审计日志')))
      .showHelpAfterError(t(bi('(put the command after --, e.g. `golive deploy --run RUN -- ./deploy.sh`)', '（命令请写在 -- 之后，例如 `golive deploy --run RUN -- ./deploy.sh`）')))
      .argument('<command...>', t(bi('the deploy command, after --', '部署命令，写在 -- 之后')))
      .requiredOption('--run <id>', t(bi('the run whose gate must have passed', '必须已通过门禁的运行')))
      .option('-p, --plan <file>', t(bi('the plan (its folder holds the database)', '计划文件（数据库在其目录中）')), 'golive.yaml')
      .option('--release <version>', t(bi("refuse unless this is the run's release", '若与运行的版本不一致则拒绝')))
      .option('--by <name>', t(bi('who deploys (default: git user.name, then the OS user)', '部署人（默认：git user.name，其次系统用户）')))
      .addHelpText(
        'after',
        examplesHelp(
          t,
          ['golive deploy --run r-20261206-0001 -- ./deploy.sh v1.2.3', 'golive deploy --run r-20261206-0001 --release v1.2.3 -- docker compose up -d'],
          bi(
            "The command gets GOLIVE_RUN and GOLIVE_RELEASE in its environment. Exit codes: the command's own when it ran; 1 refused; 2 usage or database error.",
            '命令的环境中有 GOLIVE_RUN 与 GOLIVE_RELEASE。退出码：命令运行时为命令自身的退出码；1 被拒绝；2 用法或数据库错误。',
          ),
        ),
      )
      .action(async (argv, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const actor = whoAmI(options.by, sc.planDir);
          const { runTextRedactor } = await import('../../service/run-secrets.js');
          const typed = await runTextRedactor(sc.store, run, sc.planPath, ctx.env);
          if (typed.notice) ctx.err(ctx.t(typed.notice));
          const redact = typed.redact;
          const command = redact(argv.join(' '));
          await typed.keep();
          const refuse = async (why: Bilingual, data: Record<string, unknown>) => {
            await sc.store.recordEvent({ action: 'deploy.refused', runId: run.id, subject: run.release, actor, data: { command, why: why.en, ...data } });
            ctx.err(`golive deploy: ${ctx.t(why)}`);
            ctx.exit(exitCodes.gateFailed);
          };

          if (options.release !== undefined && options.release !== run.release) {
            return refuse(bi(`run ${run.id} is for release ${run.release ?? '(none)'}, not ${options.release}; start a run for ${options.release}`, `运行 ${run.id} 对应版本 ${run.release ?? '（无）'}，不是 ${options.release}；请为 ${options.release} 开始新的运行`), { release: options.release });
          }
          const { gateRun } = await import('../../service/gate.js');
          const { gate } = await gateRun(sc.store, run);
          if (!gate.passed) {
            const reasons = gate.reasons.map((reason) => `\n  - ${ctx.t(reason)}`).join('');
            return refuse(bi(`refused: the gate of run ${run.id} (${run.release ?? 'no release'}) has not passed:${reasons}`, `已拒绝：运行 ${run.id}（${run.release ?? '无版本'}）的门禁未通过：${reasons}`), { reasons: gate.reasons.map((reason) => reason.en) });
          }
          const { guardHits } = await import('../../guard/guards.js');
          const forbidden = guardHits(run.plan.guards ?? [], argv, run.environment ?? undefined).find((hit) => (hit.guard.action ?? 'forbid') === 'forbid');
          if (forbidden) {
            return refuse(bi(`refused: the plan forbids \`${forbidden.guard.command}\`${forbidden.guard.reason ? ` — ${forbidden.guard.reason}` : ''}`, `已拒绝：计划禁止 \`${forbidden.guard.command}\`${forbidden.guard.reason ? ` —— ${forbidden.guard.reason}` : ''}`), { guard: forbidden.guard.command });
          }

          await sc.store.recordEvent({ action: 'deploy.start', runId: run.id, subject: run.release, actor, data: { command, environment: run.environment } });
          const { finished, spawnCommand } = await import('../../guard/spawn-through.js');
          const started = Date.now();
          const child = spawnCommand(argv, { cwd: ctx.cwd, env: { ...ctx.env, GOLIVE_RUN: run.id, GOLIVE_RELEASE: run.release ?? '' }, capture: true });
          let tail = Buffer.alloc(0);
          let outputBytes = 0;
          const keep = (chunk: Buffer) => {
            outputBytes += chunk.length;
            tail = Buffer.concat([tail, chunk]);
            if (tail.length > keptOutputBytes) tail = tail.subarray(tail.length - keptOutputBytes);
          };
          let pendingErr = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            keep(chunk);
            ctx.out(chunk.toString('utf8'));
          });
          child.stderr?.on('data', (chunk: Buffer) => {
            keep(chunk);
            // ctx.err writes whole lines; a partial line waits for its end.
            const lines = (pendingErr + chunk.toString('utf8')).split('\n');
            pendingErr = lines.pop() ?? '';
            for (const line of lines) ctx.err(line);
          });
          const end = await finished(child);
          if (pendingErr) ctx.err(pendingErr);
          const entry = await sc.store.recordEvent({
            action: 'deploy.finish',
            runId: run.id,
            subject: run.release,
            actor,
            data: {
              command,
              exitCode: end.code,
              signal: end.signal,
              ...(end.startError ? { startError: end.startError } : {}),
              durationMs: Date.now() - started,
              outputBytes,
              output: redact(tail.toString('utf8')),
            },
          });
          ctx.err(
            ctx.t(
              bi(`golive deploy: \`${command}\` exited with ${end.code}${end.startError ? ` (${end.startError})` : ''}; recorded in the audit trail (#${entry.seq})`, `golive deploy：\`${command}\` 退出码 ${end.code}${end.startError ? `（${end.startError}）` : ''}；已记入审计日志（#${entry.seq}）`),
            ),
          );
          ctx.exitWith?.(end.code);
        });
      });
  },
};
