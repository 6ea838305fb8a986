// Sixteen checklist styles written for this test (not the seeds), each with what a person counts by hand
// (corpus/expectations.ts). Prints per-document precision/recall of items, priority/status/owner accuracy and the
// share of proposed checks right as written; asserts floors and that no planted secret reaches any output.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importMarkdown, renderPlanYaml, type ImportedItem } from '../../src/import/index.js';
import { corpus, type ExpectedDocument, type ExpectedItem } from './corpus/expectations.js';

interface Score {
  file: string;
  expected: number;
  produced: number;
  matched: number;
  precision: number;
  recall: number;
  priority: [number, number];
  status: [number, number];
  owner: [number, number];
  checksRight: number;
  checks: number;
}

function checkRight(actual: ImportedItem['check'], wanted: ExpectedItem['c']): boolean {
  if (actual === null || wanted === undefined) return false;
  const { expect: wantedExpect, ...keys } = wanted;
  if (!Object.entries(keys).every(([key, value]) => isDeepStrictEqual(actual[key], value))) return false;
  return wantedExpect === undefined || isDeepStrictEqual([...(actual.expect ?? [])].sort(), [...wantedExpect].sort());
}

function score(doc: ExpectedDocument, items: readonly ImportedItem[]): Score {
  const free = new Set(items);
  const pairs: [ExpectedItem, ImportedItem][] = [];
  for (const wanted of doc.items) {
    const found = items.find((item) => free.has(item) && item.title.includes(wanted.t));
    if (found === undefined) continue;
    free.delete(found);
    pairs.push([wanted, found]);
  }
  const tally = (field: 'p' | 's' | 'o', get: (item: ImportedItem) => unknown): [number, number] => {
    const judged = pairs.filter(([wanted]) => wanted[field] !== undefined);
    return [judged.filter(([wanted, item]) => get(item) === wanted[field]).length, judged.length];
  };
  const withCheck = items.filter((item) => item.check !== null);
  const right = pairs.filter(([wanted, item]) => item.check !== null && checkRight(item.check, wanted.c)).length;
  return {
    file: doc.file,
    expected: doc.items.length,
    produced: items.length,
    matched: pairs.length,
    precision: items.length === 0 ? 0 : pairs.length / items.length,
    recall: pairs.length / doc.items.length,
    priority: tally('p', (item) => item.priority),
    status: tally('s', (item) => item.status),
    owner: tally('o', (item) => item.owner),
    checksRight: right,
    checks: withCheck.length,
  };
}

const pct = (n: number, d: number) => (d === 0 ? '  -  ' : `${String(Math.round((100 * n) / d)).padStart(3)}%`);

