import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LaunchContext } from './launch.js';
import type { TeamStore } from './team-store.js';

/** The Fastify instance with zod schemas as its types. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every route module receives. */
export interface ServerDeps {
  readonly team: TeamStore;
  readonly launch: LaunchContext;
  /** Served over TLS: cookies get Secure and the `__Host-` prefix, HSTS is sent. */
  readonly secure: boolean;
  /** Where uploaded evidence files live (outside the dashboard's folder). */
  readonly uploadsDir: string;
}

/** A route module: one file under routes/, registered in app.ts. */
export type RouteModule = (app: App, deps: ServerDeps) => void;
