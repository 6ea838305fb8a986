import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { bi } from '../core/text.js';
import { principalHook } from './auth/principal.js';
import type { App, RouteModule, ServerDeps } from './deps.js';
import { installErrorHandler } from './errors.js';
import { lazyChildLogger } from './lazy-logger.js';
import { securityHeaders } from './security-headers.js';
import { afterLaunchRoutes } from './routes/after-launch.js';
import { auditRoutes } from './routes/audit.js';
import { eventRoutes } from './routes/events.js';
import { notifyTargetRoutes } from './routes/notify-targets.js';
import { planRoutes } from './routes/plans.js';
import { projectRoutes } from './routes/projects.js';
import { runRoutes } from './routes/runs.js';
import { sessionRoutes } from './routes/session.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';

/** Every route module, in the order the OpenAPI document lists them. */
export const routeModules: readonly RouteModule[] = [sessionRoutes, userRoutes, projectRoutes, planRoutes, runRoutes, afterLaunchRoutes, eventRoutes, tokenRoutes, auditRoutes, notifyTargetRoutes];

/** Largest JSON body (a plan or a Markdown checklist of 1 MB, with room for JSON escaping). */
export const bodyLimitBytes = 2 * 1024 * 1024;

export interface AppOptions extends ServerDeps {
  /** The built dashboard (index.html and assets); absent in API-only tests. */
  readonly webRoot?: string;
  /** Fastify's logger: false in tests, pino options for `golive serve`. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Certificate and key for HTTPS. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
}

/** Builds the server: security headers, limits, auth, the API under /api/v1, OpenAPI at /api/docs, the dashboard at /. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Successful requests are not logged one by one (at 50 concurrent readers the log pipe cost more than the route);
    // refusals and failures are, below, without query strings or headers.
    logController: new LogController({ disableRequestLogging: true }),
    // Each request's child logger (with its request id) is made when the request first logs, not up front.
    ...(options.logger ? { childLoggerFactory: lazyChildLogger } : {}),
    bodyLimit: bodyLimitBytes,
    trustProxy: false,
    // Typed as the plain HTTP server: routes only use what both servers share.
    ...((options.https ? { https: options.https } : {}) as object),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  const headers = await securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its CSS-in-JS into <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: options.secure ? [] : null,
      },
    },
    hsts: options.secure ? { maxAge: 15_552_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  // Into Fastify's headers, which it hands to Node in one writeHead (setting them on the raw response one by one cost
  // ~5% of a run-summary request). A route that takes over the response (SSE) sends `reply.getHeaders()` itself.
  const headerObject = Object.fromEntries(headers);
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headerObject);
    done();
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'golive API', version: '1', description: 'The team server of golive: projects, plans, runs, manual items, waivers, sign-offs, audit. Errors: {error: {code, message: {en, zh}}}.' },
      components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'golive_session' }, token: { type: 'http', scheme: 'bearer' } } },
      security: [{ cookie: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', principalHook(options.team, options.secure));
  // Callback hooks, not async ones: they run on every request, and a promise each is measurable at 50 connections.
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= 400) request.log.info({ method: request.method, path: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'refused or failed');
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // API answers are per-user data: never cached by a shared cache.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  for (const module of routeModules) module(app, options);
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());

  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webRoot, wildcard: false, index: ['index.html'], preCompressed: true });
    // Client-side routes (/runs/…, /settings) load the dashboard; unknown /api/ paths stay JSON 404s.
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'not-found', message: bi('no such API route', '没有这个 API 路由') } });
      return reply.sendFile('index.html');
    });
  }
  await app.ready();
  return app;
}
