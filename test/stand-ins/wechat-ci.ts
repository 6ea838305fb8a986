import { execFile } from 'node:child_process';
import { constants, generateKeyPairSync, publicDecrypt, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

/**
 * A stand-in for WeChat's CI servers (https://servicewechat.com/wxa/ci/*), because the real ones
 * cannot be reached from tests. miniprogram-ci has no setting for its host, but it honours
 * HTTPS_PROXY (and `ci.proxy()`): this stand-in is that proxy. It accepts CONNECT for
 * servicewechat.com:443, ends TLS with a certificate made here (the client trusts it through
 * NODE_EXTRA_CA_CERTS), and answers the endpoints miniprogram-ci 2.1.x calls, as its source shows:
 * `getrandstr` → `getattr` / `upload` / `testSourceURL`, each signed with the code-upload key
 * (RSA PKCS#1 private encrypt of `{appid, rand_str}`), which this stand-in checks with the public key.
 */
export interface WechatCiStandIn {
  /** `http://127.0.0.1:<port>`: the proxy URL for HTTPS_PROXY. */
  readonly proxyUrl: string;
  /** PEM file of the certificate to trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The code-upload key WeChat would give for `appid` (PKCS#1 PEM, as downloaded from the console). */
  readonly privateKey: string;
  readonly appid: string;
  /** Every CONNECT target asked for (`servicewechat.com:443`). */
  readonly tunnels: string[];
  /** Every upload / preview the stand-in accepted, with the files of the package. */
  readonly uploads: AcceptedUpload[];
  /** When true, answers like WeChat does for an IP not on the key's whitelist (-10008). */
  blockIp: boolean;
  close(): Promise<void>;
}

export interface AcceptedUpload {
  readonly kind: 'upload' | 'preview';
  readonly query: Record<string, string>;
  /** Paths in the uploaded package. */
  readonly files: string[];
  /** Bytes of the package (without source maps and signature), as WeChat reports `__FULL__`. */
  readonly size: number;
}

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Reads miniprogram-ci's pack format (`ci/utils/pack.js`): 0xBE, version, index length, data length, 0xED, then the index. */
function unpack(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (buffer[0] !== 0xbe || buffer[13] !== 0xed) throw new Error('not a miniprogram-ci package');
  const count = buffer.readInt32BE(14);
  let at = 18;
  for (let index = 0; index < count; index += 1) {
    const nameLength = buffer.readInt32BE(at);
    const name = buffer.subarray(at + 4, at + 4 + nameLength).toString('utf8');
    const offset = buffer.readInt32BE(at + 4 + nameLength);
    const size = buffer.readInt32BE(at + 8 + nameLength);
    files.set(name, buffer.subarray(offset, offset + size));
    at += 12 + nameLength;
  }
  return files;
}

/** A QR code PNG for `text`, drawn from the QR encoder qrcode-terminal vendors (WeChat sends a picture of one). */
export function qrPng(text: string): Buffer {
  const QRCode = require('qrcode-terminal/vendor/QRCode/index.js') as new (type: number, level: number) => {
    addData(text: string): void;
    make(): void;
    getModuleCount(): number;
    isDark(row: number, col: number): boolean;
  };
  const levels = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel.js') as { L: number };
  const { PNG } = require('pngjs') as { PNG: { new (options: { width: number; height: number }): { data: Buffer }; sync: { write(png: unknown): Buffer } } };
  const qr = new QRCode(-1, levels.L);
  qr.addData(text);
  qr.make();
  const scale = 8;
  const border = 4;
  const modules = qr.getModuleCount();
  const width = (modules + border * 2) * scale;
  const png = new PNG({ width, height: width });
  for (let y = 0; y < width; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const row = Math.floor(y / scale) - border;
      const col = Math.floor(x / scale) - border;
      const dark = row >= 0 && col >= 0 && row < modules && col < modules && qr.isDark(row, col);
      const at = (y * width + x) * 4;
      png.data[at] = png.data[at + 1] = png.data[at + 2] = dark ? 0 : 255;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the stand-in on 127.0.0.1 with a fresh certificate and key pair for `appid`. */
export async function startWechatCi(appid = 'wx1234567890abcdef'): Promise<WechatCiStandIn> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-wechat-ci-'));
  const keyFile = join(dir, 'tls.key');
  const caFile = join(dir, 'tls.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '2', '-subj', '/CN=servicewechat.com',
    '-addext', 'subjectAltName=DNS:servicewechat.com', '-addext', 'basicConstraints=critical,CA:TRUE',
  ], { timeout: 30_000 });
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  const issued = new Set<string>();
  const tunnels: string[] = [];
  const uploads: AcceptedUpload[] = [];
  const reply = (response: ServerResponse, payload: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };
  /** True when `signature` is the key's signature over a string this stand-in issued for `forAppid`. */
  const signedByKey = (signature: string, forAppid: string): boolean => {
    try {
      const signed = JSON.parse(publicDecrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(signature, 'base64')).toString('utf8')) as { appid?: string; rand_str?: string };
      return signed.appid === forAppid && typeof signed.rand_str === 'string' && issued.delete(signed.rand_str);
    } catch {
      return false;
    }
  };
  const state = { blockIp: false };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://servicewechat.com');
    const raw = await body(request);
    if (url.pathname === '/wxa/ci/getrandstr') {
      const asked = JSON.parse(raw.toString('utf8')) as { appid?: string };
      if (state.blockIp) return reply(response, { errCode: -10008, errMsg: `invalid ip: ${request.socket.remoteAddress ?? ''}, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html` });
      if (asked.appid !== appid) return reply(response, { errCode: 40013, errMsg: 'invalid appid' });
      const randomString = randomBytes(16).toString('hex');
      issued.add(randomString);
      return reply(response, { errCode: 0, errMsg: 'ok', data: { randomString } });
    }
    if (url.pathname === '/wxa/ci/getattr') {
      const asked = JSON.parse(raw.toString('utf8')) as { appid: string; signature: string };
      if (!signedByKey(asked.signature, asked.appid)) return reply(response, { errCode: -10003, errMsg: 'signature verify fail' });
      return reply(response, { errCode: 0, data: { platform: 0, appType: 0, isSandbox: false, released: true, setting: { MaxCodeSize: 2, MaxSubpackageSubCodeSize: 2, MaxSubpackageFullCodeSize: 20 } } });
    }
    if (url.pathname === '/wxa/ci/upload' || url.pathname === '/wxa/ci/testSourceURL') {
      const files = unpack(gunzipSync(raw));
      const signatureFile = [...files.keys()].find((name) => name.toLowerCase().includes('signature'));
      const signature = signatureFile ? (JSON.parse(files.get(signatureFile)?.toString('utf8') ?? '{}') as { signature?: string }).signature : undefined;
      const query = Object.fromEntries(url.searchParams);
      if (!signature || !signedByKey(signature, query.appid ?? '')) return reply(response, { errCode: -10003, errMsg: 'signature verify fail' });
      const shipped = [...files].filter(([name]) => name !== signatureFile && !name.endsWith('.js.map'));
      const size = shipped.reduce((sum, [name, data]) => sum + data.length + Buffer.byteLength(name), 0);
      const kind = url.pathname === '/wxa/ci/upload' ? 'upload' : 'preview';
      uploads.push({ kind, query, files: shipped.map(([name]) => name).sort(), size });
      return reply(response, {
        errCode: 0,
        body: {
          subpackage_info: [{ name: '__FULL__', size }, { name: '__APP__', size }],
          ...(kind === 'preview' ? { qrcode_img: qrPng(`https://open.weixin.qq.com/sns/getexpappinfo?appid=${appid}#wechat-redirect`).toString('base64') } : {}),
        },
      });
    }
    response.writeHead(404).end();
  }

  const [tlsKey, tlsCert] = await Promise.all([readFile(keyFile), readFile(caFile)]);
  const wechat: HttpsServer = createHttpsServer({ key: tlsKey, cert: tlsCert }, (request, response) => {
    handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  const proxy: Server = createServer((_request, response) => response.writeHead(405).end());
  const sockets = new Set<Socket>();
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (request: IncomingMessage, socket: Socket) => {
    tunnels.push(request.url ?? '');
    if (request.url !== 'servicewechat.com:443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    wechat.emit('connection', socket);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const privateKeyPem = pair.privateKey;
  await writeFile(join(dir, 'README'), 'golive test stand-in for servicewechat.com\n');
  return {
    proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    caFile,
    privateKey: privateKeyPem,
    appid,
    tunnels,
    uploads,
    get blockIp() {
      return state.blockIp;
    },
    set blockIp(value: boolean) {
      state.blockIp = value;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      wechat.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
