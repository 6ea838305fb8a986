import { createHmac } from 'node:crypto';
import type { Bilingual } from '../i18n/text.js';
import { canonicalJson, sha256 } from '../readiness/digest.js';
import type { AuditKey } from './key.js';

/** Hash of the entry before the first one. */
export const genesisHash = '0'.repeat(64);

/** The hashed content of an audit entry (everything but its own hash and the previous one). */
export interface AuditContent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly runId: string | null;
  readonly subject: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The action of the entry that starts keying a trail written by an older, unkeyed golive. */
export const keyedMarkerAction = 'audit.keyed';

/**
 * HMAC-SHA256 (with the audit key) over the previous hash followed by the canonical JSON of the entry;
 * without a key, the plain sha256 that golive wrote before trails were keyed (legacy entries only).
 */
export function hashEntry(prevHash: string, content: AuditContent, key?: Buffer): string {
  const { seq, at, actor, action, runId, subject, data } = content;
  const text = prevHash + canonicalJson({ seq, at, actor, action, runId, subject, data });
  return key ? createHmac('sha256', key).update(text).digest('hex') : sha256(text);
}

/**
 * Walks a chain page by page and collects every break; feed entries in seq order.
 * Entries from `keyedFrom` on (the first `audit.keyed` marker, else 1) must carry the keyed hash,
 * so nobody without the key can rewrite them, nor pass a rewritten trail off as a legacy one.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = genesisHash;
  #entries = 0;
  readonly #key: AuditKey;
  readonly #keyedFrom: number;
  readonly problems: Bilingual[] = [];

  constructor(key: AuditKey, keyedFrom = 1) {
    this.#key = key;
    this.#keyedFrom = keyedFrom;
  }

  /** Checks one entry against the one before it. */
  add(entry: AuditContent & { readonly prevHash: string; readonly hash: string }): void {
    this.#entries += 1;
    if (entry.seq !== this.#expectedSeq) {
      this.problems.push({
        en: `audit entry ${entry.seq}: expected entry ${this.#expectedSeq} (entries were removed or inserted)`,
        zh: `审计记录 ${entry.seq}：应为第 ${this.#expectedSeq} 条（有记录被删除或插入）`,
      });
    }
    if (entry.prevHash !== this.#prevHash) {
      this.problems.push({ en: `audit entry ${entry.seq}: does not link to the entry before it`, zh: `审计记录 ${entry.seq}：与前一条记录的链接不符` });
    }
    const keyed = entry.seq >= this.#keyedFrom;
    if (hashEntry(entry.prevHash, entry, keyed ? this.#key.bytes : undefined) !== entry.hash) {
      this.problems.push({ en: `audit entry ${entry.seq} (${entry.action}): content does not match its hash (modified)`, zh: `审计记录 ${entry.seq}（${entry.action}）：内容与哈希不符（已被修改）` });
    }
    if (entry.action === keyedMarkerAction && entry.data.keyId !== this.#key.id) {
      this.problems.push({
        en: `audit entry ${entry.seq}: the trail was keyed with another audit key (key id ${String(entry.data.keyId)}, this key is ${this.#key.id} from ${this.#key.source})`,
        zh: `审计记录 ${entry.seq}：此记录链使用另一把审计密钥（密钥 ID ${String(entry.data.keyId)}，当前密钥 ${this.#key.id}，来自 ${this.#key.source}）`,
      });
    }
    this.#expectedSeq = entry.seq + 1;
    this.#prevHash = entry.hash;
  }

  /** Checks the recorded head (last seq and hash) against the last entry read. */
  finish(head: { readonly seq: number; readonly hash: string }): void {
    if (head.seq !== this.#expectedSeq - 1 || head.hash !== this.#prevHash) {
      this.problems.push({
        en: `the audit trail ends at entry ${this.#expectedSeq - 1} but its head records entry ${head.seq} (entries were removed at the end, or the head was changed)`,
        zh: `审计记录止于第 ${this.#expectedSeq - 1} 条，但链头记录为第 ${head.seq} 条（末尾记录被删除，或链头被修改）`,
      });
    }
  }

  get entries(): number {
    return this.#entries;
  }
}

/** How a head is written where people see it (gate output, sign-offs), and read back by `audit verify --head`. */
export function formatAnchor(head: { readonly seq: number; readonly hash: string }): string {
  return `${head.seq}:${head.hash.slice(0, 16)}`;
}

/** Parses `SEQ:HASHPREFIX` (at least 12 hex characters), or undefined. */
export function parseAnchor(text: string): { seq: number; hashPrefix: string } | undefined {
  const match = /^(\d+):([0-9a-f]{12,64})$/i.exec(text.trim());
  return match ? { seq: Number(match[1]), hashPrefix: (match[2] ?? '').toLowerCase() } : undefined;
}

/** A problem when the entry at an anchor recorded outside the database is gone or has another hash. */
export function anchorProblem(anchor: { readonly seq: number; readonly hashPrefix: string }, entry: { readonly seq: number; readonly hash: string } | undefined): Bilingual | undefined {
  if (!entry || entry.seq !== anchor.seq) {
    return { en: `audit entry ${anchor.seq}, recorded outside the database, is missing (entries were removed)`, zh: `数据库外记录的审计记录 ${anchor.seq} 已不存在（有记录被删除）` };
  }
  if (!entry.hash.startsWith(anchor.hashPrefix)) {
    return { en: `audit entry ${anchor.seq} does not have the hash recorded outside the database (the trail up to it was rewritten)`, zh: `审计记录 ${anchor.seq} 的哈希与数据库外记录的不符（此前的记录链被改写）` };
  }
  return undefined;
}
