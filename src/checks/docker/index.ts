import { z } from 'zod';
import { bi } from '../../core/text.js';
import { looksLikeSecretName } from '../../core/secret-names.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type Observation } from '../check-kind.js';
import { EngineClient, engineAddress, type EngineResponse } from '../_shared/docker-engine.js';

const dockerSchema = checkSchema('docker', {
  container: z.string().min(1).describe('Container name or id (a docker compose service name also works)'),
  host: z.string().min(1).optional().describe('Docker engine: unix:///var/run/docker.sock or tcp://host:2375 (default: DOCKER_HOST)'),
  env: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'environment variable names are letters, digits and _ / 环境变量名只能包含字母、数字和 _'))
    .optional()
    .describe('Environment variables of the container to expose as env.NAME (only these are read)'),
});

export type DockerCheck = z.infer<typeof dockerSchema>;

/** The parts of `GET /containers/{id}/json` the check reads, validated at the boundary. */
const inspectSchema = z.object({
  Id: z.string(),
  Name: z.string().default(''),
  Image: z.string().default(''),
  RestartCount: z.number().default(0),
  State: z.object({
    Status: z.string(),
    Running: z.boolean(),
    StartedAt: z.string().optional(),
    ExitCode: z.number().optional(),
    OOMKilled: z.boolean().optional(),
    Health: z.object({ Status: z.string() }).nullish(),
  }),
  Config: z.object({
    Image: z.string(),
    Env: z.array(z.string()).nullish(),
  }),
  NetworkSettings: z
    .object({ Ports: z.record(z.string(), z.array(z.object({ HostIp: z.string().default(''), HostPort: z.string() })).nullable()).nullish() })
    .nullish(),
});
type Inspect = z.infer<typeof inspectSchema>;

const listSchema = z.array(z.object({ Id: z.string(), Names: z.array(z.string()).default([]), State: z.string().default('') }));

/** `registry.cn-hangzhou.aliyuncs.com/ns/app:v1.2.3-20260213@sha256:…` → tag `v1.2.3-20260213`; no tag means `latest`. */
export function imageTag(image: string): string | null {
  if (/^sha256:[0-9a-f]+$/i.test(image)) return null;
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon !== -1) return lastSegment.slice(colon + 1);
  return image.includes('@') ? null : 'latest';
}

/** Published ports as `docker ps` prints them: `127.0.0.1:8080->80/tcp`, or `80/tcp` when not published. */
export function portList(ports: NonNullable<Inspect['NetworkSettings']>['Ports']): string[] {
  const list: string[] = [];
  for (const [containerPort, bindings] of Object.entries(ports ?? {})) {
    if (!bindings || bindings.length === 0) {
      list.push(containerPort);
      continue;
    }
    for (const binding of bindings) {
      const ip = binding.HostIp.includes(':') ? `[${binding.HostIp}]` : binding.HostIp || '0.0.0.0';
      list.push(`${ip}:${binding.HostPort}->${containerPort}`);
    }
  }
  return [...new Set(list)];
}

/** What people see of an env value: secret-looking names only as a masked tail. */
function shownValue(name: string, value: string): string {
  if (!looksLikeSecretName(name)) return value;
  return value.length < 10 ? '••••' : `••••${value.slice(-2)}`;
}

function engineMessage(response: EngineResponse): string {
  const body = response.body;
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  return typeof body === 'string' ? body.slice(0, 200) : `HTTP ${response.status}`;
}

