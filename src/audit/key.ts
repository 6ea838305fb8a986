import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { GoliveError } from '../errors.js';
import { bi } from '../i18n/text.js';

/** The secret that keys the audit chain; it never enters the database. */
export interface AuditKey {
  readonly bytes: Buffer;
  /** A public fingerprint of the key (not the key), recorded in the database to catch a wrong key. */
  readonly id: string;
  /** Where it came from, for messages. */
  readonly source: string;
  /** True when this call created the key file (the first open of a database by a keyed golive). */
  readonly created: boolean;
}

/** Environment variable that gives the key (team mode: every `serve`/`worker` process needs the same one). */
export const auditKeyVariable = 'GOLIVE_AUDIT_KEY';
const minimumKeyLength = 32;

/** The key file of a plan folder's SQLite database: beside it, mode 0600. */
export function auditKeyPath(planDir: string): string {
  return join(planDir, '.golive', 'audit.key');
}

/**
 * The key file of a shared database on this machine, when no `GOLIVE_AUDIT_KEY` is given: in the user's
 * config folder, one per database, since every plan folder writes to the same chain there.
 */
export function sharedAuditKeyPath(location: string, env: NodeJS.ProcessEnv = {}): string {
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'golive', 'audit-keys', `${createHmac('sha256', 'golive').update(location).digest('hex').slice(0, 24)}.key`);
}

/**
 * The audit key: `GOLIVE_AUDIT_KEY` when set, else the key file, created with 32 random bytes (0600)
 * when missing and creating is allowed.
 */
export function loadAuditKey(options: { readonly file: string; readonly env?: NodeJS.ProcessEnv; readonly create?: boolean }): AuditKey {
  const fromEnv = options.env?.[auditKeyVariable];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < minimumKeyLength) {
      throw new GoliveError(
        'audit.key-weak',
        bi(`${auditKeyVariable} must be at least ${minimumKeyLength} characters (e.g. \`openssl rand -hex 32\`)`, `${auditKeyVariable} 至少需要 ${minimumKeyLength} 个字符（例如 \`openssl rand -hex 32\`）`),
      );
    }
    return keyOf(Buffer.from(fromEnv, 'utf8'), auditKeyVariable, false);
  }
  const { file } = options;
  const existing = readKeyFile(file);
  if (existing) return keyOf(existing, file, false);
  if (options.create === false) {
    throw new GoliveError('audit.key-missing', bi(`no audit key: set ${auditKeyVariable} or restore ${file}`, `没有审计密钥：请设置 ${auditKeyVariable} 或恢复 ${file}`));
  }
  const bytes = randomBytes(32);
  try {
    mkdirSync(dirname(file), { recursive: true });
    // `wx`: two processes creating at once cannot both win; the loser reads the winner's key.
    writeFileSync(file, `${bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (cause) {
    const raced = readKeyFile(file);
    if (raced) return keyOf(raced, file, false);
    throw new GoliveError('audit.key-write', bi(`cannot create the audit key ${file}: ${String(cause)}`, `无法创建审计密钥 ${file}：${String(cause)}`), { cause });
  }
  return keyOf(bytes, file, true);
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    if (!statSync(file).isFile()) return undefined;
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new GoliveError('audit.key-corrupt', bi(`the audit key ${file} is not 64 hex characters; restore it from a backup`, `审计密钥 ${file} 不是 64 位十六进制字符；请从备份恢复`));
  }
  return Buffer.from(text, 'hex');
}

function keyOf(bytes: Buffer, source: string, created: boolean): AuditKey {
  return { bytes, id: createHmac('sha256', bytes).update('golive audit key id').digest('hex').slice(0, 16), source, created };
}
