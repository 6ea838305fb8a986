import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closedPort, listenLoopback } from './net.js';
import { requireService, serviceAvailable } from './services.js';

describe('test service gate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sees a listening port as available and a closed one as not', async () => {
    const server = await listenLoopback(createServer());
    const closed = await closedPort();

    const [up, down] = await Promise.all([serviceAvailable('127.0.0.1', server.port), serviceAvailable('127.0.0.1', closed)]);

    await server.close();
    expect([up, down]).toEqual([true, false]);
  });

  it('skips with a loud notice locally when the service is down', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const port = await closedPort();

    const run = await requireService({ name: 'Redis', host: '127.0.0.1', port }, { CI: undefined });

    expect(run).toBe(false);
    expect(warn.mock.calls[0]?.[0]).toContain(`Redis on 127.0.0.1:${port} is not reachable: SKIPPING`);
  });

  it('fails under CI=true when the service is down', async () => {
    const port = await closedPort();

    await expect(requireService({ name: 'MariaDB', host: '127.0.0.1', port }, { CI: 'true' })).rejects.toThrow(
      `MariaDB on 127.0.0.1:${port} is not reachable, and CI=true requires it`,
    );
  });
});
