/**
 * Targets a team stores in Settings receive what the after-launch senders send, not only the test message: the real
 * CLI (`golive rollout start`, `golive worker`, child processes of bin/golive.js) on the same SQLite store as the
 * server adds the project's targets to the plan's. Each stand-in robot checks its platform's documented signature
 * (test/stand-ins/chat-robots.ts); the monitor the rollback trigger reads is a real Redis list's length.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { runGolive, startGolive } from '../support/golive-process.js';
import { waitFor } from '../support/prometheus.js';
import { withRedis } from '../support/redis.js';
import { requireService } from '../support/services.js';
import { as, databaseText, setupAdmin, testServer, type Browser, type TestServer } from './harness.js';

const redisUp = await requireService({ name: 'Redis', host: '127.0.0.1', port: 6379 });
const backlogKey = `golive:test:stored-targets:${process.pid}:${Date.now()}`;
const queueKey = `${backlogKey}:queue`;

/** A gray release whose rollback trigger fires while the Redis backlog holds more than 2 entries for a minute. */
const rolloutPlan = `name: team-gray
items:
  - id: redis-up
    title: Redis answers
    priority: blocker
    check: { kind: tcp, host: 127.0.0.1, port: 6379, expect: [open == true] }
monitors:
  - id: backlog
    metric: 待处理队列 / backlog
    check: { kind: redis, url: "redis://127.0.0.1:6379/0", command: [LLEN, "${backlogKey}"] }
rollout:
  interval: 30s
  stages:
    - { id: gray-10, percent: 10, hold: 24h, action: { kind: command, run: [sh, -c, "echo 10 > weights"] } }
  rollbackWhen:
    - { id: backlog, condition: "backlog > 2", for: 1m }
  onTrigger: { run: [sh, -c, "echo rolled-back > rollback.log"], auto: true }
notifications:
  - { id: team, type: wecom, url: "\${OLD_WECOM_WEBHOOK}" }
`;

/** Hourly inspections of an item that fails (nothing listens on port 9) and a monitor over its limit, with no targets of their own. */
const inspectionPlan = `name: team-inspected
items:
  - id: discard-port
    title: Port 9 answers
    priority: high
    check: { kind: tcp, host: 127.0.0.1, port: 9, timeout: 200ms, expect: [open == true] }
inspections:
  - { id: hourly, title: 每小时巡检, schedule: every 1h, for: 2h, items: [discard-port] }
monitors:
  - id: queue
    metric: 待处理队列 / queue
    check: { kind: redis, url: "redis://127.0.0.1:6379/0", command: [LLEN, "${queueKey}"] }
    threshold: value <= 2
    schedule: every 30m
`;

