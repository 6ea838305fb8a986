import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real HTTP API on loopback: `/ok`, `/bad` (500), `/slow/<id>` (waits), `/echo` (returns what it was sent). */
export interface TestApi {
  readonly url: string;
  /** Requests per path. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startApi(options: { slowMs?: number; leak?: string } = {}): Promise<TestApi> {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/ok') return send(200, { status: 'ok' });
    if (path === '/bad') return send(500, { status: 'down' });
    if (path === '/echo') return send(200, { status: 'ok', authorization: request.headers.authorization ?? null, leaked: options.leak ?? null, query: request.url });
    if (path.startsWith('/slow/')) {
      setTimeout(() => send(200, { status: 'ok' }), options.slowMs ?? 200);
      return;
    }
    send(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a plan (and optional extra files) into a fresh folder, returns the folder. */
export function writePlanDir(yaml: string, files: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), 'golive-plan-'))): string {
  writeFileSync(join(dir, 'golive.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
