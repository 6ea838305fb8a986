import { parse } from 'yaml';
import { bi } from '../../core/text.js';
import type { ComposeService, EnvRead, PublishedPort, ServiceRole } from '../profile.js';
import { defineDetector } from './detector.js';

const composeName = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/;
const variableReference = /\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

/** The role of an image by its repository name (`mysql:8.0`, `bitnami/redis`, `caddy:2`). */
function roleOf(image: string | null): ServiceRole {
  const repository = (image ?? '').split(':')[0]?.split('/').at(-1) ?? '';
  if (/^(mysql|mariadb|percona)$/.test(repository)) return 'mysql';
  if (/^(redis|valkey|keydb)/.test(repository)) return 'redis';
  if (/^(postgres|postgis|timescaledb)/.test(repository)) return 'postgres';
  if (/^mongo/.test(repository)) return 'mongo';
  if (/^(caddy|nginx|traefik|openresty|haproxy)/.test(repository)) return 'proxy';
  return 'app';
}

function splitImage(image: string): { image: string; tag: string | null } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? { image: image.slice(0, colon), tag: image.slice(colon + 1) } : { image, tag: null };
}

/** `"127.0.0.1:3306:3306"`, `"6379:6379"`, `3306`, `"8080:80/tcp"` or the long form `{ target, published, host_ip }`. */
function portOf(entry: unknown): PublishedPort | undefined {
  if (entry !== null && typeof entry === 'object') {
    const long = entry as { target?: unknown; published?: unknown; host_ip?: unknown };
    const target = Number(long.target);
    if (!Number.isInteger(target)) return undefined;
    const published = long.published === undefined ? null : Number(String(long.published).split('-')[0]);
    return { containerPort: target, hostPort: Number.isInteger(published) ? published : null, bind: typeof long.host_ip === 'string' ? long.host_ip : '0.0.0.0' };
  }
  const text = String(entry).replace(/\/(tcp|udp)$/, '');
  const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(text);
  const parts = ipv6 ? [ipv6[1] ?? '', ...(ipv6[2] ?? '').split(':')] : text.split(':');
  const containerPort = Number(parts.at(-1)?.split('-')[0]);
  if (!Number.isInteger(containerPort)) return undefined;
  if (parts.length === 1) return { containerPort, hostPort: null, bind: '0.0.0.0' };
  const hostPort = Number(parts.at(-2)?.split('-')[0]);
  return { containerPort, hostPort: Number.isInteger(hostPort) ? hostPort : null, bind: parts.length >= 3 ? parts.slice(0, -2).join(':') || '0.0.0.0' : '0.0.0.0' };
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry && typeof entry === 'object' && typeof (entry as { path?: unknown }).path === 'string' ? [(entry as { path: string }).path] : []));
  return [];
}

/** Names under `environment:`, map or `KEY=value` list; values are dropped here. */
function environmentNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => String(entry).split('=')[0] ?? '').filter((name) => name !== '');
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [];
}

function healthPathOf(test: unknown): string | null {
  const text = Array.isArray(test) ? test.join(' ') : typeof test === 'string' ? test : '';
  return /https?:\/\/[^/\s"']+(\/[\w/.-]*)/.exec(text)?.[1] ?? null;
}

export const composeDetector = defineDetector({
  wants: (_rel, name) => composeName.test(name),
  read(file) {
    let data: unknown;
    try {
      data = parse(file.text, { maxAliasCount: 100 });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { problems: [{ file: file.rel, message: bi(`not valid YAML: ${reason}`, `不是合法的 YAML：${reason}`) }] };
    }
    const services = (data as { services?: unknown } | null)?.services;
    if (services === null || typeof services !== 'object') return {};
    const found: ComposeService[] = Object.entries(services as Record<string, unknown>).map(([name, raw]) => {
      const spec = (raw ?? {}) as Record<string, unknown>;
      const image = typeof spec.image === 'string' ? splitImage(spec.image) : null;
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      const namedVolumes = volumes.flatMap((volume) => {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume as { type?: unknown; source?: unknown } | null)?.type === 'volume' ? String((volume as { source?: unknown }).source ?? '') : '';
        return source && /^[\w][\w.-]*$/.test(source) && volume !== source ? [source] : [];
      });
      const health = spec.healthcheck as { test?: unknown; disable?: unknown } | undefined;
      return {
        file: file.rel,
        name,
        role: roleOf(image?.image ?? null),
        image: image?.image ?? null,
        tag: image?.tag ?? null,
        built: spec.build !== undefined,
        containerName: typeof spec.container_name === 'string' ? spec.container_name : null,
        ports: (Array.isArray(spec.ports) ? spec.ports : []).map(portOf).filter((port): port is PublishedPort => port !== undefined),
        namedVolumes,
        healthcheck: health !== undefined && health.disable !== true,
        healthPath: healthPathOf(health?.test),
        restart: typeof spec.restart === 'string' ? spec.restart : null,
        envFiles: stringList(spec.env_file),
        environment: environmentNames(spec.environment),
      };
    });
    const envReads: EnvRead[] = [...new Set([...file.text.matchAll(variableReference)].map((match) => match[1] ?? ''))].map((name) => ({ name, at: file.rel }));
    return { services: found, composeFiles: [file.rel], envReads };
  },
});
