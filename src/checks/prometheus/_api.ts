import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';

/** `[unix seconds, "value as text"]`, as the HTTP API sends samples. */
const sampleSchema = z.tuple([z.number(), z.string()]);
export type Sample = z.infer<typeof sampleSchema>;

const metricSchema = z.record(z.string(), z.string());

/** The `data` of a successful answer (https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats). */
const resultSchema = z.discriminatedUnion('resultType', [
  // Native-histogram series carry `histogram` instead of `value`; they have no single number.
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: metricSchema, value: sampleSchema.optional() })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: metricSchema, values: z.array(sampleSchema).default([]) })) }),
  z.object({ resultType: z.literal('scalar'), result: sampleSchema }),
  z.object({ resultType: z.literal('string'), result: sampleSchema }),
]);
export type PrometheusResult = z.infer<typeof resultSchema>;

const responseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: resultSchema, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('error'), errorType: z.string().default('error'), error: z.string().default('') }),
]);

export interface PrometheusQuery {
  readonly url: string;
  readonly query: string;
  /** Set for query_range: the window ends at `endMs` and reaches back `lastMs`. */
  readonly range?: { readonly endMs: number; readonly lastMs: number; readonly stepMs: number };
  readonly token?: string;
}

export type PrometheusAnswer =
  | { kind: 'success'; result: PrometheusResult; warnings: string[] }
  | { kind: 'error'; httpStatus: number; errorType: string; error: string }
  | { kind: 'unreachable'; code: string; reason: Bilingual; httpStatus?: number };

/** Larger answers mean the query does not aggregate; reading them whole would only cost memory. */
const maxBodyBytes = 16 * 1024 * 1024;

const networkErrors: Record<string, [string, string]> = {
  ECONNREFUSED: ['connection refused (nothing listens on that port)', '连接被拒绝（该端口没有服务在监听）'],
  ENOTFOUND: ['the host name does not resolve', '主机名无法解析'],
  EAI_AGAIN: ['the host name could not be resolved (DNS unavailable)', '主机名暂时无法解析（DNS 不可用）'],
  EHOSTUNREACH: ['the host is unreachable', '主机不可达'],
  ECONNRESET: ['the server closed the connection', '服务器关闭了连接'],
  UND_ERR_SOCKET: ['the server closed the connection', '服务器关闭了连接'],
};

/** The API endpoint under the server URL; a path prefix (`/prometheus`) is kept, a pasted `/api/v1/query` is not doubled. */
function endpoint(base: URL, range: boolean): URL {
  const url = new URL(base);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/api\/v1\/query(_range)?$/, '')}/api/v1/${range ? 'query_range' : 'query'}`;
  return url;
}

function errnoOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'ERROR';
}

/** Hand-written GET of /api/v1/query or /api/v1/query_range, the answer validated before anyone reads it. */
export async function queryPrometheus(query: PrometheusQuery, signal: AbortSignal): Promise<PrometheusAnswer> {
  const { request } = await import('undici');
  const base = new URL(query.url);
  const url = endpoint(base, query.range !== undefined);
  url.searchParams.set('query', query.query);
  if (query.range) {
    url.searchParams.set('start', String((query.range.endMs - query.range.lastMs) / 1000));
    url.searchParams.set('end', String(query.range.endMs / 1000));
    url.searchParams.set('step', `${query.range.stepMs / 1000}s`);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (query.token) headers.authorization = `Bearer ${query.token}`;
  else if (base.username || base.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
  }

  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, { method: 'GET', headers, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    const code = errnoOf(error);
    const [en, zh] = networkErrors[code] ?? [error instanceof Error ? error.message : String(error), error instanceof Error ? error.message : String(error)];
    return { kind: 'unreachable', code, reason: bi(`${en} (${code})`, `${zh}（${code}）`) };
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      response.body.destroy();
      return {
        kind: 'unreachable',
        code: 'TOO_LARGE',
        httpStatus: response.statusCode,
        reason: bi('the answer is larger than 16 MB: aggregate the query (sum, topk) so it returns a few series', '响应超过 16 MB：请聚合查询（sum、topk），只返回少量序列'),
      };
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      kind: 'unreachable',
      code: `HTTP_${response.statusCode}`,
      httpStatus: response.statusCode,
      reason: bi(
        `HTTP ${response.statusCode} with a body that is not JSON: is this the Prometheus server URL?`,
        `HTTP ${response.statusCode}，响应不是 JSON：这是 Prometheus 服务器的地址吗？`,
      ),
    };
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'unreachable',
      code: 'NOT_PROMETHEUS',
      httpStatus: response.statusCode,
      reason: bi(
        `HTTP ${response.statusCode} with JSON that is not a Prometheus API answer: is this the Prometheus server URL?`,
        `HTTP ${response.statusCode}，JSON 不是 Prometheus API 的响应：这是 Prometheus 服务器的地址吗？`,
      ),
    };
  }
  if (parsed.data.status === 'error') {
    return { kind: 'error', httpStatus: response.statusCode, errorType: parsed.data.errorType, error: parsed.data.error };
  }
  return { kind: 'success', result: parsed.data.data, warnings: parsed.data.warnings ?? [] };
}
