import type { Dispatcher } from 'undici';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';

/** Where the Docker Engine API listens, resolved from `host`, then DOCKER_HOST, then the default socket. */
export interface EngineAddress {
  /** As people write it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2375`. */
  readonly display: string;
  readonly socketPath?: string;
  /** HTTP origin requests go to (any name over a unix socket: the engine ignores Host). */
  readonly origin: string;
}

export const defaultDockerHost = 'unix:///var/run/docker.sock';

/** Reads `unix:///path` and `tcp://host:port`; TLS and ssh:// engines are refused with a clear reason. */
export function engineAddress(host: string | undefined, env: NodeJS.ProcessEnv): EngineAddress {
  const value = (host ?? env.DOCKER_HOST ?? defaultDockerHost).trim();
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new ProbeError(bi(`the Docker host ${value} needs an absolute socket path (unix:///var/run/docker.sock)`, `Docker 主机 ${value} 需要绝对路径的套接字（unix:///var/run/docker.sock）`));
    return { display: value, socketPath, origin: 'http://docker' };
  }
  if (value.startsWith('tcp://') || value.startsWith('http://')) {
    // DOCKER_TLS_VERIFY from the environment only applies to the engine DOCKER_HOST names.
    if (host === undefined && env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0') {
      throw new ProbeError(bi('DOCKER_TLS_VERIFY is set, but golive talks to Docker over TLS only through an SSH tunnel or a unix socket for now', '已设置 DOCKER_TLS_VERIFY，但 golive 目前不支持 TLS 方式连接 Docker，请使用 unix 套接字或 SSH 隧道'));
    }
    let url: URL;
    try {
      url = new URL(value.replace(/^tcp:/, 'http:'));
    } catch {
      throw new ProbeError(bi(`the Docker host ${value} is not a valid tcp://host:port address`, `Docker 主机 ${value} 不是合法的 tcp://host:port 地址`));
    }
    return { display: value, origin: `http://${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || '2375'}` };
  }
  throw new ProbeError(
    bi(`the Docker host ${value} is not supported: use unix:///var/run/docker.sock or tcp://host:2375`, `不支持 Docker 主机 ${value}：请使用 unix:///var/run/docker.sock 或 tcp://host:2375`),
  );
}

export interface EngineResponse {
  readonly status: number;
  readonly body: unknown;
}

function errnoOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const unreachable: Record<string, [string, string]> = {
  ENOENT: ['there is no socket at that path: is Docker installed and running here?', '该路径下没有套接字：本机是否安装并启动了 Docker？'],
  ECONNREFUSED: ['connection refused: is the Docker daemon running?', '连接被拒绝：Docker 守护进程是否在运行？'],
  EACCES: ['permission denied: run as a user in the "docker" group', '权限不足：请使用 "docker" 组中的用户运行'],
  ENOTFOUND: ['the host name does not resolve', '主机名无法解析'],
  EHOSTUNREACH: ['the host is unreachable', '主机不可达'],
  ETIMEDOUT: ['the connection timed out', '连接超时'],
};

/** A small client for the Engine API: plain HTTP/1.1 GETs over the socket, the same path a real engine answers. */
export class EngineClient {
  readonly #address: EngineAddress;
  #dispatcher: Dispatcher | undefined;

  constructor(address: EngineAddress) {
    this.#address = address;
  }

  async get(path: string, signal: AbortSignal): Promise<EngineResponse> {
    const { Agent, request } = await import('undici');
    this.#dispatcher ??= new Agent({ connect: this.#address.socketPath ? { socketPath: this.#address.socketPath } : {} });
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(`${this.#address.origin}${path}`, { method: 'GET', dispatcher: this.#dispatcher, signal, headers: { accept: 'application/json' } });
    } catch (error) {
      if (signal.aborted) throw error;
      const code = errnoOf(error);
      const [en, zh] = (code ? unreachable[code] : undefined) ?? [error instanceof Error ? error.message : String(error), error instanceof Error ? error.message : String(error)];
      throw new ProbeError(
        bi(`cannot reach the Docker engine at ${this.#address.display}: ${en}${code ? ` (${code})` : ''}`, `无法连接 Docker 引擎 ${this.#address.display}：${zh}${code ? `（${code}）` : ''}`),
        { cause: error },
      );
    }
    const text = await response.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page): the caller reports the status with the text.
    }
    return { status: response.statusCode, body };
  }

  async close(): Promise<void> {
    await this.#dispatcher?.destroy().catch(() => undefined);
  }
}
