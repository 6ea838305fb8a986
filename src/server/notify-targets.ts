/**
 * Notification targets of a project, as the settings screen manages them. A target's webhook URL carries its key and
 * its signing secret is one: each is taken either as a `${VAR}` reference to the server's environment (stored as the
 * reference) or as a value, stored only sealed with GOLIVE_SECRETS_KEY. The API shows references and the URL with its
 * key hidden, never a clear value.
 */
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { safeEndpoint } from '../notify/target.js';
import type { NotificationTarget } from '../plan/schema.js';
import { isSealed, secretBoxOf, secretsKeyVariable, type SecretBox } from './auth/secret-box.js';
import type { StoredTarget } from './team-store.js';

/** What the API shows of a target. */
export interface TargetView {
  readonly id: string;
  readonly type: string;
  /** `${VAR}` or the URL with its key hidden. */
  readonly url: string;
  /** `${VAR}`, a mask for a sealed value, or null. */
  readonly secret: string | null;
  /** Where the credentials live: the server's environment or sealed in the database. */
  readonly storage: 'env' | 'sealed';
  readonly lang: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface TargetInput {
  readonly id: string;
  readonly type: NotificationTarget['type'];
  readonly url: string;
  readonly secret?: string | undefined;
  readonly lang?: NotificationTarget['lang'] | undefined;
}

const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const sealedMask = '••••••••';
/** Platforms that sign nothing: a secret there is a configuration error (docs/notifications.md). */
const unsigned = new Set(['wecom', 'slack']);

function contextOf(projectId: string, targetId: string, field: 'url' | 'secret'): string {
  return `notification-target/${projectId}/${targetId}/${field}`;
}

/** A credential as stored: the reference as written, or the value sealed (refused when the server has no key). */
function storedCredential(value: string, box: SecretBox | undefined, context: string, field: string): string {
  if (reference.test(value)) return value;
  if (value.includes('${')) throw new GoliveError('notify-target.invalid', bi(`${field}: give either one whole \${VAR} reference or the value itself`, `${field}：请填写一个完整的 \${VAR} 引用，或直接填写值`));
  if (!box) {
    throw new GoliveError(
      'notify-target.no-key',
      bi(`${field}: this server has no ${secretsKeyVariable} to encrypt it with; give a \${VAR} reference to the server's environment instead, or start the server with ${secretsKeyVariable}`, `${field}：本服务器没有用于加密的 ${secretsKeyVariable}；请改为引用服务器环境变量 \${VAR}，或设置 ${secretsKeyVariable} 后重启服务器`),
    );
  }
  return box.seal(value, context);
}

/** The stored form of a new target; the clear URL and secret go no further than this function. */
export function storedTarget(projectId: string, input: TargetInput, env: NodeJS.ProcessEnv): Omit<StoredTarget, 'createdAt' | 'createdBy'> {
  if (input.secret && unsigned.has(input.type)) throw new GoliveError('notify-target.invalid', bi(`${input.type} robots are not signed: leave the secret empty`, `${input.type} 机器人不使用签名：请不要填写密钥`));
  const byReference = reference.test(input.url);
  if (!byReference && !/^https?:\/\/[^\s]+$/.test(input.url)) throw new GoliveError('notify-target.invalid', bi('url: an http(s) webhook URL or a ${VAR} reference', 'url：请填写 http(s) Webhook 地址或 ${VAR} 引用'));
  const box = byReference && (!input.secret || reference.test(input.secret)) ? undefined : secretBoxOf(env);
  return {
    projectId,
    id: input.id,
    type: input.type,
    url: storedCredential(input.url, box, contextOf(projectId, input.id, 'url'), 'url'),
    urlShown: byReference ? input.url : safeEndpoint(input.url),
    secret: input.secret ? storedCredential(input.secret, box, contextOf(projectId, input.id, 'secret'), 'secret') : null,
    lang: input.lang ?? null,
  };
}

export function targetView(target: StoredTarget): TargetView {
  const sealed = isSealed(target.url) || (target.secret !== null && isSealed(target.secret));
  return {
    id: target.id,
    type: target.type,
    url: target.urlShown,
    secret: target.secret === null ? null : isSealed(target.secret) ? sealedMask : target.secret,
    storage: sealed ? 'sealed' : 'env',
    lang: target.lang,
    createdAt: target.createdAt,
    createdBy: target.createdBy,
  };
}

/** The target with its credentials in clear, for sending: references read from the environment, sealed values opened. */
export function resolveTarget(target: StoredTarget, env: NodeJS.ProcessEnv): NotificationTarget {
  const box = () => {
    const found = secretBoxOf(env);
    if (!found) throw new GoliveError('notify-target.no-key', bi(`target "${target.id}" was stored encrypted; start the server with the ${secretsKeyVariable} it was stored with`, `目标 "${target.id}" 以加密方式存储；请使用当初的 ${secretsKeyVariable} 启动服务器`));
    return found;
  };
  const clear = (stored: string, field: 'url' | 'secret'): string => {
    if (isSealed(stored)) return box().open(stored, contextOf(target.projectId, target.id, field));
    const name = reference.exec(stored)?.[1] ?? '';
    const value = env[name];
    if (value === undefined || value === '') throw new GoliveError('notify-target.variable-missing', bi(`target "${target.id}": ${field} refers to \${${name}}, which the server's environment does not set`, `目标 "${target.id}"：${field} 引用的 \${${name}} 在服务器环境中未设置`));
    return value;
  };
  return {
    id: target.id,
    type: target.type as NotificationTarget['type'],
    url: clear(target.url, 'url'),
    ...(target.secret ? { secret: clear(target.secret, 'secret') } : {}),
    ...(target.lang ? { lang: target.lang as NonNullable<NotificationTarget['lang']> } : {}),
  };
}
