import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bi } from '../../src/core/text.js';
import { notifyIncident } from '../../src/notify/incidents.js';
import { findTarget } from '../../src/notify/target.js';
import { openLaunchStore } from '../../src/service/store.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { runCli } from '../support/cli.js';

let robots: ChatRobotStandIn;
let dir = '';

beforeAll(async () => {
  robots = await startChatRobots();
  dir = mkdtempSync(join(tmpdir(), 'golive-notify-'));
  // ALERT_URL is not named like a secret: golive must still treat a webhook URL as one.
  writeFileSync(
    join(dir, 'golive.yaml'),
    `name: shop
items:
  - id: ok
    title: always passes
    check: { kind: command, run: ["true"] }
notifications:
  - { id: team, type: wecom, url: "\${ALERT_URL}" }
  - { id: ding, type: dingtalk, url: "\${DING_URL}", secret: "\${DING_SECRET}" }
  - { id: lark, type: feishu, url: "\${LARK_URL}", secret: "\${LARK_SECRET}", lang: en }
  - { id: broken, type: wecom, url: "\${BROKEN_URL}" }
`,
  );
});
afterAll(async () => {
  await robots.close();
});

const env = () => ({
  PATH: process.env.PATH,
  DATABASE_URL: '',
  ALERT_URL: robots.urls.wecom,
  DING_URL: robots.urls.dingtalk,
  DING_SECRET: robots.secrets.dingtalk,
  LARK_URL: robots.urls.feishu,
  LARK_SECRET: robots.secrets.feishu,
  BROKEN_URL: `${robots.base}/cgi-bin/webhook/send?key=0a1b2c3d-unknown-robot-key`,
});
const wecomKey = () => new URL(robots.urls.wecom).searchParams.get('key') ?? '';

describe('golive notify test', () => {
  it('sends a test message and prints the platform\'s answer, with the key hidden', async () => {
    const result = await runCli(['notify', 'test', 'team', '--by', 'ci'], { cwd: dir, env: env() });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ team \(wecom http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?\*\*\*\): delivered \(1 attempt\(s\)\)\n {2}platform answered: HTTP 200 \{"errcode":0,"errmsg":"ok"\}\n$/);
    expect(robots.received.at(-1)?.body).toContain('golive 可以向本群发送消息');
    expect(result.stdout + result.stderr).not.toContain(wecomKey());
  });

  it.each([
    ['ding', 'dingtalk'],
    ['lark', 'feishu'],
  ] as const)('%s: signed as the platform documents', async (id, platform) => {
    const result = await runCli(['notify', 'test', id, '--format', 'json'], { cwd: dir, env: env() });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target: id, type: platform, delivered: true });
    expect(robots.received.at(-1)).toMatchObject({ platform, signatureValid: true });
    expect(result.stdout).not.toContain(robots.secrets[platform]);
  });

  it('a platform refusal is exit 1 with the platform\'s words; an unknown target is exit 2 naming the known ones', async () => {
    const refused = await runCli(['notify', 'test', 'broken'], { cwd: dir, env: env() });
    const unknown = await runCli(['notify', 'test', 'nobody'], { cwd: dir, env: env() });

    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('platform answered: HTTP 404 no such robot');
    expect(refused.stdout).not.toContain('unknown-robot-key');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('golive: no notification target "nobody" in the plan or its project\'s Settings; the targets are: team, ding, lark, broken\n');
  });

  it('a missing webhook variable is named, not sent', async () => {
    const result = await runCli(['notify', 'test', 'team'], { cwd: dir, env: { ...env(), ALERT_URL: undefined } });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing value for 1 variable\(s\): ALERT_URL/);
  });

  it('a run started with this plan never stores a webhook URL, key or signing secret', async () => {
    const started = await runCli(['run', 'start', '--release', 'v1.0.0', '--by', 'ci'], { cwd: dir, env: env() });

    expect(started.code).toBe(0);
    const folder = join(dir, '.golive');
    const bytes = readdirSync(folder).map((file) => readFileSync(join(folder, file)).toString('latin1')).join('');
    for (const planted of [wecomKey(), robots.secrets.dingtalk, robots.secrets.feishu, new URL(robots.urls.dingtalk).searchParams.get('access_token') ?? 'x']) {
      expect(bytes).not.toContain(planted);
    }
  });

  it('golive notify incidents lists what each target was told', async () => {
    const store = await openLaunchStore({ planDir: dir, env: { DATABASE_URL: '' } });
    const team = { ...findTarget([{ id: 'team', type: 'wecom', url: robots.urls.wecom }], 'team') };
    const firing = { key: 'monitor:error-rate', firing: true, title: bi('error rate above 1%', '错误率超过 1%'), lines: [], now: new Date('2026-12-06T10:00:00Z') };
    await notifyIncident(store, [team], firing);
    await notifyIncident(store, [team], { ...firing, key: 'monitor:cpu' });
    await notifyIncident(store, [team], { ...firing, key: 'monitor:cpu', firing: false, now: new Date('2026-12-06T10:05:00Z') });
    await store.close();

    const all = await runCli(['notify', 'incidents'], { cwd: dir, env: env() });
    const firingOnly = await runCli(['notify', 'incidents', '--firing', '--format', 'json'], { cwd: dir, env: env() });

    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'FIRING    monitor:error-rate → team: since 2026-12-06T10:00:00.000Z, alert sent 2026-12-06T10:00:00.000Z',
      'resolved  monitor:cpu → team: since 2026-12-06T10:00:00.000Z, alert sent 2026-12-06T10:00:00.000Z, resolved message sent 2026-12-06T10:05:00.000Z',
    ]);
    expect((JSON.parse(firingOnly.stdout) as { incidents: { key: string }[] }).incidents.map((incident) => incident.key)).toEqual(['monitor:error-rate']);
  });
});
