import { readdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startChatRobots, type ChatRobotStandIn, type Platform } from '../../test/stand-ins/chat-robots.js';
import { createTestCertificates, type TestCertificates } from '../../test/support/tls.js';
import { bi } from '../core/text.js';
import type { NotificationTarget } from '../plan/schema.js';
import { deliver, type DeliverOptions } from './deliver.js';
import type { Notice } from './notifier.js';
import { RateLimiter, type Clock } from './rate-limit.js';
import { notifierKindNames, notifierKinds } from './registry.js';

/** A clock whose sleeps only move its own time: a 10-minute throttle takes no real time. */
function fakeClock(start = Date.now()): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

const notice: Notice = {
  kind: 'alert',
  title: bi('error rate above 1% for 5 minutes', '错误率持续 5 分钟超过 1%'),
  lines: [bi('error_rate = 2.4% (threshold 1%)', '错误率 = 2.4%（阈值 1%）'), bi('release v1.2.3', '版本 v1.2.3')],
  link: { url: 'https://golive.example.com/runs/r-20261206-0001', text: bi('Open run r-20261206-0001', '查看运行 r-20261206-0001') },
  at: new Date('2026-12-06T10:00:00Z'),
};

let robots: ChatRobotStandIn;
let clock: ReturnType<typeof fakeClock>;
let options: DeliverOptions;

function target(platform: Platform, extra: Partial<NotificationTarget> = {}): NotificationTarget {
  const secret = platform === 'dingtalk' || platform === 'feishu' || platform === 'webhook' ? { secret: robots.secrets[platform] } : {};
  return { id: `${platform}-team`, type: platform, url: robots.urls[platform], ...secret, ...extra };
}

beforeAll(async () => {
  robots = await startChatRobots();
});
afterAll(async () => {
  await robots.close();
});
beforeEach(() => {
  robots.received.length = 0;
  clock = fakeClock();
  options = { clock, limiter: new RateLimiter(), timeoutMs: 3_000 };
});

describe('notifier registry', () => {
  it('lists exactly the kind folders', () => {
    const folders = readdirSync(import.meta.dirname, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

    expect(folders.sort()).toEqual([...notifierKindNames].sort());
  });

  it('has a kind for every name, each with documented limits', () => {
    expect(Object.keys(notifierKinds).sort()).toEqual([...notifierKindNames].sort());
    expect(Object.fromEntries(Object.entries(notifierKinds).map(([name, kind]) => [name, kind.limits]))).toEqual({
      wecom: [{ count: 20, perMs: 60_000 }],
      dingtalk: [{ count: 20, perMs: 60_000 }],
      feishu: [
        { count: 5, perMs: 1_000 },
        { count: 100, perMs: 60_000 },
      ],
      slack: [{ count: 1, perMs: 1_000 }],
      webhook: [{ count: 60, perMs: 60_000 }],
    });
  });
});

describe('each platform, against a stand-in that verifies the documented signature', () => {
  it.each(notifierKindNames)('%s: delivered, in Chinese and English, with the link', async (platform) => {
    const delivery = await deliver(target(platform), notice, options);

    expect(delivery).toMatchObject({ delivered: true, attempts: 1 });
    expect(robots.received).toHaveLength(1);
    const message = robots.received[0];
    expect(message?.signatureValid).toBe(platform === 'wecom' || platform === 'slack' ? undefined : true);
    const body = message?.body ?? '';
    expect(body).toContain('错误率');
    expect(body).toContain('error rate');
    expect(body).toContain('https://golive.example.com/runs/r-20261206-0001');
  });

  it('shapes each platform\'s documented message type', async () => {
    for (const platform of notifierKindNames) await deliver(target(platform), notice, options);

    const byPlatform = Object.fromEntries(robots.received.map((message) => [message.platform, message.json]));
    expect(byPlatform.wecom).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('<font color="warning">') } });
    expect(byPlatform.dingtalk).toMatchObject({ msgtype: 'markdown', markdown: { title: '[告警 / ALERT] 错误率持续 5 分钟超过 1% / error rate above 1% for 5 minutes' } });
    expect(byPlatform.feishu).toMatchObject({ msg_type: 'interactive', card: { header: { template: 'red' } } });
    expect(byPlatform.slack).toMatchObject({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('<https://golive.example.com/runs/r-20261206-0001|') } }] });
    expect(byPlatform.webhook).toMatchObject({ event: 'golive.notice', kind: 'alert', title: { en: 'error rate above 1% for 5 minutes' } });
  });

  it('one language when the target asks for it', async () => {
    await deliver(target('wecom', { lang: 'en' }), notice, options);

    expect(robots.received[0]?.body).not.toContain('错误率');
  });

  it.each(['dingtalk', 'feishu'] as const)('%s: a wrong secret is refused by the platform, said once, not retried', async (platform) => {
    const delivery = await deliver(target(platform, { secret: 'SECwrong-secret-value' }), notice, options);

    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts).toBe(1);
    expect(robots.received[0]?.signatureValid).toBe(false);
    expect(delivery.error?.en).toMatch(platform === 'dingtalk' ? /refused the message: errcode 310000: sign not match/ : /refused the message: code 19021/);
    expect(JSON.stringify(delivery)).not.toContain('SECwrong-secret-value');
  });

  it('a WeCom message longer than 4096 bytes is cut to fit', async () => {
    const long = { ...notice, lines: Array.from({ length: 200 }, (_, index) => bi(`line ${index} of a long digest`, `长摘要的第 ${index} 行，包含中文字符`)) };

    const delivery = await deliver(target('wecom'), long, options);

    expect(delivery.delivered).toBe(true);
    const content = (robots.received[0]?.json?.markdown as { content: string }).content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…')).toBe(true);
  });
});

