/**
 * Notification targets of a project, as the settings screen manages them. A target's webhook URL carries its key and
 * its signing secret is one: each is taken either as a `${VAR}` reference (stored as the reference, read from the
 * environment of the process that sends) or as a value, stored only sealed with GOLIVE_SECRETS_KEY. The API shows references and the URL with its
 * key hidden, never a clear value.
 */
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { isSealed, secretBoxOf, secretsKeyVariable, type SecretBox } from '../core/secret-box.js';
import { sealContext, variableReference as reference } from '../notify/stored-target.js';
import { safeEndpoint } from '../notify/target.js';
import type { NotificationTarget } from '../plan/schema.js';
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

const sealedMask = '••••••••';
/** Platforms that sign nothing: a secret there is a configuration error (docs/notifications.md). */
const unsigned = new Set(['wecom', 'slack']);

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
    url: storedCredential(input.url, box, sealContext(projectId, input.id, 'url'), 'url'),
    urlShown: byReference ? input.url : safeEndpoint(input.url),
    secret: input.secret ? storedCredential(input.secret, box, sealContext(projectId, input.id, 'secret'), 'secret') : null,
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