describe.skipIf(!redisUp)('targets stored in Settings receive rollout and inspection messages', () => {
  let robots: ChatRobotStandIn;
  /** Where the plan's own `team` target points: the stored `team` replaces it, so it must hear nothing. */
  let oldRobots: ChatRobotStandIn;
  let server: TestServer;
  let admin: Browser;
  const secretsKey = randomBytes(32).toString('hex');
  const responses: string[] = [];
  let cliEnv: NodeJS.ProcessEnv;

  async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
    const response = await server.app.inject({ method, url, headers: as(admin), ...(payload === undefined ? {} : { payload: payload as string }) });
    responses.push(response.body);
    return response;
  }

  beforeAll(async () => {
    robots = await startChatRobots();
    oldRobots = await startChatRobots();
    const env = { GOLIVE_SECRETS_KEY: secretsKey, WECOM_WEBHOOK: robots.urls.wecom, OLD_WECOM_WEBHOOK: oldRobots.urls.wecom };
    server = await testServer(env);
    admin = await setupAdmin(server);
    expect((await call('POST', '/api/v1/projects', { id: 'shop', name: 'Shop' })).statusCode).toBe(201);
    writeFileSync(join(server.dir, 'golive.yaml'), rolloutPlan);
    writeFileSync(join(server.dir, 'inspect.yaml'), inspectionPlan);
    expect((await call('POST', '/api/v1/projects/shop/plans', { source: rolloutPlan })).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/projects/shop/plans', { source: inspectionPlan })).statusCode).toBe(201);
    // DingTalk's URL (its access token) and signing secret typed as values: stored only sealed with the key.
    expect((await call('POST', '/api/v1/projects/shop/notification-targets', { id: 'ops', type: 'dingtalk', url: robots.urls.dingtalk, secret: robots.secrets.dingtalk })).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/projects/shop/notification-targets', { id: 'team', type: 'wecom', url: '${WECOM_WEBHOOK}' })).statusCode).toBe(201);
    cliEnv = { ...env, DATABASE_URL: '', GOLIVE_TIME_ORIGIN: String(Date.now()) };
  });

  afterAll(async () => {
    await withRedis((client) => client.del(backlogKey, queueKey)).catch(() => undefined);
    await server?.close();
    await robots?.close();
    await oldRobots?.close();
  });

  it('`golive rollout start` sends the trigger alert and its "resolved" to the stored DingTalk robot, signed with the sealed secret', async () => {
    // A minute of rollout time per wall second: the 30 s interval and the trigger's 1m `for` take about a second.
    const env = { ...cliEnv, GOLIVE_TIME_SCALE: '60' };
    const started = await runGolive(['run', 'start', '--release', 'v1'], server.dir, env);
    await withRedis((client) => client.rpush(backlogKey, 'a', 'b', 'c', 'd', 'e'));

    const watcher = startGolive(['rollout', 'start', '--by', '张工'], server.dir, env);
    const fired = (message: { body: string }) => message.body.includes('rollback trigger backlog fired');
    await waitFor('the stored DingTalk robot hears the trigger', async () => robots.received.some((message) => message.platform === 'dingtalk' && fired(message)), 60_000);
    await withRedis((client) => client.del(backlogKey));
    const exitCode = await watcher.done;
    const dingtalk = robots.received.filter((message) => message.platform === 'dingtalk');
    const wecom = robots.received.filter((message) => message.platform === 'wecom');
    const resolved = (message: { body: string }) => message.body.includes('rollback trigger backlog resolved');
    const listed = await call('GET', '/api/v1/projects/shop/notification-targets');
    const output = `${started.output}\n${watcher.output()}`;

    expect(started.code, started.output).toBe(0);
    expect(exitCode, watcher.output()).toBe(1);
    expect(watcher.output()).toContain('rollback trigger backlog fired');
    // One alert and one "resolved" per target: the stored DingTalk robot, and the stored WeCom robot in the place of the plan's.
    expect(dingtalk.filter(fired)).toHaveLength(1);
    expect(dingtalk.filter(resolved)).toHaveLength(1);
    expect(wecom.filter(fired)).toHaveLength(1);
    expect(wecom.filter(resolved)).toHaveLength(1);
    expect(dingtalk.every((message) => message.signatureValid === true)).toBe(true);
    // The other rollout events (started, stage applied, rollback done) reach the stored targets as they happen.
    expect(dingtalk.some((message) => message.body.includes('rolled back') || message.body.includes('回滚'))).toBe(true);
    expect(oldRobots.received).toEqual([]);
    expect(output).not.toContain('▲');
    // The robot's key and signing secret: ciphertext in the database, never in clear anywhere.
    const accessToken = new URL(robots.urls.dingtalk).searchParams.get('access_token') ?? '';
    for (const [where, text] of Object.entries({ database: databaseText(server), output, log: server.log.join(''), responses: responses.join('\n'), listed: listed.body })) {
      expect(text, where).not.toContain(robots.secrets.dingtalk);
      expect(text, where).not.toContain(accessToken);
    }
  }, 120_000);

  it('a worker without GOLIVE_SECRETS_KEY warns once about the sealed target and still alerts the others', async () => {
    // An hour of plan time per wall second: the two hourly rounds of the 2-hour window (T+0 and T+1h) take about two seconds.
    const env = { ...cliEnv, GOLIVE_SECRETS_KEY: '', GOLIVE_TIME_SCALE: '3600', GOLIVE_TIME_ORIGIN: String(Date.now()) };
    const before = { dingtalk: robots.received.filter((message) => message.platform === 'dingtalk').length, wecom: robots.received.filter((message) => message.platform === 'wecom').length };
    await withRedis((client) => client.rpush(queueKey, 'a', 'b', 'c', 'd', 'e'));
    await runGolive(['run', 'start', '-p', 'inspect.yaml', '--release', 'v1'], server.dir, env);
    const scheduled = await runGolive(['inspect', 'start', '-p', 'inspect.yaml'], server.dir, env);
    const monitored = await runGolive(['monitor', 'start', '-p', 'inspect.yaml', '--for', '1h'], server.dir, env);

    const worker = await runGolive(['worker', '-p', 'inspect.yaml', '--exit-when-idle'], server.dir, env);
    const received = (platform: string) => robots.received.filter((message) => message.platform === platform);
    const inspectionAlerts = received('wecom').slice(before.wecom).filter((message) => message.body.includes('inspection hourly: 1 item(s) failing'));
    const monitorAlerts = received('wecom').slice(before.wecom).filter((message) => message.body.includes('monitor queue (待处理队列 / queue) breaks value <= 2: 5'));
    const warnings = worker.output.split('\n').filter((line) => line.includes('"ops" of project shop'));

    expect(scheduled.code, scheduled.output).toBe(0);
    expect(monitored.code, monitored.output).toBe(0);
    expect(worker.code, worker.output).toBe(0);
    expect(worker.output.match(/hourly: 1 failure\(s\)/g)).toHaveLength(2);
    // A monitor's line says its state and value, and that its alert went out.
    expect(worker.output.match(/ queue: ALERTING 5 \(alert sent\)$/gm)).toHaveLength(1);
    // Both rounds fail: one digest alert to the stored WeCom robot (its ${VAR} read from the worker's environment);
    // the monitor over its limit: one alert however often it is evaluated.
    expect(inspectionAlerts).toHaveLength(1);
    expect(monitorAlerts).toHaveLength(1);
    expect(received('dingtalk').slice(before.dingtalk)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GOLIVE_SECRETS_KEY');
    expect(warnings[0]).toContain('other targets still get every message');
    expect(worker.output).not.toContain(robots.secrets.dingtalk);
  }, 120_000);
});
