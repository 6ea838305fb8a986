/**
 * The one HTTP client of the CLI for a team server: bearer token, a deadline per exchange, answers capped in size and
 * checked to be golive's JSON, and every failure as one bilingual GoliveError (exit 2) that never carries the token.
 */
import type { Dispatcher, FormData } from 'undici';
import { certificateProblem, describeConnectionFailure, errorCode } from '../../checks/_shared/tls-failures.js';
import { GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import { apiErrorSchema } from '../../server/errors.js';
import type { ServerTarget } from './target.js';

/** Larger answers are cut off: the largest real one (a run view with evidence of a few hundred items) is far smaller. */
export const maxAnswerBytes = 8 * 1024 * 1024;

export interface ApiClient {
  /** The server's origin, for messages. */
  readonly origin: string;
  get<T extends object>(path: string, expect: readonly (keyof T & string)[]): Promise<T>;
  post<T extends object>(path: string, body: unknown, expect: readonly (keyof T & string)[]): Promise<T>;
  postForm<T extends object>(path: string, form: FormData, expect: readonly (keyof T & string)[]): Promise<T>;
  close(): Promise<void>;
}

function failure(code: string, text: Bilingual, cause?: unknown): GoliveError {
  return new GoliveError(code, text, cause === undefined ? {} : { cause });
}

/** Text a server sent, safe for a terminal: no control characters (escape sequences), bounded length. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  return printable.length > 500 ? `${printable.slice(0, 500)}…` : printable;
}

async function readCapped(body: Dispatcher.ResponseData['body'], origin: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxAnswerBytes) {
      body.destroy();
      throw failure('server.too-large', bi(`${origin} sent an answer larger than ${maxAnswerBytes / 1024 / 1024} MB; golive's API never does (is GOLIVE_SERVER the golive server?)`, `${origin} 返回的内容超过 ${maxAnswerBytes / 1024 / 1024} MB；golive 的 API 不会这样（GOLIVE_SERVER 指向的是 golive 服务器吗？）`));
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An answer that is not golive's JSON: a proxy, a login page, another service on the port. */
function notGolive(origin: string, status: number, what: string): GoliveError {
  return failure(
    'server.protocol',
    bi(`${origin} answered HTTP ${status} with ${what}, not golive's JSON API; check that GOLIVE_SERVER is the address of \`golive serve\` (not a proxy or login page)`, `${origin} 返回 HTTP ${status}，内容为 ${what}，不是 golive 的 JSON API；请确认 GOLIVE_SERVER 是 \`golive serve\` 的地址（而不是代理或登录页）`),
  );
}

function parseJson(bytes: Buffer, contentType: string, origin: string, status: number): unknown {
  if (!/^application\/json\b/i.test(contentType)) return Symbol.for('not-json');
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw notGolive(origin, status, 'malformed JSON');
  }
}

/** A refusal in the server's own words (its error body has a stable code and both languages). */
function refusal(origin: string, status: number, body: unknown): GoliveError {
  const parsed = apiErrorSchema.safeParse(body);
  if (!parsed.success) return notGolive(origin, status, typeof body === 'symbol' ? 'a body that is not JSON' : 'JSON that is not a golive error');
  const { code, message } = parsed.data.error;
  const said = { en: clean(message.en), zh: clean(message.zh) };
  if (status === 401) {
    return failure('server.auth', bi(`${origin} does not accept the token in GOLIVE_TOKEN (unknown, revoked or mistyped): ${said.en}. Create a new one in the dashboard under Settings → Tokens`, `${origin} 不接受 GOLIVE_TOKEN 中的令牌（不存在、已撤销或输入有误）：${said.zh}。请在控制台“设置 → 令牌”中重新创建`));
  }
  return failure(`server.${clean(code)}`, bi(`${origin} refused (HTTP ${status}, ${clean(code)}): ${said.en}`, `${origin} 拒绝了请求（HTTP ${status}，${clean(code)}）：${said.zh}`));
}

