import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatRobots, type ChatRobotStandIn } from '../../test/stand-ins/chat-robots.js';
import { bi } from '../core/text.js';
import type { RolloutEvent } from '../orchestrate/rollout/state.js';
import { openLaunchStore } from '../service/store.js';
import type { Store } from '../store/store.js';
import { RateLimiter } from './rate-limit.js';
import { rolloutNotifier } from './rollout-notifier.js';

let robots: ChatRobotStandIn;
let store: Store;
let dir = '';

beforeAll(async () => {
  robots = await startChatRobots();
  dir = mkdtempSync(join(tmpdir(), 'golive-rollout-notify-'));
  store = await openLaunchStore({ planDir: dir, env: { DATABASE_URL: '' } });
});
afterAll(async () => {
  await store.close();
  await robots.close();
  rmSync(dir, { recursive: true, force: true });
});

const fired: RolloutEvent = {
  type: 'trigger.fired',
  at: Date.parse('2026-12-06T10:00:00Z'),
  by: 'golive',
  message: bi('rollback trigger errors fired: error_rate > 1% held for 10m (error_rate = 0.2)', '回滚条件 errors 已触发：error_rate > 1% 持续 10m（error_rate = 0.2）'),
  data: { trigger: 'errors' },
};

describe('rollout notifier (the rollout engine\'s notify port)', () => {
  it('a fired trigger alerts the targets onTrigger names once, even when the engine announces it again after a restart', async () => {
    const notify = rolloutNotifier({
      store,
      plan: {
        name: 'gray-launch',
        notifications: [
          { id: 'ding', type: 'dingtalk', url: robots.urls.dingtalk, secret: robots.secrets.dingtalk },
          { id: 'team', type: 'wecom', url: robots.urls.wecom },
        ],
        rollout: { onTrigger: { notify: ['ding'] } },
      },
      runId: 'r-20261206-0001',
      release: 'v1.2.3',
      env: { GOLIVE_PUBLIC_URL: 'https://golive.example.com/' },
      limiter: new RateLimiter(),
    });

    await notify(fired);
    await notify(fired);
    const alerts = robots.received.splice(0);
    await notify({ type: 'stage.entered', at: fired.at, by: 'golive', message: bi('stage gray-10 (10%) entered', '进入阶段 gray-10（10%）') });

    expect(alerts.map((message) => message.platform)).toEqual(['dingtalk']);
    expect(alerts[0]).toMatchObject({ signatureValid: true });
    expect(alerts[0]?.body).toContain('https://golive.example.com/runs/r-20261206-0001');
    expect(alerts[0]?.body).toContain('版本 v1.2.3');
    expect(robots.received.map((message) => message.platform).sort()).toEqual(['dingtalk', 'wecom']);
    expect(robots.received.every((message) => message.body.includes('进入阶段 gray-10'))).toBe(true);
  });

  it('a trigger that clears after it fired sends one "resolved" to the same targets, however often it is announced', async () => {
    const notify = rolloutNotifier({
      store,
      plan: { name: 'gray-launch', notifications: [{ id: 'lark', type: 'feishu', url: robots.urls.feishu, secret: robots.secrets.feishu }], rollout: { onTrigger: { notify: ['lark'] } } },
      runId: 'r-20261206-0003',
      release: 'v1.2.4',
      env: {},
      limiter: new RateLimiter(),
    });
    const resolved: RolloutEvent = { ...fired, type: 'trigger.resolved', at: fired.at + 600_000, message: bi('rollback trigger errors resolved: error_rate > 1% no longer holds (error_rate=0.002)', '回滚条件 errors 已恢复：error_rate > 1% 不再成立（error_rate=0.002）') };
    robots.received.splice(0);

    await notify(fired);
    await notify(resolved);
    await notify(resolved);

    const sent = robots.received.splice(0);
    expect(sent.map((message) => message.platform)).toEqual(['feishu', 'feishu']);
    expect(sent.every((message) => message.signatureValid === true)).toBe(true);
    expect(sent[1]?.body).toContain('回滚条件 errors 已恢复');
    expect((await store.incidents()).find((incident) => incident.key === 'trigger:r-20261206-0003:errors')).toMatchObject({ state: 'resolved', target: 'lark' });
  });

  it('a delivery failure reaches the engine as an error (it records it and goes on)', async () => {
    const notify = rolloutNotifier({ store, plan: { name: 'gray-launch', notifications: [{ id: 'gone', type: 'wecom', url: `${robots.base}/cgi-bin/webhook/send?key=not-a-robot-0000` }] }, runId: 'r-20261206-0002', release: null, env: {}, limiter: new RateLimiter(), attempts: 1 });

    const error = await notify({ ...fired, type: 'aborted' }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    expect(error?.message).toMatch(/gone \(wecom .*\?\*\*\*\): the platform refused the message: HTTP 404 no such robot/);
    expect(error?.message).not.toContain('not-a-robot-0000');
  });
});
