import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { StandInCertificates } from './certs.js';
import type { DataSource } from './data.js';
import type { StandInSpec } from './spec.js';

type BackendSpec = NonNullable<StandInSpec['backend']>;

/** A server on 127.0.0.1 with a port the OS picked. */
export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on `host`:`port` (0: any free port) and tracks sockets so close() never waits on a client. */
export async function listen(server: Server, host = '127.0.0.1', port = 0): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A list route served from the team's data (MariaDB through Redis). */
export interface DataRoute {
  readonly route: string;
  readonly source: DataSource;
}

/** The API's request handler: the seed's routes as JSON, its headers on every answer, /metrics when asked. */
async function apiHandler(spec: BackendSpec, data: DataRoute | undefined): Promise<(request: IncomingMessage, response: ServerResponse) => void> {
  const metrics = spec.metrics ? await metricsRegistry() : undefined;
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const begun = process.hrtime.bigint();
    for (const [name, value] of Object.entries(spec.headers)) response.setHeader(name, value);
    const done = (status: number) => response.once('finish', () => metrics?.observe(request.method ?? 'GET', path, status, Number(process.hrtime.bigint() - begun) / 1e9));
    if (path === '/metrics' && metrics !== undefined) {
      void metrics.render().then(([type, text]) => response.writeHead(200, { 'content-type': type }).end(text));
      return done(200);
    }
    if (data !== undefined && path === data.route) {
      void data.source.list().then(
        ({ items, source }) => response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-data-source': source }).end(JSON.stringify({ items })),
        (error: unknown) => response.writeHead(503, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: String(error) })),
      );
      return done(200);
    }
    const route = spec.routes[path];
    const status = route?.status ?? 404;
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(route?.body ?? { error: 'not found' }));
    done(status);
  };
}

/** prom-client's registry with the request histogram of seed 001 §13; loaded only when a seed monitors metrics. */
async function metricsRegistry(): Promise<{ observe(method: string, route: string, status: number, seconds: number): void; render(): Promise<[string, string]> }> {
  const { Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.1, 0.5, 1, 2, 5],
    registers: [registry],
  });
  return {
    observe: (method, route, status, seconds) => duration.labels(method, route, String(status)).observe(seconds),
    render: async () => [registry.contentType, await registry.metrics()],
  };
}

/** Starts the team's API on a free loopback port: https (or Caddy-like https + redirect) or plain http. */
export async function startBackend(spec: BackendSpec, certs: StandInCertificates | undefined, data?: DataRoute): Promise<Listening> {
  const handler = await apiHandler(spec, data);
  if (!spec.tls || certs === undefined) return listen(createHttpServer(handler));
  const api = createHttpServer(handler);
  const tls = createTlsServer({ cert: certs.cert, key: certs.key });
  tls.on('secureConnection', (socket) => api.emit('connection', socket));
  if (!spec.redirectPlainHttp) return listen(tls);
  const redirect: HttpServer = createHttpServer((request, response) => response.writeHead(308, { location: `https://${request.headers.host ?? ''}${request.url ?? '/'}` }).end());
  // One port answering both, as Caddy does on 80 and 443: a TLS ClientHello starts with 0x16.
  const front = createNetServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? tls : redirect).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return listen(front);
}
