import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';
import { certificateProblem, describeConnectionFailure, errorCode } from '../checks/_shared/tls-failures.js';
import { bi, type Bilingual } from '../core/text.js';
import type { OutgoingRequest, PlatformAnswer } from './notifier.js';

/** Limits of one attempt; a receiver that drips, floods or redirects cannot hold a sender past them. */
export interface PostLimits {
  /** The whole exchange (connect, send, headers and body) must finish within this. */
  readonly timeoutMs: number;
  /** Answers longer than this are cut off and the attempt fails. */
  readonly maxAnswerBytes: number;
  /** Extra CA certificate file for a receiver behind a private CA. */
  readonly caFile?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Why an attempt got no answer; `retryable` for timeouts and dropped connections, not for certificates or floods. */
export interface PostFailure {
  readonly code: string;
  readonly retryable: boolean;
  readonly text: Bilingual;
}

export type PostResult = { readonly ok: true; readonly answer: PlatformAnswer } | { readonly ok: false; readonly failure: PostFailure };

const dispatchers = new Map<string, Promise<Dispatcher>>();

function dispatcherFor(caFile: string | undefined): Promise<Dispatcher> {
  const key = caFile ?? '';
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = (async () => {
      const { Agent } = await import('undici');
      // A given CA is trusted in addition to the system roots; certificates are always verified.
      const ca = caFile === undefined ? undefined : [...rootCertificates, await readFile(caFile, 'utf8')];
      return new Agent({ keepAliveTimeout: 4_000, connect: { rejectUnauthorized: true, ...(ca ? { ca } : {}) } });
    })();
    dispatchers.set(key, dispatcher);
    dispatcher.catch(() => dispatchers.delete(key));
  }
  return dispatcher;
}

/** POSTs one request and reads the answer within the limits; never throws for what the network or receiver does. */
export async function postOnce(request: OutgoingRequest, label: string, limits: PostLimits): Promise<PostResult> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([deadline, limits.signal]) : deadline;
  let dispatcher: Dispatcher;
  try {
    dispatcher = await dispatcherFor(limits.caFile);
  } catch (error) {
    return failure('ca', false, bi(`${label}: cannot read the CA file ${limits.caFile}: ${errorCode(error) ?? String(error)}`, `${label}：无法读取 CA 文件 ${limits.caFile}：${errorCode(error) ?? String(error)}`));
  }
  try {
    const { request: send } = await import('undici');
    // undici's request follows no redirects: a 3xx comes back as an answer and is refused by the caller.
    const response = await send(request.url, { method: 'POST', headers: request.headers, body: request.body, dispatcher, signal, headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxAnswerBytes) {
        response.body.destroy();
        return failure('answer-too-large', false, bi(`${label}: the answer is larger than ${limits.maxAnswerBytes} bytes; not a chat robot's answer`, `${label}：响应超过 ${limits.maxAnswerBytes} 字节，不像机器人接口的响应`));
      }
      chunks.push(chunk as Buffer);
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
    return { ok: true, answer: { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') } };
  } catch (error) {
    if (limits.signal?.aborted) return failure('aborted', false, bi(`${label}: cancelled`, `${label}：已取消`));
    if (deadline.aborted) {
      return failure('timeout', true, bi(`${label}: no complete answer within ${limits.timeoutMs / 1000}s`, `${label}：${limits.timeoutMs / 1000} 秒内未收到完整响应`));
    }
    const code = errorCode(error) ?? 'network';
    const described = describeConnectionFailure(error, label);
    if (described) return failure(code, certificateProblem(code) === undefined && !/^ERR_(TLS|SSL)_/.test(code), described.text);
    const message = error instanceof Error ? error.message : String(error);
    return failure(code, false, bi(`${label}: request failed: ${message}`, `${label}：请求失败：${message}`));
  }
}

function failure(code: string, retryable: boolean, text: Bilingual): PostResult {
  return { ok: false, failure: { code, retryable, text } };
}