describe('rate limits', () => {
  it('WeCom: 25 alerts in a burst, the 21st waits until the first leaves the minute window', async () => {
    const started = clock.now();
    const sentAt: number[] = [];

    for (let index = 0; index < 25; index += 1) {
      const delivery = await deliver(target('wecom'), notice, options);
      expect(delivery.delivered).toBe(true);
      sentAt.push(clock.now() - started);
    }

    expect(robots.received).toHaveLength(25);
    expect(sentAt.slice(0, 20).every((at) => at === 0)).toBe(true);
    expect(sentAt.slice(20).every((at) => at === 60_000)).toBe(true);
  });

  it('Feishu: 5 a second and 100 a minute', async () => {
    const started = clock.now();
    const sentAt: number[] = [];

    for (let index = 0; index < 101; index += 1) {
      await deliver(target('feishu'), notice, options);
      sentAt.push(clock.now() - started);
    }

    const windows = sentAt.map((at) => sentAt.filter((other) => other > at - 1_000 && other <= at).length);
    expect(Math.max(...windows)).toBeLessThanOrEqual(5);
    expect(sentAt[99]).toBeLessThan(60_000);
    expect(sentAt[100]).toBeGreaterThanOrEqual(60_000);
  });

  it('gives up with a clear message when the wait would exceed what the caller allows', async () => {
    for (let index = 0; index < 20; index += 1) await deliver(target('dingtalk'), notice, options);

    const delivery = await deliver(target('dingtalk'), notice, { ...options, maxWaitMs: 5_000 });

    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts).toBe(0);
    expect(delivery.error?.en).toMatch(/rate limit reached \(20\/1min\); the next message may go in 60s/);
    expect(robots.received).toHaveLength(20);
  });
});

describe('retries and the platforms\' "too fast" answers', () => {
  it('retries 5xx with growing backoff, then delivers', async () => {
    robots.script('webhook', { status: 503, body: 'unavailable' }, { status: 500, body: 'oops' });

    const delivery = await deliver(target('webhook'), notice, options);

    expect(delivery).toMatchObject({ delivered: true, attempts: 3, answer: { status: 204, body: '' } });
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0] ?? Infinity);
  });

  it('stops after the attempts allowed, naming the last answer', async () => {
    robots.script('webhook', ...Array.from({ length: 4 }, () => ({ status: 502, body: 'bad gateway' })));

    const delivery = await deliver(target('webhook'), notice, options);

    expect(delivery.delivered).toBe(false);
    expect(delivery.attempts).toBe(4);
    expect(delivery.error?.en).toMatch(/HTTP 502 bad gateway \(gave up after 4 attempts\)/);
  });

  it('WeCom errcode 45009 on HTTP 200: waits out the minute, then delivers', async () => {
    robots.script('wecom', { status: 200, body: JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }) });

    const delivery = await deliver(target('wecom'), notice, options);

    expect(delivery).toMatchObject({ delivered: true, attempts: 2 });
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('Feishu code 11232 on HTTP 200 is throttling, not a refusal', async () => {
    robots.script('feishu', { status: 200, body: JSON.stringify({ code: 11232, msg: 'frequency limited', data: {} }) });

    const delivery = await deliver(target('feishu'), notice, options);

    expect(delivery).toMatchObject({ delivered: true, attempts: 2 });
  });

  it('DingTalk errcode 130101: the robot is blocked for 10 minutes, longer than an alert waits, so it says so', async () => {
    robots.script('dingtalk', { status: 200, body: JSON.stringify({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }) });

    const delivery = await deliver(target('dingtalk'), notice, options);
    const next = await deliver(target('dingtalk'), notice, { ...options, maxWaitMs: 60_000 });

    expect(delivery.delivered).toBe(false);
    expect(delivery.error?.en).toMatch(/throttles this robot \(errcode 130101: send too fast/);
    expect(next).toMatchObject({ delivered: false, attempts: 0 });
    expect(robots.received).toHaveLength(1);
  });

  it('Slack 429 honours Retry-After', async () => {
    robots.script('slack', { status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } });

    const delivery = await deliver(target('slack'), notice, options);

    expect(delivery).toMatchObject({ delivered: true, attempts: 2 });
    expect(clock.sleeps).toContain(7_000);
  });
});

