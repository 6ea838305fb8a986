import { z } from 'zod';
import { bi } from '../../core/text.js';
import { booleanField, integerField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';
import { readPemFile } from '../_shared/pem.js';
import { displayUrl } from './_url.js';
import { sizeBytes, sizeField } from '../_shared/size.js';
import type * as Agent from './_agent.js';
import type * as Exchange from './_exchange.js';
import type * as Response from './_response.js';

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const httpSchema = checkSchema('http', {
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).describe('The URL to request'),
  method: z.preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(methods)).optional().describe('HTTP method (default GET)'),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers'),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional().describe('Request body: text, or an object sent as JSON'),
  followRedirects: booleanField.optional().describe('Follow redirects (default true)'),
  maxRedirects: integerField().pipe(z.number().min(0).max(50)).optional().describe('Redirects followed before failing (default 10)'),
  ca: z.string().min(1).optional().describe('PEM file of CA certificates to trust (relative to the plan)'),
  insecure: booleanField.optional().describe('Skip certificate verification (default false)'),
  cert: z.string().min(1).optional().describe('PEM client certificate file, for mutual TLS'),
  key: z.string().min(1).optional().describe('PEM private key file of the client certificate'),
  maxBody: sizeField.optional().describe('Bytes of the body read at most (default 1MB); the rest is not downloaded'),
}).refine((spec) => (spec.cert === undefined) === (spec.key === undefined), {
  message: 'cert and key go together: give both files or neither',
  path: ['key'],
});

export type HttpCheck = z.infer<typeof httpSchema>;

const defaultMaxBody = 1024 * 1024;

function requestBody(spec: HttpCheck): { body: string | undefined; contentType: string | undefined } {
  if (spec.body === undefined) return { body: undefined, contentType: undefined };
  if (typeof spec.body === 'string') return { body: spec.body, contentType: undefined };
  return { body: JSON.stringify(spec.body), contentType: 'application/json' };
}

// The request machinery (undici, node:tls) loads on first use so the CLI starts fast, and once: a dynamic import per check is not free.
let machinery: Promise<typeof Agent & typeof Exchange & typeof Response> | undefined;
function loadMachinery() {
  machinery ??= Promise.all([import('./_agent.js'), import('./_exchange.js'), import('./_response.js')]).then(([agent, exchange, response]) => ({ ...agent, ...exchange, ...response }));
  return machinery;
}

export const httpKind = defineCheckKind({
  name: 'http',
  summary: bi('An HTTP(S) endpoint answers as expected: status, headers, JSON body, latency, redirects', 'HTTP(S) 接口按预期响应：状态码、响应头、JSON 内容、耗时、重定向'),
  schema: httpSchema,
  facts: {
    status: bi('HTTP status code of the final response', '最终响应的 HTTP 状态码'),
    headers: bi('response headers by lower-case name: headers["content-type"]', '响应头（小写名称）：headers["content-type"]'),
    body: bi('the body: parsed JSON (body.status, len(body.items)) or else the text', '响应体：JSON 解析结果（body.status、len(body.items)），否则为文本'),
    text: bi('the body as text', '响应体文本'),
    latency: bi('total time including redirects and the body, in ms', '总耗时（含重定向和响应体），毫秒'),
    redirects: bi('number of redirects followed', '跟随的重定向次数'),
    final_url: bi('URL of the final response', '最终响应的 URL'),
    'tls.days_left': bi('https only: whole days until the server certificate expires', '仅 https：服务器证书剩余有效天数'),
    'tls.valid_to': bi('https only: expiry of the server certificate (ISO 8601)', '仅 https：服务器证书到期时间（ISO 8601）'),
    json_error: bi('why a body declared as JSON did not parse, else null', '声明为 JSON 的响应体解析失败的原因，否则为 null'),
    truncated: bi('true when the body was larger than maxBody and only its start was read', '响应体超过 maxBody、只读取了开头时为 true'),
    size: bi('bytes of body read', '读取的响应体字节数'),
    error: bi('why no response came (ECONNREFUSED, CERT_HAS_EXPIRED …), else null', '未收到响应的原因（ECONNREFUSED、CERT_HAS_EXPIRED 等），否则为 null'),
  },
  defaultExpect: ['status < 400'],
  defaultTimeoutMs: 10_000,
  secretFields: [],
  describe: (spec) => `${spec.method ?? 'GET'} ${displayUrl(new URL(spec.url))}`,
  async probe(spec, context) {
    const [ca, cert, key] = await Promise.all([
      readPemFile(context.planDir, spec.ca, 'ca'),
      readPemFile(context.planDir, spec.cert, 'cert'),
      readPemFile(context.planDir, spec.key, 'key'),
    ]);
    const { pooledAgent, exchange, observe } = await loadMachinery();
    const method = spec.method ?? 'GET';
    const maxBody = spec.maxBody === undefined ? defaultMaxBody : sizeBytes(spec.maxBody);
    const { body, contentType } = requestBody(spec);
    const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...spec.headers };
    const pooled = await pooledAgent({ ca, cert, key, insecure: spec.insecure ?? false });

    const result = await exchange(
      { url: new URL(spec.url), method, headers, body, followRedirects: spec.followRedirects ?? true, maxRedirects: spec.maxRedirects ?? 10, maxBody },
      pooled,
      context.signal,
    ).catch((error: unknown) => {
      if (context.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ProbeError(bi(`the request could not be made: ${message}`, `无法发出请求：${message}`), { cause: error });
    });

    if (!result.ok) {
      return {
        facts: { status: null, error: result.code, redirects: result.hops.length },
        evidence: { request: `${method} ${displayUrl(new URL(spec.url))}`, error: result.code, ...(result.hops.length > 0 ? { redirects: result.hops } : {}) },
        failure: result.failure,
      };
    }
    return observe(result.exchange, { method, maxBody });
  },
});
