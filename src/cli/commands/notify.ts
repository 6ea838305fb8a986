import { resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { exitCodes, GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { collectVar, examplesHelp } from '../options.js';
import { openPlanStore, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

export const notifyCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const notify = program
      .command('notify')
      .description(t(bi('chat notifications: WeCom, DingTalk, Feishu/Lark, Slack, signed webhooks', '聊天通知：企业微信、钉钉、飞书/Lark、Slack、签名 Webhook')))
      .addHelpText('after', examplesHelp(t, ['golive notify test team', 'golive notify test oncall -e production --format json']));

    notify
      .command('test')
      .description(t(bi("send a test message to a target of the plan's notifications (or of its project's Settings on a team store) and print the platform's answer", '向计划 notifications 或项目设置中的目标发送测试消息，并显示平台的响应')))
      .argument('<target>', t(bi('id of the notification target', '通知目标的 id')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('-e, --env <name>', t(bi('environment of the plan', '计划中的环境')))
      .option('--var <NAME=VALUE>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {})
      .option('--by <name>', t(bi('who sends it (shown in the message)', '发送人（显示在消息中）')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .addHelpText('after', examplesHelp(t, ['golive notify test team', 'WECOM_WEBHOOK=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… golive notify test team'], bi('Exit codes: 0 delivered, 1 the platform refused or could not be reached, 2 usage or plan error.', '退出码：0 已送达，1 平台拒绝或无法连接，2 用法或计划错误。')))
      .action(async (targetId, options) => {
        const ctx = context();
        const { loadRunnablePlan } = await import('../../service/runs.js');
        const { terminalPrompt } = await import('../prompt.js');
        const { sendTestNotification } = await import('../../service/notify.js');
        // Only the notifications' variables are needed: no item is loaded.
        const loaded = await loadRunnablePlan(
          { planPath: resolve(ctx.cwd, options.plan), ...(options.env ? { environment: options.env } : {}), vars: options.var, env: ctx.env, ...(ctx.interactive ? { prompt: terminalPrompt() } : {}) },
          new Set<string>(),
        );
        // The team's targets (Settings) live in the store: used when there is one; a plan nothing was recorded for has none.
        const store = await openPlanStore(ctx, options.plan, { mustExist: true }).catch((error: unknown) => {
          if (error instanceof GoliveError && error.code === 'store.missing') return undefined;
          throw error;
        });
        const warn = (message: Bilingual) => ctx.err(`▲ ${ctx.t(message)}\n`);
        const delivery = store
          ? await withStore(Promise.resolve(store), (sc) => sendTestNotification({ loaded, targetId, actor: whoAmI(options.by, loaded.planDir), env: ctx.env, store: sc.store, onWarning: warn }))
          : await sendTestNotification({ loaded, targetId, actor: whoAmI(options.by, loaded.planDir), env: ctx.env });
        if (options.format === 'json') {
          ctx.out(`${JSON.stringify({ ...delivery, ...(delivery.error ? { error: ctx.t(delivery.error) } : {}) }, null, 2)}\n`);
        } else {
          const head = delivery.delivered
            ? ctx.t(bi(`✔ ${delivery.target} (${delivery.type} ${delivery.endpoint}): delivered (${delivery.attempts} attempt(s))`, `✔ ${delivery.target}（${delivery.type} ${delivery.endpoint}）：已送达（尝试 ${delivery.attempts} 次）`))
            : ctx.t(bi(`✖ ${delivery.target} (${delivery.type} ${delivery.endpoint}): not delivered`, `✖ ${delivery.target}（${delivery.type} ${delivery.endpoint}）：未送达`));
          const lines = [head];
          if (delivery.answer) lines.push(`  ${ctx.t(bi('platform answered', '平台响应'))}: HTTP ${delivery.answer.status} ${delivery.answer.body.trim()}`);
          if (delivery.error) lines.push(`  ${ctx.t(delivery.error)}`);
          ctx.out(`${lines.join('\n')}\n`);
        }
        if (!delivery.delivered) ctx.exit(exitCodes.gateFailed);
      });

    notify
      .command('incidents')
      .description(t(bi('incidents and whether their alert and "resolved" message reached each target', '事件及其告警与恢复消息是否已送达各通知目标')))
      .option('-p, --plan <file>', t(bi('the plan (its folder holds the database)', '计划文件（数据库在其目录中）')), 'golive.yaml')
      .option('--firing', t(bi('only incidents still firing', '只显示仍在告警中的事件')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .addHelpText('after', examplesHelp(t, ['golive notify incidents', 'golive notify incidents --firing --format json']))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { listIncidents } = await import('../../service/notify.js');
          const incidents = await listIncidents(sc.store, { ...(options.firing ? { firingOnly: true } : {}) });
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ incidents }, null, 2)}\n`);
            return;
          }
          if (incidents.length === 0) {
            ctx.out(`${ctx.t(bi('no incidents', '没有事件'))}\n`);
            return;
          }
          const sent = (at: string | null) => (at ? ctx.t(bi(`sent ${at}`, `已发送 ${at}`)) : ctx.t(bi('not sent', '未发送')));
          const lines = incidents.map((incident) => {
            const state = incident.state === 'firing' ? ctx.t(bi('FIRING', '告警中')) : ctx.t(bi('resolved', '已恢复'));
            const resolved = incident.state === 'resolved' ? `, ${ctx.t(bi('resolved message', '恢复消息'))} ${sent(incident.resolvedSentAt)}` : '';
            return `${state.padEnd(9)} ${incident.key} → ${incident.target}: ${ctx.t(bi('since', '开始于'))} ${incident.openedAt}, ${ctx.t(bi('alert', '告警'))} ${sent(incident.alertedAt)}${resolved}`;
          });
          ctx.out(`${lines.join('\n')}\n`);
        });
      });
  },
};
