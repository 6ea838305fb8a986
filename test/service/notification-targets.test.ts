/**
 * `notificationTargets` (src/service/notify.ts): the plan's targets joined with those its project keeps in Settings,
 * credentials opened in the sending process, on a real SQLite store shared with the team store.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bilingual } from '../../src/core/text.js';
import type { NotificationTarget } from '../../src/plan/schema.js';
import { storedTarget } from '../../src/server/notify-targets.js';
import type { LoadedPlan } from '../../src/plan/load.js';
import { executeIntoRun } from '../../src/service/execute.js';
import { notificationTargets, sendTestNotification } from '../../src/service/notify.js';
import { loadRunnablePlan, startRun } from '../../src/service/runs.js';
import { testServer, type TestServer } from '../server/harness.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { storeTargets } from '../store/setup.js';

const key = randomBytes(32).toString('hex');
const dingtalk = { url: 'https://oapi.dingtalk.com/robot/send?access_token=0f1e2d3c4b5a69788796a5b4c3d2e1f0', secret: 'SECplanted0123456789abcdef' };
const planTargets: NotificationTarget[] = [
  { id: 'ops', type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=plan-own-robot-000', secret: 'SECplan' },
  { id: 'dev', type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/plan' },
];

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`the targets a run sends to (${kind})`, () => {
    let server: TestServer;
    let robots: ChatRobotStandIn;

    beforeAll(async () => {
      robots = await startChatRobots();
      server = await testServer({}, { target: await create() });
      const admin = await server.team.createUser({ username: 'admin', displayName: 'Admin', passwordHash: 'not-used', isAdmin: true }, 'setup');
      await server.team.createProject({ id: 'shop', name: 'Shop' }, admin);
      await server.team.savePlan('shop', 'shop-launch', 'name: shop-launch\n', 'admin');
      await server.team.addTarget(storedTarget('shop', { id: 'ops', type: 'dingtalk', ...dingtalk }, { GOLIVE_SECRETS_KEY: key }), 'admin');
      await server.team.addTarget(storedTarget('shop', { id: 'team', type: 'wecom', url: '${TEAM_WECOM}' }, {}), 'admin');
      // Another project's plan, with a target kept only in Settings (the tests above count the shop's targets).
      await server.team.createProject({ id: 'pay', name: 'Pay' }, admin);
      await server.team.savePlan('pay', 'pay-launch', 'name: pay-launch\n', 'admin');
      await server.team.addTarget(storedTarget('pay', { id: 'oncall', type: 'dingtalk', url: robots.urls.dingtalk, secret: robots.secrets.dingtalk }, { GOLIVE_SECRETS_KEY: key }), 'admin');
    });

    afterAll(async () => {
      await server?.close();
      await robots?.close();
    });

    it('`golive notify test` reaches a target kept only in Settings, signed with its sealed secret', async () => {
      const loaded = { plan: { name: 'pay-launch', items: [], notifications: planTargets }, planDir: '.', environment: undefined } as unknown as LoadedPlan;

      const delivery = await sendTestNotification({ loaded, targetId: 'oncall', actor: 'qa', env: { GOLIVE_SECRETS_KEY: key }, store: server.store });

      expect(delivery).toMatchObject({ delivered: true, target: 'oncall', type: 'dingtalk' });
      expect(robots.received.at(-1)).toMatchObject({ platform: 'dingtalk', signatureValid: true });
      expect(JSON.stringify(delivery)).not.toContain(robots.secrets.dingtalk);
      await expect(sendTestNotification({ loaded, targetId: 'oncall', actor: 'qa', env: { GOLIVE_SECRETS_KEY: key } })).rejects.toThrow(/no notification target "oncall" in the plan or its project's Settings; the targets are: ops, dev/);
    });

    it("puts a stored target in the place of the plan's of the same id and adds the others after the plan's", async () => {
      const targets = notificationTargets({ store: server.store, env: { GOLIVE_SECRETS_KEY: key, TEAM_WECOM: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=team' } });

      const joined = await targets({ name: 'shop-launch', notifications: planTargets });

      expect(joined).toEqual([
        { id: 'ops', type: 'dingtalk', ...dingtalk },
        planTargets[1],
        { id: 'team', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=team' },
      ]);
    });

    it("leaves out what this process cannot open, warning once per target and reason, and falls back to the plan's own", async () => {
      const warnings: Bilingual[] = [];
      const targets = notificationTargets({ store: server.store, env: {}, onWarning: (message) => warnings.push(message) });

      const first = await targets({ name: 'shop-launch', notifications: planTargets });
      const second = await targets({ name: 'shop-launch', notifications: planTargets });

      expect(first).toEqual(planTargets);
      expect(second).toEqual(planTargets);
      expect(warnings.map((warning) => warning.en)).toEqual([
        expect.stringMatching(/^notification target "ops" of project shop \(Settings\) is left out .*GOLIVE_SECRETS_KEY.*The plan's own target "ops" is used instead/),
        expect.stringMatching(/^notification target "team" of project shop .*\$\{TEAM_WECOM\}.* other targets still get every message/),
      ]);
      expect(warnings[1]?.zh).toContain('其他目标照常接收所有消息');
      expect(JSON.stringify(warnings)).not.toContain(dingtalk.secret);
    });

    it("a run masks what a check prints of a stored target's credential, which the plan never declared", async () => {
      // Not shaped like any credential: only the run's secret set (learnt from Settings at the start) can mask it.
      const hook = 'https://chat.example.cn/notify/launchroom42';
      const planDir = mkdtempSync(join(tmpdir(), 'golive-stored-secret-'));
      writeFileSync(join(planDir, 'hook.txt'), `${hook}\n`);
      writeFileSync(join(planDir, 'golive.yaml'), 'name: shop-launch\nitems:\n  - { id: hook, title: Hook, priority: low, check: { kind: command, run: [cat, hook.txt] } }\n');
      const loaded = await loadRunnablePlan({ planPath: join(planDir, 'golive.yaml'), env: {} });

      const run = await startRun({ store: server.store, loaded, release: 'v1', actor: 'ci', env: { TEAM_WECOM: hook } });
      await executeIntoRun({ store: server.store, run, loaded, actor: 'ci' });
      const results = await server.store.results(run.id);

      expect(results.map((result) => result.status)).toEqual(['pass']);
      expect(JSON.stringify(results)).toContain('"stdout":"••••42\\n"');
      expect(JSON.stringify(results)).not.toContain(hook);
      rmSync(planDir, { recursive: true, force: true });
    });

    it('names a wrong key as such, and a plan no project keeps gets only its own targets', async () => {
      const warnings: Bilingual[] = [];
      const targets = notificationTargets({ store: server.store, env: { GOLIVE_SECRETS_KEY: randomBytes(32).toString('hex'), TEAM_WECOM: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=team' }, onWarning: (message) => warnings.push(message) });

      const kept = await targets({ name: 'shop-launch', notifications: [] });
      const elsewhere = await targets({ name: 'another-plan', notifications: planTargets });

      expect(kept.map((target) => target.id)).toEqual(['team']);
      expect(warnings.map((warning) => warning.en)).toEqual([expect.stringContaining('encrypted with another GOLIVE_SECRETS_KEY')]);
      expect(elsewhere).toEqual(planTargets);
    });
  });
}
