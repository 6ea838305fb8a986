import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * STAND-INS for the chat platforms' robot webhooks: WeCom's, DingTalk's, Feishu's and Slack's servers cannot be
 * reached from tests, so this loopback node:http server answers the way their documentation says (REFERENCE.md §3).
 * The signature checks are written here from the platforms' documented algorithms, independently of golive's
 * signing code, so a golive that signs wrongly is refused exactly like the real platform would refuse it.
 */
export interface ReceivedMessage {
  readonly platform: Platform;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** Parsed JSON body (undefined when not JSON). */
  readonly json: Record<string, unknown> | undefined;
  /** Did the documented signature check pass (undefined when the robot has no secret)? */
  readonly signatureValid: boolean | undefined;
}

export type Platform = 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'webhook';

/** What the stand-in answers instead of success, once per queued entry. */
export type ScriptedAnswer = { readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> };

export interface ChatRobotStandIn {
  readonly base: string;
  /** Webhook URLs as the platforms hand them out, pointing here. */
  readonly urls: Readonly<Record<Platform, string>>;
  readonly secrets: { readonly dingtalk: string; readonly feishu: string; readonly webhook: string };
  readonly received: ReceivedMessage[];
  /** Queues answers for a platform, used before the default success answer. */
  script(platform: Platform, ...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

const wecomKey = '5f2c8a1e-3b7d-4e9f-a6c0-8d1b4e7f2a3c';
const dingtalkToken = 'a1b2c3d4e5f60718293a4b5c6d7e8f9001122334455667788990aabbccddeeff';
const feishuHook = '2b7e1c9a-4f3d-4a8b-9c1e-7d6f5a4b3c2d';
const slackPath = 'T024BE7LD/B01AB2CD3EF/q8Zr3LmX7tVw2KpN9sYb4Hc1';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** DingTalk 加签 as documented: HMAC-SHA256(key = secret, message = timestamp + "\n" + secret), Base64, ms timestamp within 1 h. */
function dingtalkSignatureValid(url: URL, secret: string): boolean {
  const timestamp = url.searchParams.get('timestamp') ?? '';
  const sign = url.searchParams.get('sign') ?? '';
  if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return safeEqual(sign, expected);
}

/** Feishu's documented check: HMAC-SHA256(key = timestamp + "\n" + secret, message = empty), Base64, seconds within 1 h, in the body. */
function feishuSignatureValid(json: Record<string, unknown> | undefined, secret: string): boolean {
  const timestamp = String(json?.timestamp ?? '');
  const sign = String(json?.sign ?? '');
  if (!/^\d{10}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 3_600) return false;
  const expected = createHmac('sha256', `${timestamp}\n${secret}`).digest('base64');
  return safeEqual(sign, expected);
}

/** The generic webhook's documented header: `sha256=` hex HMAC-SHA256(key = secret, message = timestamp + "." + raw body). */
function webhookSignatureValid(headers: IncomingMessage['headers'], body: string, secret: string): boolean {
  const timestamp = String(headers['x-golive-timestamp'] ?? '');
  const signature = String(headers['x-golive-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  return safeEqual(signature, `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
}

/** Starts the stand-in on 127.0.0.1 (a free port). */
export async function startChatRobots(): Promise<ChatRobotStandIn> {
  const secrets = { dingtalk: 'SEC7f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4', feishu: 'fsQk3b9Zt7LmN2pX5vR8wY1c', webhook: 'whsec-9c8b7a6d5e4f3a2b1c0d' };
  const received: ReceivedMessage[] = [];
  const scripts = new Map<Platform, ScriptedAnswer[]>();

  function platformOf(url: URL): Platform | undefined {
    if (url.pathname === '/cgi-bin/webhook/send' && url.searchParams.get('key') === wecomKey) return 'wecom';
    if (url.pathname === '/robot/send' && url.searchParams.get('access_token') === dingtalkToken) return 'dingtalk';
    if (url.pathname === `/open-apis/bot/v2/hook/${feishuHook}`) return 'feishu';
    if (url.pathname === `/services/${slackPath}`) return 'slack';
    if (url.pathname === '/hooks/golive') return 'webhook';
    return undefined;
  }

  function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    response.end(text);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const platform = platformOf(url);
      if (!platform) return answer(response, 404, 'no such robot');
      const signatureValid =
        platform === 'dingtalk' && url.searchParams.has('sign')
          ? dingtalkSignatureValid(url, secrets.dingtalk)
          : platform === 'feishu' && json?.sign !== undefined
            ? feishuSignatureValid(json, secrets.feishu)
            : platform === 'webhook' && request.headers['x-golive-signature'] !== undefined
              ? webhookSignatureValid(request.headers, body, secrets.webhook)
              : undefined;
      received.push({ platform, url, headers: request.headers, body, json, signatureValid });
      const scripted = scripts.get(platform)?.shift();
      if (scripted) return answer(response, scripted.status, scripted.body, scripted.headers);
      switch (platform) {
        case 'wecom':
          if (json?.msgtype !== 'markdown' || Buffer.byteLength(String((json.markdown as { content?: unknown } | undefined)?.content ?? ''), 'utf8') > 4096) return answer(response, 200, { errcode: 40008, errmsg: 'invalid message type' });
          return answer(response, 200, { errcode: 0, errmsg: 'ok' });
        case 'dingtalk':
          if (signatureValid === false) return answer(response, 200, { errcode: 310000, errmsg: 'sign not match' });
          return answer(response, 200, { errcode: 0, errmsg: 'ok' });
        case 'feishu':
          if (signatureValid === false) return answer(response, 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} });
          return answer(response, 200, { code: 0, msg: 'success', data: {} });
        case 'slack':
          if (!json || typeof json.text !== 'string') return answer(response, 400, 'invalid_payload');
          return answer(response, 200, 'ok');
        case 'webhook':
          if (signatureValid === false) return answer(response, 401, 'bad signature');
          return answer(response, 204, '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    urls: {
      wecom: `${base}/cgi-bin/webhook/send?key=${wecomKey}`,
      dingtalk: `${base}/robot/send?access_token=${dingtalkToken}`,
      feishu: `${base}/open-apis/bot/v2/hook/${feishuHook}`,
      slack: `${base}/services/${slackPath}`,
      webhook: `${base}/hooks/golive`,
    },
    secrets,
    received,
    script(platform, ...answers) {
      scripts.set(platform, [...(scripts.get(platform) ?? []), ...answers]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
