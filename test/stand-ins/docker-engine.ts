import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';

/**
 * A STAND-IN for the Docker Engine API: no Docker engine can run on these machines, so tests talk
 * to this node:http server on a unix socket. It answers the few endpoints golive uses with the
 * shapes Docker Engine API v1.43 documents (`GET /_ping`, `/version`, `/containers/json`,
 * `/containers/{id}/json`, with or without a `/v1.xx` prefix). It is not an engine.
 */
export interface StandInContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly status?: 'created' | 'running' | 'restarting' | 'exited' | 'paused' | 'dead';
  readonly health?: 'healthy' | 'unhealthy' | 'starting';
  readonly env?: Readonly<Record<string, string>>;
  readonly ports?: Readonly<Record<string, readonly { HostIp: string; HostPort: string }[] | null>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly restartCount?: number;
  readonly startedAt?: string;
  readonly exitCode?: number;
}

export interface DockerEngineStandIn {
  readonly socketPath: string;
  /** `unix://<socketPath>`, what a plan's `host:` or DOCKER_HOST holds. */
  readonly host: string;
  /** Request paths received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

function inspectJson(container: StandInContainer): Record<string, unknown> {
  const status = container.status ?? 'running';
  const running = status === 'running';
  const startedAt = container.startedAt ?? new Date(Date.now() - 3_600_000).toISOString();
  return {
    Id: container.id,
    Created: '2026-02-13T02:00:00.000000000Z',
    Path: 'docker-entrypoint.sh',
    Args: ['node', 'server.js'],
    State: {
      Status: status,
      Running: running,
      Paused: status === 'paused',
      Restarting: status === 'restarting',
      OOMKilled: false,
      Dead: status === 'dead',
      Pid: running ? 4242 : 0,
      ExitCode: container.exitCode ?? 0,
      Error: '',
      StartedAt: startedAt,
      FinishedAt: running ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
      ...(container.health
        ? { Health: { Status: container.health, FailingStreak: container.health === 'unhealthy' ? 3 : 0, Log: [] } }
        : {}),
    },
    Image: `sha256:${'ab'.repeat(32)}`,
    Name: `/${container.name}`,
    RestartCount: container.restartCount ?? 0,
    Driver: 'overlay2',
    Platform: 'linux',
    HostConfig: { RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 }, PortBindings: container.ports ?? {} },
    Config: {
      Hostname: container.id.slice(0, 12),
      User: '',
      Env: Object.entries(container.env ?? {}).map(([key, value]) => `${key}=${value}`),
      Cmd: ['node', 'server.js'],
      Image: container.image,
      WorkingDir: '/app',
      Labels: container.labels ?? {},
    },
    NetworkSettings: { Ports: container.ports ?? {}, IPAddress: '172.17.0.2' },
  };
}

function summaryJson(container: StandInContainer): Record<string, unknown> {
  return {
    Id: container.id,
    Names: [`/${container.name}`],
    Image: container.image,
    State: container.status ?? 'running',
    Status: container.status === 'exited' ? 'Exited (0) 1 hour ago' : 'Up 1 hour',
    Labels: container.labels ?? {},
  };
}

function find(containers: readonly StandInContainer[], reference: string): StandInContainer | undefined {
  const name = reference.replace(/^\//, '');
  return containers.find((container) => container.name === name || container.id === name || (name.length >= 3 && container.id.startsWith(name)));
}

/** Docker's filter syntax for the one filter golive uses: `{"label":["key=value"]}`. */
function matchesFilters(container: StandInContainer, filters: string | null): boolean {
  if (!filters) return true;
  const parsed = JSON.parse(filters) as { label?: string[] };
  return (parsed.label ?? []).every((label) => {
    const [key = '', value] = label.split('=');
    return value === undefined ? key in (container.labels ?? {}) : container.labels?.[key] === value;
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', 'api-version': '1.43', server: 'Docker/24.0.7 (linux)' });
  response.end(text);
}

/** Starts the stand-in on a fresh unix socket in a temp folder. */
export async function startDockerEngineStandIn(containers: readonly StandInContainer[]): Promise<DockerEngineStandIn> {
  const folder = await mkdtemp(join(tmpdir(), 'golive-docker-stand-in-'));
  const socketPath = join(folder, 'docker.sock');
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://docker');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const path = url.pathname.replace(/^\/v1\.\d+/, '');
    if (request.method !== 'GET') return send(response, 405, { message: 'the stand-in only answers GET' });
    if (path === '/_ping') return send(response, 200, 'OK');
    if (path === '/version') return send(response, 200, { Version: '24.0.7', ApiVersion: '1.43', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64' });
    if (path === '/containers/json') {
      const all = url.searchParams.get('all') === '1' || url.searchParams.get('all') === 'true';
      const listed = containers.filter((container) => (all || (container.status ?? 'running') === 'running') && matchesFilters(container, url.searchParams.get('filters')));
      return send(response, 200, listed.map(summaryJson));
    }
    const inspect = /^\/containers\/([^/]+)\/json$/.exec(path);
    if (inspect) {
      const reference = decodeURIComponent(inspect[1] ?? '');
      const container = find(containers, reference);
      return container ? send(response, 200, inspectJson(container)) : send(response, 404, { message: `No such container: ${reference}` });
    }
    return send(response, 404, { message: 'page not found' });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });

  return {
    socketPath,
    host: `unix://${socketPath}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}
