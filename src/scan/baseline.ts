import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { GoliveError } from '../errors.js';
import { bi } from '../i18n/text.js';
import type { Finding } from './types.js';

/**
 * The environment variable holding the team's fingerprint key. Baselines are committed; the key is not: it lives where
 * the team keeps secrets (a CI secret, each member's shell or direnv), so a weak password in a committed baseline cannot
 * be guessed back from its fingerprint by someone who only has the repository.
 */
export const scanKeyVariable = 'GOLIVE_SCAN_KEY';
const minKeyLength = 16;

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

/** A short public name for a key: an HMAC of a fixed text, so it reveals nothing about the key. */
export function keyId(key: string): string {
  return createHmac('sha256', key).update('golive scan baseline key id').digest('hex').slice(0, 16);
}

const keyHelp = bi(
  `Set ${scanKeyVariable} to a random value your team shares (e.g. \`openssl rand -hex 32\`), kept out of the repository: a CI secret and each member's environment.`,
  `请把 ${scanKeyVariable} 设为团队共享的随机值（例如 \`openssl rand -hex 32\`），不要提交到仓库：放在 CI 密钥和每位成员的环境变量中。`,
);

/** The fingerprint key from an environment, checked; undefined when the variable is unset. */
export function scanKeyFrom(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[scanKeyVariable];
  if (key === undefined || key === '') return undefined;
  if (key.length < minKeyLength) {
    throw new GoliveError(
      'scan.key-too-short',
      bi(`${scanKeyVariable} is shorter than ${minKeyLength} characters. ${keyHelp.en}`, `${scanKeyVariable} 少于 ${minKeyLength} 个字符。${keyHelp.zh}`),
    );
  }
  return key;
}

/** The key, or a usage error saying how to set one: a baseline cannot be written or read without it. */
export function requireScanKey(key: string | undefined, file: string): string {
  if (key !== undefined) return key;
  throw new GoliveError(
    'scan.baseline-key-missing',
    bi(`Baseline ${file} needs a fingerprint key. ${keyHelp.en}`, `基线 ${file} 需要指纹密钥。${keyHelp.zh}`),
  );
}

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
