import { rootCertificates, TLSSocket } from 'node:tls';
import type { Agent } from 'undici';

/** TLS settings of one dispatcher; file contents, already read. */
export interface TlsSettings {
  readonly ca?: string | undefined;
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  readonly insecure: boolean;
}

/** A pooled dispatcher plus the expiry of the certificate each origin last presented on it. */
export interface PooledAgent {
  readonly agent: Agent;
  /** `host:port` → notAfter of the peer certificate of the latest TLS connection there. */
  readonly peerValidTo: Map<string, Date>;
}

// Keep-alive across checks needs one agent per TLS setting; a few settings per plan at most.
const maxAgents = 8;
const pool = new Map<string, Promise<PooledAgent>>();

function originKey(hostname: string, port: string | number): string {
  return `${hostname.replace(/^\[|\]$/g, '')}:${port}`;
}

/** The expiry the origin's certificate had on this agent's latest connection, if any. */
export function peerCertificateValidTo(pooled: PooledAgent, url: URL): Date | undefined {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return pooled.peerValidTo.get(originKey(url.hostname, port));
}

async function createAgent(settings: TlsSettings): Promise<PooledAgent> {
  const { Agent, buildConnector } = await import('undici');
  const peerValidTo = new Map<string, Date>();
  const base = buildConnector({
    // A given CA is trusted in addition to the system roots, not instead of them.
    ca: settings.ca === undefined ? undefined : [...rootCertificates, settings.ca],
    cert: settings.cert,
    key: settings.key,
    rejectUnauthorized: !settings.insecure,
  });
  const agent = new Agent({
    keepAliveTimeout: 4_000,
    connect(options, callback) {
      base(options, (...result) => {
        const socket = result[1];
        if (socket instanceof TLSSocket) {
          const { valid_to: validTo } = socket.getPeerCertificate();
          if (validTo) peerValidTo.set(originKey(options.hostname, options.port || '443'), new Date(validTo));
        }
        callback(...result);
      });
    },
  });
  return { agent, peerValidTo };
}

/** A keep-alive agent for these TLS settings, shared by every check that uses the same ones. */
export function pooledAgent(settings: TlsSettings): Promise<PooledAgent> {
  const key = JSON.stringify([settings.ca ?? '', settings.cert ?? '', settings.key ?? '', settings.insecure]);
  let pooled = pool.get(key);
  if (!pooled) {
    if (pool.size >= maxAgents) {
      const [oldestKey, oldest] = pool.entries().next().value as [string, Promise<PooledAgent>];
      pool.delete(oldestKey);
      void oldest.then(({ agent }) => agent.close()).catch(() => undefined);
    }
    // The promise is pooled, so concurrent checks with the same settings share one agent.
    pooled = createAgent(settings);
    pool.set(key, pooled);
  }
  return pooled;
}
