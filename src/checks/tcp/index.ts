import { connect } from 'node:net';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { checkSchema } from '../base.js';
import { defineCheckKind } from '../check-kind.js';
import { portField } from '../../core/fields.js';

const tcpSchema = checkSchema('tcp', {
  host: z.string().min(1).describe('Host name or IP address'),
  port: portField,
});

export type TcpCheck = z.infer<typeof tcpSchema>;

interface TcpAttempt {
  open: boolean;
  latency: number;
  code?: string;
}

/**
 * Opens a TCP connection and closes it at once; a refused or unreachable port is `open: false`. So is a port that
 * does not answer before the check's timeout (`ETIMEDOUT`): a firewall that drops packets, the usual way a database
 * port is kept off the internet, must let `open == false` pass. A cancelled run is not an observation: it rejects.
 */
function tryConnect(host: string, port: number, signal: AbortSignal): Promise<TcpAttempt> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    const finish = (attempt: TcpAttempt) => {
      socket.destroy();
      resolve(attempt);
    };
    const latency = () => Math.round(performance.now() - started);
    socket.once('connect', () => finish({ open: true, latency: latency() }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (!signal.aborted) finish({ open: false, latency: latency(), code: error.code ?? error.name });
      else if (signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') finish({ open: false, latency: latency(), code: 'ETIMEDOUT' });
      else {
        socket.destroy();
        reject(error);
      }
    });
  });
}

export const tcpKind = defineCheckKind({
  name: 'tcp',
  summary: bi('A TCP port is open (or closed: `open == false`)', 'TCP 端口开放（或关闭：`open == false`）'),
  schema: tcpSchema,
  facts: {
    open: bi('true when a connection was accepted', '连接被接受时为 true'),
    latency: bi('time to connect, in ms', '建立连接耗时（毫秒）'),
    error: bi('why the connection failed (ECONNREFUSED, ETIMEDOUT …)', '连接失败原因（ECONNREFUSED、ETIMEDOUT 等）'),
  },
  defaultExpect: ['open == true'],
  defaultTimeoutMs: 5_000,
  secretFields: [],
  describe: (spec) => `tcp ${spec.host}:${spec.port}`,
  async probe(spec, context) {
    const attempt = await tryConnect(spec.host, spec.port, context.signal);
    return {
      facts: { open: attempt.open, latency: attempt.latency, error: attempt.code ?? null },
      evidence: { target: `${spec.host}:${spec.port}`, open: attempt.open, latencyMs: attempt.latency, ...(attempt.code ? { error: attempt.code } : {}) },
    };
  },
});
