// `npm run demo -- --serve`: `golive serve` on the demo's store, with a local administrator the demo creates
// through the one-time setup link (a password generated now, printed once), a project holding the five seeds'
// plans, so the five runs, the rollout and the inspections are in the browser.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goliveLive } from './after-launch.js';
import { examplesDir, exampleNames } from './spec.js';

/** What the person needs to sign in. */
export interface DemoDashboard {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly project: string;
  readonly done: Promise<number>;
}

/** A tiny API client with the session cookie and the CSRF token the server asks of cookie-authenticated writes. */
function client(base: string) {
  let cookie = '';
  let csrf = '';
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    if (setCookie) cookie = setCookie;
    const data = (await response.json().catch(() => ({}))) as T & { csrfToken?: string; error?: { message: { en: string } } };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${data.error?.message.en ?? ''}`);
    if (typeof data.csrfToken === 'string') csrf = data.csrfToken;
    return data;
  };
}

/**
 * Starts `golive serve` (127.0.0.1, a free port) in `dir` with the demo's environment (its store, its clock),
 * creates the administrator `demo` with a fresh random password, the project and the five plans.
 */
export async function serveDashboard(options: { dir: string; env: NodeJS.ProcessEnv; line: (text: string) => void }): Promise<DemoDashboard> {
  let announce: (found: { url: string; setup: string }) => void = () => undefined;
  const found = new Promise<{ url: string; setup: string }>((resolve) => (announce = resolve));
  let url = '';
  const server = goliveLive(['serve', '--host', '127.0.0.1', '--port', '0', '--dir', options.dir], { ...options.env, GOLIVE_LOG_LEVEL: 'warn' }, (text) => {
    const listening = /(https?:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (listening && url === '') url = listening[1] ?? '';
    const setup = /(https?:\/\/\S+\/setup#\S+)/.exec(text);
    if (setup) announce({ url, setup: setup[1] ?? '' });
    else if (!listening) options.line(text);
  });
  const ready = await Promise.race([found, server.done.then((code) => new Error(`golive serve exited with ${code}`))]);
  if (ready instanceof Error) throw ready;
  const api = client(ready.url);
  const username = 'demo';
  const password = randomBytes(12).toString('base64url');
  await api('POST', '/api/v1/setup', { secret: ready.setup.split('#')[1], username, displayName: 'Demo (local only) / 演示（仅本机）', password });
  const project = 'seeds';
  await api('POST', '/api/v1/projects', { id: project, name: 'Five seeds of golive / golive 五个种子' });
  for (const name of exampleNames) await api('POST', `/api/v1/projects/${project}/plans`, { source: await readFile(join(examplesDir, name, 'golive.yaml'), 'utf8') });
  return { url: ready.url, username, password, project, done: server.done };
}
