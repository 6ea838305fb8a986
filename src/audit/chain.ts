import type { Bilingual } from '../core/text.js';
import { canonicalJson, sha256 } from '../core/digest.js';

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

/** sha256 over the previous hash followed by the canonical JSON of the entry. */
export function hashEntry(prevHash: string, content: AuditContent): string {
  const { seq, at, actor, action, runId, subject, data } = content;
  return sha256(prevHash + canonicalJson({ seq, at, actor, action, runId, subject, data }));
}

/** Walks a chain page by page and collects every break; feed entries in seq order. */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = genesisHash;
  #entries = 0;
  readonly problems: Bilingual[] = [];

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
    if (hashEntry(entry.prevHash, entry) !== entry.hash) {
      this.problems.push({ en: `audit entry ${entry.seq} (${entry.action}): content does not match its hash (modified)`, zh: `审计记录 ${entry.seq}（${entry.action}）：内容与哈希不符（已被修改）` });
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