describe('corpus of checklist styles', () => {
  const results = corpus.map((doc) => {
    const text = readFileSync(new URL(`./corpus/${doc.file}`, import.meta.url), 'utf8');
    const result = importMarkdown(text, { file: doc.file });
    return { doc, result, score: score(doc, result.plan.items) };
  });

  it('prints per-document precision, recall, field accuracy and checks right as written', () => {
    const lines = ['document                         items exp  prec  recall prio   status owner  checks right'];
    for (const { score: s } of results) {
      lines.push(
        `${s.file.padEnd(32)} ${String(s.produced).padStart(5)} ${String(s.expected).padStart(3)} ${pct(s.matched, s.produced)} ${pct(s.matched, s.expected)}  ${pct(...s.priority)}  ${pct(...s.status)}  ${pct(...s.owner)}  ${String(s.checks).padStart(3)} ${pct(s.checksRight, s.checks)}`,
      );
    }
    const sum = (get: (s: Score) => number) => results.reduce((total, { score: s }) => total + get(s), 0);
    lines.push(
      `${'all'.padEnd(32)} ${String(sum((s) => s.produced)).padStart(5)} ${String(sum((s) => s.expected)).padStart(3)} ${pct(sum((s) => s.matched), sum((s) => s.produced))} ${pct(sum((s) => s.matched), sum((s) => s.expected))}  ${pct(sum((s) => s.priority[0]), sum((s) => s.priority[1]))}  ${pct(sum((s) => s.status[0]), sum((s) => s.status[1]))}  ${pct(sum((s) => s.owner[0]), sum((s) => s.owner[1]))}  ${String(sum((s) => s.checks)).padStart(3)} ${pct(sum((s) => s.checksRight), sum((s) => s.checks))}`,
    );
    console.log(lines.join('\n'));

    for (const { score: s } of results) {
      expect(s.produced / s.expected, `${s.file}: ${s.produced} items for ${s.expected} counted by hand`).toBeGreaterThanOrEqual(0.85);
      expect(s.produced / s.expected, `${s.file}: ${s.produced} items for ${s.expected} counted by hand`).toBeLessThanOrEqual(1.5);
      expect(s.recall, `${s.file} recall`).toBeGreaterThanOrEqual(0.75);
    }
    expect(sum((s) => s.matched) / sum((s) => s.produced)).toBeGreaterThanOrEqual(0.9);
    expect(sum((s) => s.matched) / sum((s) => s.expected)).toBeGreaterThanOrEqual(0.9);
    expect(sum((s) => s.priority[0]) / sum((s) => s.priority[1])).toBeGreaterThanOrEqual(0.9);
    expect(sum((s) => s.status[0]) / sum((s) => s.status[1])).toBeGreaterThanOrEqual(0.9);
    expect(sum((s) => s.owner[0]) / sum((s) => s.owner[1])).toBeGreaterThanOrEqual(0.9);
    expect(sum((s) => s.checksRight) / sum((s) => s.checks)).toBeGreaterThanOrEqual(0.75);
  });

  it('rollout stages, rollback triggers and sign-offs written in other shapes', () => {
    for (const { doc, result } of results) {
      if (doc.stages !== undefined) expect(result.plan.rollout?.stages?.map((s) => s.percent), doc.file).toEqual(doc.stages);
      if (doc.triggers !== undefined) expect(result.plan.rollout?.rollbackWhen?.length, doc.file).toBe(doc.triggers);
      if (doc.signoffs !== undefined) {
        const titles = result.report.signoffs.map((s) => s.title);
        for (const title of doc.signoffs) expect(titles.some((t) => t.includes(title)), `${doc.file}: sign-off ${title} in ${titles.join(', ')}`).toBe(true);
      }
    }
  });

  it('every planted secret is flagged by line and masked in the plan, the report and the YAML; public ids stay', () => {
    for (const { doc, result } of results) {
      const written = `${JSON.stringify(result)}\n${renderPlanYaml(result)}`;
      for (const secret of doc.secrets ?? []) expect(written.includes(secret), `${doc.file}: ${secret} written in clear`).toBe(false);
      const flagged = result.report.secrets.map((s) => s.line);
      for (const line of doc.secretLines ?? []) expect(flagged, `${doc.file}: line ${line} not flagged`).toContain(line);
      for (const id of doc.publicIds ?? []) {
        expect(written.includes(id), `${doc.file}: public id ${id} lost`).toBe(true);
        const line = readFileSync(new URL(`./corpus/${doc.file}`, import.meta.url), 'utf8').split('\n').findIndex((l) => l.includes(id)) + 1;
        expect(flagged, `${doc.file}: public id on line ${line} flagged`).not.toContain(line);
      }
    }
  });

  it('no env check pins a placeholder, an example value or a masked secret', () => {
    for (const { doc, result } of results) {
      for (const item of result.plan.items) {
        for (const condition of item.check?.expect ?? []) {
          expect(condition, `${doc.file} ${item.title}`).not.toMatch(/example\.com|\.\.\.|•|<[^>]+>|your-?/i);
        }
      }
    }
  });
});
