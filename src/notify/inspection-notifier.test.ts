import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatRobots, type ChatRobotStandIn } from '../../test/stand-ins/chat-robots.js';
import { bi } from '../core/text.js';
import type { InspectionPayload, InspectionResult } from '../orchestrate/inspect.js';
import type { LoadedPlan } from '../plan/load.js';
import { openLaunchStore } from '../service/store.js';
import type { Store } from '../store/store.js';
import { inspectionNotifier } from './inspection-notifier.js';
import { RateLimiter } from './rate-limit.js';

let robots: ChatRobotStandIn;
let store: Store;
let dir = '';

beforeAll(async () => {
  robots = await startChatRobots();
  dir = mkdtempSync(join(tmpdir(), 'golive-inspection-notify-'));
  store = await openLaunchStore({ planDir: dir, env: { DATABASE_URL: '' } });
});
afterAll(async () => {
  await store.close();
  await robots.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inspection notifier (the inspection handler\'s onResult port)', () => {
  it('hourly rounds: one digest alert while items fail, one "resolved" when a round passes, nothing after', async () => {
    const loaded: LoadedPlan = {
      plan: { name: 'shop', items: [], notifications: [{ id: 'lark', type: 'feishu', url: robots.urls.feishu, secret: robots.secrets.feishu }] },
      planPath: join(dir, 'golive.yaml'),
      planDir: dir,
      environment: undefined,
      variables: {},
      secretValues: [],
      source: '',
    };
    const payload: InspectionPayload = { runId: 'r-20261206-0001', planPath: loaded.planPath, environment: null, inspection: 'hourly', startedAt: 0 };
    const failing: InspectionResult = {
      counts: { pass: 3, fail: 2 },
      failures: [
        { itemId: 'api-health', status: 'fail', reason: bi('status 502, expected 200', '状态码 502，应为 200') },
        { itemId: 'disk-free', status: 'fail', reason: null },
      ],
    };
    const passing: InspectionResult = { counts: { pass: 5 }, failures: [] };
    const notify = inspectionNotifier(store, {}, { limiter: new RateLimiter() });

    for (const round of [failing, failing, failing, passing, passing]) await notify(payload, round, loaded);

    expect(robots.received).toHaveLength(2);
    expect(robots.received.every((message) => message.signatureValid === true)).toBe(true);
    expect(robots.received[0]?.body).toContain('巡检 hourly：2 项未通过');
    expect(robots.received[0]?.body).toContain('api-health：fail —— 状态码 502，应为 200');
    expect(robots.received[1]?.json).toMatchObject({ card: { header: { template: 'green' } } });
    expect(robots.received[1]?.body).toContain('every item passes again');
  });
});
