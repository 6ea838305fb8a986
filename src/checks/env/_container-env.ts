import { z } from 'zod';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';
import { EngineClient, engineAddress } from '../_shared/docker-engine.js';

const inspectSchema = z.object({
  Config: z.object({ Env: z.array(z.string()).nullish() }).nullish(),
});

/**
 * `Config.Env` of a container, through the `docker` kind's Engine API client (same socket, same
 * DOCKER_HOST rules). The engine's `K=V` strings split at the first `=`, as the container sees them.
 */
export async function containerEnv(host: string | undefined, container: string, signal: AbortSignal): Promise<Record<string, string>> {
  const client = new EngineClient(engineAddress(host, process.env));
  try {
    const response = await client.get(`/containers/${encodeURIComponent(container)}/json`, signal);
    if (response.status === 404) throw new ProbeError(bi(`no such container: ${container}`, `容器不存在：${container}`));
    const parsed = response.status === 200 ? inspectSchema.safeParse(response.body) : undefined;
    if (!parsed?.success) {
      throw new ProbeError(
        bi(`the Docker engine answered ${response.status} for container ${container}`, `Docker 引擎对容器 ${container} 返回 ${response.status}`),
      );
    }
    const env: Record<string, string> = {};
    for (const entry of parsed.data.Config?.Env ?? []) {
      const equals = entry.indexOf('=');
      if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    return env;
  } finally {
    await client.close();
  }
}
