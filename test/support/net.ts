import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A server listening on 127.0.0.1 with a port the OS picked. */
export interface Listening {
  readonly port: number;
  /** Closes the server and destroys every open connection. */
  close(): Promise<void>;
}

/** Starts any node server (net, http, https, tls) on 127.0.0.1:0 and tracks its sockets so close() never waits on a client. */
export async function listenLoopback(server: Server): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: bound by us, then released. */
export async function closedPort(): Promise<number> {
  const listening = await listenLoopback(createServer());
  await listening.close();
  return listening.port;
}
