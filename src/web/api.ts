import type { Bilingual } from '../core/text.js';

/** An API error as the server sends it: a stable code and both languages. */
export class ApiError extends Error {
  readonly code: string;
  readonly text: Bilingual;
  readonly status: number;
  constructor(status: number, code: string, text: Bilingual) {
    super(text.en);
    this.status = status;
    this.code = code;
    this.text = text;
  }
}

let csrfToken: string | null = null;

/** Remembered after sign-in; sent with every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const headers: Record<string, string> = {};
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }) });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as { error?: { code: string; message: Bilingual } } | null;
  if (!response.ok) {
    const error = data?.error ?? { code: 'http', message: { en: `HTTP ${response.status}`, zh: `HTTP ${response.status}` } };
    throw new ApiError(response.status, error.code, error.message);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
