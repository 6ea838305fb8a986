import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { auditKeyOf, sqliteFileOf, usesPostgres } from '../store/open.js';
import { openPostgresBackend } from '../store/postgres/index.js';
import { createSqlStore } from '../store/sql-store.js';
import { openSqliteBackend } from '../store/sqlite/index.js';
import { buildApp } from './app.js';
import type { App } from './deps.js';
import { Executions, RunEvents } from './launch.js';
import { TeamStore } from './team-store.js';
import { launchPolicy } from '../readiness/policy.js';

/** Where the built dashboard is: `dist/web` next to `dist/server`. */
export const defaultWebRoot = fileURLToPath(new URL('../web/', import.meta.url));

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** Folder whose `.golive/` holds the SQLite file, plan files and uploads. */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly webRoot?: string;
  readonly logger?: FastifyServerOptions['logger'];
}

/** A started server and how to reach it. */
export interface RunningServer {
  readonly app: App;
  readonly url: string;
  /** The one-time link creating the first administrator, while no user exists. */
  readonly setupUrl: string | undefined;
  readonly location: string;
  close(): Promise<void>;
}

/** Opens the store (SQLite in `<dir>/.golive/` or DATABASE_URL's PostgreSQL), builds the app and listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const dir = resolve(options.dir);
  const backend = usesPostgres(options.env) ? await openPostgresBackend(options.env.DATABASE_URL ?? '', { planDir: dir }) : await openSqliteBackend({ planDir: dir }, sqliteFileOf(dir, options.env));
  let auditKey;
  try {
    auditKey = auditKeyOf(backend, options.env);
  } catch (error) {
    await backend.destroy();
    throw error;
  }
  const store = await createSqlStore(backend, auditKey, launchPolicy);
  const team = new TeamStore(backend, auditKey);
  const dataDir = join(dir, '.golive', 'server');
  const tls = options.tls ? { cert: await readFile(options.tls.cert), key: await readFile(options.tls.key) } : undefined;
  const launch = { store, dataDir, env: options.env, events: new RunEvents(), executions: new Executions() };
  const app = await buildApp({
    team,
    launch,
    secure: tls !== undefined,
    uploadsDir: join(dataDir, 'uploads'),
    webRoot: options.webRoot ?? defaultWebRoot,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(tls ? { https: tls } : {}),
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (cause) {
    await store.close();
    const code = (cause as NodeJS.ErrnoException).code;
    throw new GoliveError('serve.listen', bi(`cannot listen on ${options.host}:${options.port} (${code ?? String(cause)})`, `无法监听 ${options.host}:${options.port}（${code ?? String(cause)}）`), { cause });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const secret = await team.issueSetupSecret();
  return {
    app,
    url,
    // In the fragment: browsers never send it, so it reaches no access log.
    setupUrl: secret ? `${url}/setup#${secret}` : undefined,
    location: store.location,
    async close() {
      await launch.executions.settle({ abort: true });
      await app.close();
      await store.close();
    },
  };
}
