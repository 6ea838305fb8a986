import { STATUS_CODES } from 'node:http';
import type { Observation } from '../check-kind.js';
import { daysLeft } from '../_shared/tls-failures.js';
import type { Exchange } from './_exchange.js';
import { displayUrl } from './_url.js';

/** Evidence keeps the body short; conditions still read all of it (up to maxBody). */
const evidenceBodyChars = 2_048;
const evidenceHeaderChars = 300;

/** Response headers worth showing in evidence; the full set stays available to conditions. */
const shownHeaders = [
  'content-type', 'content-length', 'location', 'server', 'cache-control', 'access-control-allow-origin',
  'access-control-allow-credentials', 'strict-transport-security', 'content-security-policy', 'x-frame-options',
  'www-authenticate', 'retry-after', 'x-request-id',
] as const;

function charsetOf(contentType: string | undefined): string {
  return /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
}

/** Decodes with the declared charset (GBK pages exist), falling back to UTF-8 for unknown labels. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  try {
    return new TextDecoder(charsetOf(contentType)).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

interface ParsedBody {
  readonly body: unknown;
  readonly jsonError: string | null;
}

/** JSON when the response says so or the text is a JSON object/array; otherwise the text itself. */
function parseBody(text: string, contentType: string | undefined, truncated: boolean, maxBody: number): ParsedBody {
  const claimsJson = /[/+]json\b/i.test(contentType ?? '');
  const looksJson = /^\s*[[{]/.test(text);
  if (!claimsJson && !looksJson) return { body: text, jsonError: null };
  if (truncated) {
    return { body: text, jsonError: claimsJson ? `body larger than maxBody (${maxBody} bytes), not parsed` : null };
  }
  try {
    return { body: JSON.parse(text) as unknown, jsonError: null };
  } catch (error) {
    return { body: text, jsonError: claimsJson ? (error as Error).message : null };
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function evidenceHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of shownHeaders) {
    const value = headers[name];
    if (value !== undefined) shown[name] = clip(value, evidenceHeaderChars);
  }
  // Cookie values are session credentials: show which cookies were set, not their values.
  const cookies = headers['set-cookie'];
  if (cookies !== undefined) shown['set-cookie'] = cookies.split(/,\s*(?=[^;,=\s]+=)/).map((cookie) => `${cookie.split('=')[0]}=…`).join(', ');
  return shown;
}

/** Turns a finished exchange into the facts conditions read and the evidence people read. */
export function observe(exchange: Exchange, request: { method: string; maxBody: number }): Observation {
  const contentType = exchange.headers['content-type'];
  const text = decode(exchange.body, contentType);
  const { body, jsonError } = parseBody(text, contentType, exchange.truncated, request.maxBody);
  const tls = exchange.peerValidTo ? { days_left: daysLeft(exchange.peerValidTo), valid_to: exchange.peerValidTo.toISOString() } : null;
  const finalUrl = displayUrl(exchange.finalUrl);
  const statusText = exchange.statusText || STATUS_CODES[exchange.status] || '';

  return {
    facts: {
      status: exchange.status,
      headers: exchange.headers,
      body,
      text,
      latency: exchange.latencyMs,
      redirects: exchange.hops.length,
      final_url: finalUrl,
      tls,
      json_error: jsonError,
      truncated: exchange.truncated,
      size: exchange.body.length,
      error: null,
    },
    evidence: {
      status: `${exchange.status} ${statusText}`.trim(),
      url: finalUrl,
      headers: evidenceHeaders(exchange.headers),
      ...(request.method === 'HEAD' ? {} : { body: clip(text, evidenceBodyChars) }),
      bodyBytes: exchange.body.length,
      ...(exchange.truncated ? { truncatedAt: request.maxBody } : {}),
      ...(jsonError ? { jsonError } : {}),
      latencyMs: exchange.latencyMs,
      ...(exchange.hops.length > 0 ? { redirects: exchange.hops } : {}),
      ...(tls ? { tls: { daysLeft: tls.days_left, validTo: tls.valid_to } } : {}),
    },
  };
}
