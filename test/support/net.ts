import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

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

/**
 * A loopback port where a TCP connect never completes, for timeout and abort tests. Loopback cannot black-hole an
 * address, but a listener whose accept queue is full makes the kernel drop new SYNs (tcp_abort_on_overflow = 0, the
 * default), so the connect waits for SYN retransmits. Node's servers always accept, so the listener is a python3
 * socket with backlog 0 that never calls accept(), and one connection of ours fills its queue.
 */
export async function fullAcceptQueuePort(): Promise<Listening> {
  const listener = spawn('python3', ['-c', 'import socket,sys\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await Promise.race([once(listener.stdout, 'data'), once(listener, 'error').then(([error]) => Promise.reject(error as Error))])) as [Buffer];
  const port = Number(line.toString().trim());
  const filler = connect(port, '127.0.0.1');
  await once(filler, 'connect');
  return {
    port,
    close: async () => {
      filler.destroy();
      listener.stdin.end();
      if (listener.exitCode === null) await once(listener, 'exit');
    },
  };
}

