import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { keyId, requireScanKey, scanKeyVariable } from './scan-key.js';
import type { Finding } from './types.js';

const entries = z.array(z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/), rule: z.string(), file: z.string() }));

/**
 * A baseline file: accepted findings by keyed fingerprint, with rule and file for reviewers. Never values, never the
 * key; `keyId` tells which key wrote it, so a scan with another key says so instead of failing on every finding.
 */
export const baselineSchema = z.object({
  version: z.literal(2),
  tool: z.literal('golive'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  findings: entries,
});
export type Baseline = z.output<typeof baselineSchema>;

/** Version 1 (until 2026-12) hashed the value without a key; it is recognised only to say how to migrate. */
const legacySchema = z.object({ version: z.literal(1), tool: z.literal('golive'), findings: entries });

/** Builds the baseline document for today's findings (their fingerprints were keyed with `key`). */
export function baselineOf(findings: readonly Finding[], key: string): Baseline {
  const seen = new Set<string>();
  const list: Baseline['findings'] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    list.push({ fingerprint: f.fingerprint, rule: f.rule, file: f.file });
  }
  list.sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 2, tool: 'golive', keyId: keyId(key), findings: list };
}

/** Writes a baseline; without a key there is none to write (unkeyed fingerprints of secrets are not stable enough). */
export async function writeBaseline(file: string, findings: readonly Finding[], key: string | undefined): Promise<void> {
  await writeFile(file, `${JSON.stringify(baselineOf(findings, requireScanKey(key, file)), null, 2)}\n`, 'utf8');
}

/**
 * Reads a baseline's fingerprints. A missing or malformed file, a missing or different key and a version-1 file are
 * usage errors with a message saying what to do.
 */
export async function readBaseline(file: string, key: string | undefined): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GoliveError('scan.baseline-unreadable', bi(`Cannot read baseline file ${file}`, `无法读取基线文件 ${file}`), { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new GoliveError('scan.baseline-invalid', bi(`Baseline file ${file} is not a golive baseline`, `基线文件 ${file} 不是 golive 基线格式`), { cause });
  }
  if (legacySchema.safeParse(doc).success) {
    throw new GoliveError(
      'scan.baseline-unkeyed',
      bi(
        `Baseline ${file} is version 1: its fingerprints are unkeyed, so a weak password in it could be guessed back. Rewrite it once with a team key: ${scanKeyVariable}=… golive scan --write-baseline ${file} (review the findings first).`,
        `基线 ${file} 是第 1 版：指纹未加密钥，弱密码可能被猜出。请用团队密钥重写一次：${scanKeyVariable}=… golive scan --write-baseline ${file}（先检查发现项）。`,
      ),
    );
  }
  const parsed = baselineSchema.safeParse(doc);
  if (!parsed.success) {
    throw new GoliveError('scan.baseline-invalid', bi(`Baseline file ${file} is not a golive baseline`, `基线文件 ${file} 不是 golive 基线格式`), { cause: parsed.error });
  }
  const own = requireScanKey(key, file);
  if (parsed.data.keyId !== keyId(own)) {
    throw new GoliveError(
      'scan.baseline-key-mismatch',
      bi(
        `Baseline ${file} was written with another fingerprint key (key id ${parsed.data.keyId}, yours ${keyId(own)}): use the team's ${scanKeyVariable}.`,
        `基线 ${file} 是用另一个指纹密钥写的（密钥 id ${parsed.data.keyId}，当前 ${keyId(own)}）：请使用团队的 ${scanKeyVariable}。`,
      ),
    );
  }
  return new Set(parsed.data.findings.map((f) => f.fingerprint));
}