/** Why no answer came: unreachable, TLS, a deadline; in words with the server's origin, never the token. */
function transportFailure(error: unknown, origin: string, timeoutMs: number, deadline: AbortSignal): GoliveError {
  if (error instanceof GoliveError) return error;
  const code = errorCode(error);
  if (deadline.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return failure('server.timeout', bi(`${origin} gave no complete answer within ${timeoutMs / 1000}s (GOLIVE_SERVER_TIMEOUT); the server is overloaded or this is not a golive server`, `${origin} 在 ${timeoutMs / 1000} 秒内没有完整响应（GOLIVE_SERVER_TIMEOUT）；服务器过载，或这不是 golive 服务器`), error);
  }
  if (code && (certificateProblem(code) || /^ERR_(TLS|SSL)_/.test(code))) {
    const described = describeConnectionFailure(error, origin)?.text ?? bi(`${origin}: TLS failed (${code})`, `${origin}：TLS 握手失败（${code}）`);
    return failure('server.tls', bi(`${described.en}; if the server uses a private CA, trust it with NODE_EXTRA_CA_CERTS=ca.pem`, `${described.zh}；如果服务器使用私有 CA，请用 NODE_EXTRA_CA_CERTS=ca.pem 信任它`), error);
  }
  const described = describeConnectionFailure(error, origin);
  if (described) {
    return failure('server.unreachable', bi(`cannot reach the golive server: ${described.text.en}; check GOLIVE_SERVER / --server and that \`golive serve\` runs there`, `无法连接 golive 服务器：${described.text.zh}；请检查 GOLIVE_SERVER / --server，并确认那里运行着 \`golive serve\``), error);
  }
  const message = clean(error instanceof Error ? error.message : String(error));
  return failure('server.unreachable', bi(`cannot reach the golive server ${origin}: ${message}`, `无法连接 golive 服务器 ${origin}：${message}`), error);
}

/** Opens a client for a server; close it when done (it keeps a connection pool). */
export async function openApiClient(target: ServerTarget): Promise<ApiClient> {
  const { Agent, request } = await import('undici');
  const origin = target.url.origin;
  const dispatcher = new Agent({ connect: { timeout: target.timeoutMs }, headersTimeout: target.timeoutMs, bodyTimeout: target.timeoutMs, keepAliveTimeout: 4_000 });

  async function exchange<T extends object>(method: 'GET' | 'POST', path: string, body: string | FormData | undefined, expect: readonly string[]): Promise<T> {
    const deadline = AbortSignal.timeout(target.timeoutMs);
    let status: number;
    let parsed: unknown;
    try {
      const response = await request(new URL(path.replace(/^\//, ''), target.url), {
        method,
        headers: { authorization: `Bearer ${target.token}`, accept: 'application/json', ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
        ...(body === undefined ? {} : { body }),
        dispatcher,
        signal: deadline,
      });
      status = response.statusCode;
      const contentType = String(response.headers['content-type'] ?? '');
      if (status >= 300 && status < 400) {
        response.body.destroy();
        const location = clean(String(response.headers.location ?? '?'));
        throw failure('server.redirect', bi(`${origin} redirects to ${location}; set GOLIVE_SERVER to the final address (the token is not sent on to another place)`, `${origin} 重定向到 ${location}；请把 GOLIVE_SERVER 设为最终地址（令牌不会被转发到其他地址）`));
      }
      parsed = parseJson(await readCapped(response.body, origin), contentType, origin, status);
    } catch (error) {
      throw transportFailure(error, origin, target.timeoutMs, deadline);
    }
    if (status < 200 || status >= 300) throw refusal(origin, status, parsed);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw notGolive(origin, status, typeof parsed === 'symbol' ? 'a body that is not JSON' : 'JSON of another shape');
    const missing = expect.filter((key) => !(key in parsed));
    if (missing.length > 0) throw notGolive(origin, status, `JSON without ${missing.join(', ')} (another version of golive?)`);
    return parsed as T;
  }

  return {
    origin,
    get: (path, expect) => exchange('GET', path, undefined, expect),
    post: (path, body, expect) => exchange('POST', path, JSON.stringify(body), expect),
    postForm: (path, form, expect) => exchange('POST', path, form, expect),
    close: () => dispatcher.close(),
  };
}

/** Runs `fn` with a client and closes it whatever happens. */
export async function withApiClient<T>(target: ServerTarget, fn: (client: ApiClient) => Promise<T>): Promise<T> {
  const client = await openApiClient(target);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