export const dockerKind = defineCheckKind({
  name: 'docker',
  summary: bi('A container is running and healthy, with the right image tag and environment', '容器在运行且健康，镜像标签和环境变量正确'),
  schema: dockerSchema,
  facts: {
    running: bi('true when the container is running', '容器正在运行时为 true'),
    status: bi('created, running, restarting, exited, paused or dead', 'created、running、restarting、exited、paused 或 dead'),
    health: bi('healthy, unhealthy, starting, or none when the image has no HEALTHCHECK', 'healthy、unhealthy、starting；镜像没有 HEALTHCHECK 时为 none'),
    image: bi('the image the container was created from (Config.Image)', '创建容器所用的镜像（Config.Image）'),
    tag: bi('the image tag, e.g. v1.2.3-20260213 (latest when none)', '镜像标签，如 v1.2.3-20260213（未写时为 latest）'),
    image_id: bi('the image id (sha256:…)', '镜像 ID（sha256:…）'),
    name: bi('the container name', '容器名称'),
    env: bi('the requested environment variables: env.NAME (absent when not set)', '所请求的环境变量：env.NAME（未设置时不存在）'),
    restart_count: bi('how often Docker restarted it', 'Docker 重启该容器的次数'),
    exit_code: bi('exit code of the last run (0 while running)', '上次运行的退出码（运行中为 0）'),
    oom_killed: bi('true when the kernel killed it for memory', '因内存不足被内核杀死时为 true'),
    ports: bi('published ports, e.g. "127.0.0.1:8080->80/tcp"', '发布的端口，如 "127.0.0.1:8080->80/tcp"'),
    started_at: bi('when it last started (ISO time)', '最近一次启动时间（ISO 时间）'),
    uptime: bi('time since it started, in ms (only while running)', '自启动以来的时长（毫秒，仅运行中）'),
  },
  defaultExpect: ['running == true'],
  defaultTimeoutMs: 5_000,
  secretFields: [],
  describe: (spec) => `docker ${spec.container}${spec.host ? ` @ ${spec.host}` : ''}`,
  async probe(spec, context): Promise<Observation> {
    const address = engineAddress(spec.host, process.env);
    const client = new EngineClient(address);
    try {
      let response = await client.get(`/containers/${encodeURIComponent(spec.container)}/json`, context.signal);
      if (response.status === 404) {
        // `docker compose` names containers project-service-1; let people write the service name.
        const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.service=${spec.container}`] }));
        const listed = await client.get(`/containers/json?all=1&filters=${filters}`, context.signal);
        const candidates = listed.status === 200 ? listSchema.safeParse(listed.body) : undefined;
        const matches = candidates?.success ? candidates.data : [];
        const running = matches.filter((entry) => entry.State === 'running');
        const chosen = matches.length === 1 ? matches[0] : running.length === 1 ? running[0] : undefined;
        if (!chosen) {
          const names = matches.flatMap((entry) => entry.Names.map((name) => name.replace(/^\//, '')));
          return {
            facts: { running: false, status: 'missing' },
            evidence: { engine: address.display, container: spec.container, found: false, ...(names.length ? { candidates: names } : {}) },
            failure: names.length
              ? bi(`container ${spec.container} is ambiguous: it matches ${names.join(', ')}`, `容器 ${spec.container} 不唯一：匹配到 ${names.join('、')}`)
              : bi(`container ${spec.container} not found on ${address.display}`, `在 ${address.display} 上找不到容器 ${spec.container}`),
          };
        }
        response = await client.get(`/containers/${chosen.Id}/json`, context.signal);
      }
      if (response.status !== 200) {
        throw new ProbeError(
          bi(`the Docker engine at ${address.display} answered HTTP ${response.status}: ${engineMessage(response)}`, `Docker 引擎 ${address.display} 返回 HTTP ${response.status}：${engineMessage(response)}`),
        );
      }
      const parsed = inspectSchema.safeParse(response.body);
      if (!parsed.success) {
        throw new ProbeError(bi(`the Docker engine at ${address.display} sent container details golive cannot read`, `Docker 引擎 ${address.display} 返回的容器信息无法解析`));
      }
      const inspect = parsed.data;

      const containerEnv = new Map<string, string>();
      for (const entry of inspect.Config.Env ?? []) {
        const equals = entry.indexOf('=');
        if (equals > 0) containerEnv.set(entry.slice(0, equals), entry.slice(equals + 1));
      }
      // Only the names the plan asks for leave the engine's answer; the rest of the environment is never kept.
      const env = Object.fromEntries((spec.env ?? []).flatMap((name) => (containerEnv.has(name) ? [[name, containerEnv.get(name) ?? '']] : [])));
      const startedMs = inspect.State.StartedAt && !inspect.State.StartedAt.startsWith('0001-') ? Date.parse(inspect.State.StartedAt) : Number.NaN;
      const startedAt = Number.isNaN(startedMs) ? null : new Date(startedMs).toISOString();
      const uptime = inspect.State.Running && !Number.isNaN(startedMs) ? Math.max(0, Date.now() - startedMs) : undefined;
      const health = inspect.State.Health?.Status ?? 'none';
      const ports = portList(inspect.NetworkSettings?.Ports);
      const tag = imageTag(inspect.Config.Image);
      const name = inspect.Name.replace(/^\//, '');

      return {
        facts: {
          running: inspect.State.Running,
          status: inspect.State.Status,
          health,
          image: inspect.Config.Image,
          tag,
          image_id: inspect.Image,
          name,
          env,
          restart_count: inspect.RestartCount,
          exit_code: inspect.State.ExitCode ?? null,
          oom_killed: inspect.State.OOMKilled ?? false,
          ports,
          started_at: startedAt,
          ...(uptime !== undefined ? { uptime } : {}),
        },
        evidence: {
          engine: address.display,
          container: name,
          id: inspect.Id.slice(0, 12),
          status: inspect.State.Status,
          health,
          image: inspect.Config.Image,
          restartCount: inspect.RestartCount,
          ports,
          startedAt,
          ...(spec.env?.length
            ? { env: Object.fromEntries(spec.env.map((envName) => [envName, containerEnv.has(envName) ? shownValue(envName, containerEnv.get(envName) ?? '') : null])) }
            : {}),
        },
        // Secret-looking env values are redacted by the runner everywhere, explanations of failing conditions included.
        secrets: Object.entries(env).filter(([envName, value]) => looksLikeSecretName(envName) && value.length > 0).map(([, value]) => value),
      };
    } finally {
      await client.close();
    }
  },
});
