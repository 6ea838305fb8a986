// `golive import` on a 10,000-line checklist built from the five seeds, beside two bare parses of the same text:
// remark (GFM), the parser the import used before, and markdown-it as the import sets it up, without the conversion
// to mdast. Target (issue 3): under 1 s for the import. Needs the build (`npx tsc -p tsconfig.build.json`): imports dist/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const seedsDir = [join(repo, '..', 'shared', 'seeds'), '/work/shared/seeds'].find((dir) => existsSync(dir));
if (seedsDir === undefined) throw new Error('cannot find the seed checklists (../shared/seeds or /work/shared/seeds)');
const dist = process.env.GOLIVE_DIST ?? join(repo, 'dist');
const { importMarkdown } = await import(join(dist, 'import', 'index.js'));
const { remarkLikeMarkdownIt } = await import(join(dist, 'import', 'remark-like-markdown-it.js'));

const seeds = readdirSync(seedsDir).sort().map((file) => readFileSync(join(seedsDir, file), 'utf8'));
const targetLines = 10_000;
const parts = [];
let lines = 0;
for (let round = 1; lines < targetLines; round += 1) {
  for (const seed of seeds) {
    // Each copy becomes its own numbered part so ids and sections stay distinct.
    const body = seed.replace(/^# .*$/m, `## Part ${round}.${parts.length + 1}`).replace(/^(#{2,5}) /gm, '#$1 ');
    parts.push(body);
    lines += body.split('\n').length;
    if (lines >= targetLines) break;
  }
}
const text = `# Generated checklist\n\n${parts.join('\n\n')}`.split('\n').slice(0, targetLines).join('\n');

const parser = unified().use(remarkParse).use(remarkGfm);
function time(fn, runs = 5) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const parseMs = time(() => parser.parse(text));
const markdownItMs = time(() => remarkLikeMarkdownIt.parse(text, {}));
let result;
const importMs = time(() => {
  result = importMarkdown(text, { file: 'generated.md' });
});
const counts = result.report.counts;
console.log(`input: ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`remark parse (baseline): ${parseMs.toFixed(0)} ms (median of 5)`);
console.log(`markdown-it parse:       ${markdownItMs.toFixed(0)} ms (median of 5)`);
console.log(`golive import:           ${importMs.toFixed(0)} ms (median of 5) = ${(importMs / parseMs).toFixed(2)}× the remark parse`);
console.log(`imported: ${counts.items} items, ${counts.proposedChecks} proposed checks, ${counts.monitors} monitors, ${counts.secrets} secrets, ${counts.unrecognized} unrecognised`);
console.log(importMs < 1000 ? 'target met: under 1 s' : `target missed: ${importMs.toFixed(0)} ms ≥ 1000 ms`);
process.exitCode = importMs < 1000 ? 0 : 1;
