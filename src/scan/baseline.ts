import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { Finding } from './types.js';

/** A baseline file: accepted findings by fingerprint, with rule and file for reviewers. Never values. */
export const baselineSchema = z.object({
  version: z.literal(1),
  tool: z.literal('golive'),
  findings: z.array(z.object({ fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/), rule: z.string(), file: z.string() })),
});
export type Baseline = z.output<typeof baselineSchema>;

/** Builds the baseline document for today's findings. */
export function baselineOf(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>();
  const entries: Baseline['findings'] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, rule: f.rule, file: f.file });
  }
  entries.sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, tool: 'golive', findings: entries };
}

export async function writeBaseline(file: string, findings: readonly Finding[]): Promise<void> {
  await writeFile(file, `${JSON.stringify(baselineOf(findings), null, 2)}\n`, 'utf8');
}

/** Reads a baseline's fingerprints; a missing or malformed file is a usage error. */
export async function readBaseline(file: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GoliveError('scan.baseline-unreadable', bi(`Cannot read baseline file ${file}`, `无法读取基线文件 ${file}`), { cause });
  }
  let parsed: Baseline;
  try {
    parsed = baselineSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new GoliveError('scan.baseline-invalid', bi(`Baseline file ${file} is not a golive baseline`, `基线文件 ${file} 不是 golive 基线格式`), { cause });
  }
  return new Set(parsed.findings.map((f) => f.fingerprint));
}
