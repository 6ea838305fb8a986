import { connect } from 'node:net';

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function serviceAvailable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** A real server a test needs (MariaDB, Redis, PostgreSQL, Prometheus …). */
export interface RequiredService {
  /** Shown in the notice, e.g. `MariaDB`. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Decides whether tests needing a real service run: true when it is up. When it is down, a
 * developer's machine gets a loud notice and the tests skip; under CI=true it throws, because
 * `.ci/run` promises the service and a silent skip would hide a broken setup.
 *
 * ```ts
 * const mariadbUp = await requireService({ name: 'MariaDB', host: '127.0.0.1', port: 3306 });
 * describe.skipIf(!mariadbUp)('mysql kind', () => { … });
 * ```
 */
export async function requireService(service: RequiredService, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (await serviceAvailable(service.host, service.port)) return true;
  const where = `${service.name} on ${service.host}:${service.port}`;
  if (isCi(env)) {
    throw new Error(`${where} is not reachable, and CI=true requires it (.ci/run should have started it).`);
  }
  console.warn(
    `\n!!! ${where} is not reachable: SKIPPING the tests that need it. They are NOT passing.\n` +
      `!!! Start the service (see .ci/run) to run them; under CI=true they fail instead of skipping.\n`,
  );
  return false;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
