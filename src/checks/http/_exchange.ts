import type { IncomingHttpHeaders } from 'node:http';
import type * as Undici from 'undici';
import { bi, type Bilingual } from '../../core/text.js';
import { describeConnectionFailure } from '../_shared/tls-failures.js';
import { peerCertificateValidTo, type PooledAgent } from './_agent.js';
import { displayUrl } from './_url.js';

/** One request as the probe wants it made, after defaults. */
export interface ExchangeRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly maxBody: number;
}

/** A redirect that was followed. */
export interface Hop {
  readonly status: number;
  readonly url: string;
  readonly location: string;
}

/** The final response, with the body read up to the cap. */
export interface Exchange {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly truncated: boolean;
  readonly finalUrl: URL;
  readonly hops: readonly Hop[];
  readonly latencyMs: number;
  /** notAfter of the certificate the final origin presented (https only). */
  readonly peerValidTo: Date | undefined;
}

export type ExchangeResult =
  | { readonly ok: true; readonly exchange: Exchange }
  | { readonly ok: false; readonly code: string; readonly failure: Bilingual; readonly hops: readonly Hop[] };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials are not sent to another origin a redirect points at (as browsers and curl do).
const credentialHeaders = new Set(['authorization', 'cookie', 'proxy-authorization']);

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Reads at most `max` bytes, then destroys the stream so an endless body cannot hold the check. */
function readCapped(body: NodeJS.ReadableStream & { destroy(error?: Error): void }, max: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  // Plain 'data' events: async iteration of a stream costs more than the request itself on loopback.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      const room = max - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        body.off('data', onData);
        body.destroy();
        resolve({ bytes: Buffer.concat(chunks), truncated: true });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    body.on('data', onData);
    body.once('end', () => resolve({ bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), truncated: false }));
    body.once('error', reject);
  });
}

function withoutCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.has(name.toLowerCase())));
}

/**
 * Makes the request and follows redirects by hand (so each hop is counted and shown), reading
 * the final body up to the cap. Network and TLS failures come back as results; an abort throws.
 */
// Loaded on first use (golive --version must not pay for undici), then kept: a dynamic import per request is not free.
let undici: Promise<typeof Undici> | undefined;

export async function exchange(request: ExchangeRequest, pooled: PooledAgent, signal: AbortSignal): Promise<ExchangeResult> {
  const { request: send } = await (undici ??= import('undici'));
  const started = performance.now();
  const hops: Hop[] = [];
  const visited = new Set<string>();
  let url = request.url;
  let method = request.method;
  let body = request.body;
  let headers = request.headers;

  for (;;) {
    visited.add(`${method} ${url.href}`);
    let response: Awaited<ReturnType<typeof send>>;
    try {
      response = await send(url, { method: method as 'GET', headers, body, signal, dispatcher: pooled.agent });
    } catch (error) {
      if (signal.aborted) throw error;
      const failure = describeConnectionFailure(error, displayUrl(url));
      if (!failure) throw error;
      return { ok: false, code: failure.code, failure: failure.text, hops };
    }

    const location = response.headers.location;
    if (!request.followRedirects || !redirectStatuses.has(response.statusCode) || typeof location !== 'string') {
      const read = method === 'HEAD' ? { bytes: Buffer.alloc(0), truncated: false } : await readCapped(response.body, request.maxBody);
      return {
        ok: true,
        exchange: {
          status: response.statusCode,
          statusText: response.statusText,
          headers: flattenHeaders(response.headers),
          body: read.bytes,
          truncated: read.truncated,
          finalUrl: url,
          hops,
          latencyMs: Math.round(performance.now() - started),
          peerValidTo: url.protocol === 'https:' ? peerCertificateValidTo(pooled, url) : undefined,
        },
      };
    }

    await response.body.dump({ limit: 64 * 1024, signal });
    const next = new URL(location, url);
    hops.push({ status: response.statusCode, url: displayUrl(url), location: displayUrl(next) });
    const chain = [...hops.map((hop) => hop.url), displayUrl(next)].join(' → ');
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { ok: false, code: 'REDIRECT_SCHEME', hops, failure: bi(`redirect to a non-HTTP URL: ${chain}`, `重定向到了非 HTTP 地址：${chain}`) };
    }
    if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
    }
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    if (visited.has(`${method} ${next.href}`)) {
      return { ok: false, code: 'REDIRECT_LOOP', hops, failure: bi(`redirect loop: ${chain}`, `重定向循环：${chain}`) };
    }
    if (hops.length > request.maxRedirects) {
      return {
        ok: false, code: 'TOO_MANY_REDIRECTS', hops,
        failure: bi(`more than ${request.maxRedirects} redirects: ${chain}`, `重定向超过 ${request.maxRedirects} 次：${chain}`),
      };
    }
    url = next;
  }
}