describe('hostile receivers: one clear error, no hang, no key in it', () => {
  let server: Server;
  let base: string;
  let certs: TestCertificates;
  let tlsServer: Server;
  let tlsBase: string;
  const key = 'k3y-5f2c8a1e3b7d4e9fa6c08d1b4e7f2a3c';

  beforeAll(async () => {
    server = createHttpServer((request, response) => {
      if (request.url?.startsWith('/drip')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => response.write(' '), 100);
        response.on('close', () => clearInterval(timer));
        return;
      }
      if (request.url?.startsWith('/huge')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let sent = 0;
        const pump = () => {
          while (sent < 200 && response.write(chunk)) sent += 1;
          if (sent >= 200) response.end();
          else response.once('drain', pump);
        };
        pump();
        return;
      }
      if (request.url?.startsWith('/redirect')) {
        response.writeHead(302, { location: request.url });
        return response.end();
      }
      // Echoes the request URL, key included, the way some error pages do.
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(`bad request for ${request.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    certs = await createTestCertificates();
    tlsServer = createHttpsServer({ cert: certs.selfSigned.cert, key: certs.selfSigned.key }, (_request, response) => response.end('{"errcode":0}'));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    tlsServer.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => tlsServer.close(resolve));
    await certs.cleanup();
  });

  function hostile(path: string, at = base): NotificationTarget {
    return { id: 'ops', type: 'wecom', url: `${at}${path}?key=${key}` };
  }

  it('slow drip: the whole exchange has a deadline', async () => {
    const delivery = await deliver(hostile('/drip'), notice, { ...options, timeoutMs: 800, attempts: 2 });

    expect(delivery.delivered).toBe(false);
    expect(delivery.error?.en).toMatch(/^ops \(wecom http:\/\/127\.0\.0\.1:\d+\/drip\?\*\*\*\): no complete answer within 0\.8s \(gave up after 2 attempts\)$/);
  });

  it('huge body: reading stops at the limit', async () => {
    const delivery = await deliver(hostile('/huge'), notice, options);

    expect(delivery).toMatchObject({ delivered: false, attempts: 1 });
    expect(delivery.error?.en).toMatch(/the answer is larger than 65536 bytes/);
  });

  it('endless redirect: not followed', async () => {
    const delivery = await deliver(hostile('/redirect'), notice, options);

    expect(delivery).toMatchObject({ delivered: false, attempts: 1 });
    expect(delivery.error?.en).toMatch(/HTTP 302: the webhook redirects/);
  });

  it('bad certificate: refused, not retried', async () => {
    const delivery = await deliver(hostile('/cgi-bin/webhook/send', tlsBase), notice, options);

    expect(delivery).toMatchObject({ delivered: false, attempts: 1 });
    expect(delivery.error?.en).toMatch(/TLS failed, the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  it('a trusted private CA (the target\'s ca:) is accepted', async () => {
    const ok = createHttpsServer({ cert: certs.valid.cert, key: certs.valid.key }, (_request, response) => response.end('{"errcode":0,"errmsg":"ok"}'));
    await new Promise<void>((resolve) => ok.listen(0, '127.0.0.1', resolve));

    const delivery = await deliver({ ...hostile('/send', `https://127.0.0.1:${(ok.address() as AddressInfo).port}`), ca: certs.ca.certFile }, notice, options);

    ok.close();
    expect(delivery.delivered).toBe(true);
  });

  it('the key never shows, even when the receiver echoes the URL', async () => {
    const deliveries = await Promise.all(['/echo', '/drip', '/huge', '/redirect'].map((path) => deliver(hostile(path), notice, { ...options, timeoutMs: 500, attempts: 1 })));

    expect(deliveries[0]?.answer?.body).toMatch(/^bad request for \/echo\?key=/);
    for (const delivery of deliveries) expect(JSON.stringify(delivery)).not.toContain(key);
  });
});
