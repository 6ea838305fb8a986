import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { GoliveError } from './errors.js';
import { bi } from './text.js';

/**
 * The environment variable holding the key that encrypts credentials the server must store (notification targets'
 * webhook URLs and signing secrets given as values rather than `${VAR}`). It never enters the database, so a copy of
 * the database (a backup, a dump sent for debugging) holds ciphertext only; every process that stores or sends with
 * them (`serve`, `worker`, `rollout`) needs the same value, as with GOLIVE_AUDIT_KEY.
 */
export const secretsKeyVariable = 'GOLIVE_SECRETS_KEY';
const minimumKeyLength = 32;
const prefix = 'enc:v1:';

/** Encrypts and decrypts stored credentials with AES-256-GCM; `context` binds a ciphertext to its row and field. */
export interface SecretBox {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(prefix);
}

/** The box of GOLIVE_SECRETS_KEY, or undefined when the server has none (then only `${VAR}` references are accepted). */
export function secretBoxOf(env: NodeJS.ProcessEnv): SecretBox | undefined {
  const raw = env[secretsKeyVariable];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minimumKeyLength) {
    throw new GoliveError('secrets.key-weak', bi(`${secretsKeyVariable} must be at least ${minimumKeyLength} characters (e.g. \`openssl rand -hex 32\`)`, `${secretsKeyVariable} 至少需要 ${minimumKeyLength} 个字符（例如 \`openssl rand -hex 32\`）`));
  }
  const key = createHash('sha256').update(raw, 'utf8').digest();
  // A public fingerprint of the key in each ciphertext, so a wrong key is named as such instead of failing as "tampered".
  const keyId = createHmac('sha256', key).update('golive-secrets-key-id').digest('hex').slice(0, 12);
  return {
    seal(value, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return `${prefix}${keyId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${encrypted.toString('base64url')}`;
    },
    open(sealed, context) {
      const [storedKeyId, iv, tag, data] = sealed.slice(prefix.length).split(':');
      if (storedKeyId !== keyId) {
        throw new GoliveError('secrets.key-mismatch', bi(`a stored credential was encrypted with another ${secretsKeyVariable} (key id ${storedKeyId ?? '?'}, this process's is ${keyId}); set the key it was stored with, or add the target again`, `存储的凭据是用另一把 ${secretsKeyVariable} 加密的（密钥 ID ${storedKeyId ?? '?'}，本进程为 ${keyId}）；请设置当初的密钥，或重新添加该目标`));
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data ?? '', 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new GoliveError('secrets.tampered', bi('a stored credential does not decrypt (changed in the database?); add the target again', '存储的凭据无法解密（数据库中被改动？）；请重新添加该目标'), { cause });
      }
    },
  };
}
