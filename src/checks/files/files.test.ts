import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { filesKind, type FilesCheck } from './index.js';

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Line `n` of a file holds `text`; the lines before it are filler. */
function atLine(n: number, text: string): string {
  return `${Array.from({ length: n - 1 }, (_, i) => `<view class="row-${i}"></view>`).join('\n')}\n${text}\n`;
}

// No `hanging` target: the tree is local and the scan engine has no remote side that could stop answering.
describeCheckKindConformance(filesKind, async () => {
  const root = await mkdtemp(join(tmpdir(), 'golive-files-conf-'));
  await writeTree(join(root, 'clean'), { 'pages/index/index.js': "Page({ onLoad() { this.setData({ ready: true }); } });\n" });
  await writeTree(join(root, 'dirty'), { 'pages/index/index.js': "Page({ onLoad() { console.log('user', this.data); } });\n" });
  return {
    passing: { kind: 'files' as const, path: join(root, 'clean'), leftovers: true },
    failing: { kind: 'files' as const, path: join(root, 'dirty'), leftovers: ['console' as const], expect: ['count == 0'] },
    teardown: () => rm(root, { recursive: true, force: true }),
  };
});

describe('files kind', () => {
  let root: string;

  // The scan engine masks a credential in a match's preview before the kind sees it, so there is no value for the
  // run's secret set to discover here (the conformance suite's secret case needs one the probe shows).
  it('never shows a credential on a matched line, not even to the runner', async () => {
    const value = 'correct-horse-battery-staple-42';
    await writeTree(join(root, 'leaky'), { 'config/team.js': `module.exports = { motto: 'be kind', deployPassword: '${value}' };\n` });

    const raw = await probe({ path: join(root, 'leaky'), patterns: [{ id: 'motto', literal: 'motto', severity: 'high' as const }] });

    expect(raw.facts.count).toBe(1);
    expect(JSON.stringify([raw.facts, raw.evidence])).not.toContain(value);
    expect(JSON.stringify(raw.evidence)).toContain('deployPassword');
  });
  const run = (spec: Omit<FilesCheck, 'kind'>) => runCheck(filesKind, { kind: 'files', ...spec }, { planDir: root, variables: {}, secrets: createSecretSet() });
  const probe = (spec: Omit<FilesCheck, 'kind'>) =>
    filesKind.probe({ kind: 'files', ...spec }, { signal: new AbortController().signal, planDir: root, variables: {}, logger: { debug() {}, info() {}, warn() {} } });
  const commission = [{ id: 'hardcoded-commission', regex: '\\d+%', paths: ['pages/distribution/*.wxml'], severity: 'high' as const }];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'golive-files-'));
    // Seed 001 §8: qianduan/pages/distribution/invite.wxml:45,49 硬编码 "10%" 和 "5%".
    await writeTree(join(root, 'qianduan'), {
      'pages/distribution/invite.wxml': `${atLine(45, '<text>直推奖励: 10%</text>').trimEnd()}\n<view/>\n<view/>\n<view/>\n<text>间推奖励: 5%</text>\n`,
      'pages/distribution/invite.wxss': '.bar { width: 100%; }\n',
      'pages/goods/detail.wxml': '<text>限时 50% 折扣</text>\n',
      'pages/index/index.js': "Page({\n  onLoad() {\n    console.log('debug', this.data);\n  },\n});\n",
      'utils/request.js': "// TODO: retry on 502\nconst BASE_URL = 'https://api.example.cn';\n",
      'tests/index.test.js': "console.log('test output is fine');\n",
      '.gitignore': 'dist/\n',
      'dist/bundle.js': "console.log('built');\n",
    });
    await writeTree(join(root, 'fixed'), {
      'pages/distribution/invite.wxml': '<text>直推奖励: {{directCommissionRate}}%</text>\n',
      'pages/index/index.js': 'Page({});\n',
    });
    await writeTree(join(root, 'many'), {
      'pages/index/index.js': Array.from({ length: 60 }, (_, i) => `console.log(${i});`).join('\n'),
    });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds seed 001 hard-coded commission rates at invite.wxml:45 and :49, and nowhere else', async () => {
    const outcome = await run({ path: 'qianduan', patterns: commission, expect: ['count == 0'] });
    const { facts } = await probe({ path: 'qianduan', patterns: commission });

    expect(outcome.status).toBe('fail');
    expect(facts).toMatchObject({
      count: 2,
      matches: ['pages/distribution/invite.wxml:45', 'pages/distribution/invite.wxml:49'],
      by_pattern: { 'hardcoded-commission': 2 },
    });
  });

  it('passes once the rate comes from the config API ({{directCommissionRate}}%)', async () => {
    const outcome = await run({ path: 'fixed', patterns: commission });

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('finds console.log in shipped code but not in tests or ignored build output (seed 001: 无 console.log 调试代码)', async () => {
    const { facts } = await probe({ path: 'qianduan', leftovers: ['console'] });

    expect(facts).toMatchObject({ count: 1, matches: ['pages/index/index.js:3'], by_pattern: { 'console-log': 1 } });
  });

  it('runs every leftover group with `leftovers: true` (seed 001: 所有 TODO 注释已处理)', async () => {
    const { facts } = await probe({ path: 'qianduan', leftovers: true });

    expect(facts.by_pattern).toMatchObject({ 'console-log': 1, 'todo-marker': 1 });
    expect(facts.matches).toContain('utils/request.js:1');
  });

  it('combines custom patterns with leftovers', async () => {
    const { facts } = await probe({ path: 'qianduan', leftovers: ['todo'], patterns: commission });

    expect(facts.by_pattern).toEqual({ 'hardcoded-commission': 2, 'todo-marker': 1 });
  });

  it('leaves out paths given in `ignore`', async () => {
    const { facts } = await probe({ path: 'qianduan', leftovers: ['console'], ignore: ['pages/index/'] });

    expect(facts.count).toBe(0);
  });

  it('caps matches at 50 but counts them all', async () => {
    const { facts } = await probe({ path: 'many', leftovers: ['console'] });

    expect(facts.count).toBe(60);
    expect(facts.matches).toHaveLength(50);
  });

  it('is an error naming the path when the tree does not exist', async () => {
    const outcome = await run({ path: 'no-such-tree', leftovers: true });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toContain('no-such-tree');
    expect(outcome.evidence.reason?.zh).toContain('no-such-tree');
  });

  it('rejects plans that look for nothing or give broken patterns', () => {
    const parse = (spec: Record<string, unknown>) => filesKind.schema.safeParse({ kind: 'files', ...spec }).success;

    expect(parse({})).toBe(false);
    expect(parse({ leftovers: false })).toBe(false);
    expect(parse({ leftovers: ['console', 'nope'] })).toBe(false);
    expect(parse({ patterns: [{ id: 'a', regex: '(' }] })).toBe(false);
    expect(parse({ patterns: [{ id: 'a', regex: 'x', literal: 'x' }] })).toBe(false);
    expect(parse({ patterns: [{ id: 'a', literal: 'x' }, { id: 'a', literal: 'y' }] })).toBe(false);
    expect(parse({ leftovers: 'true' })).toBe(true);
    expect(parse({ patterns: [{ id: 'hardcoded-commission', regex: '\\d+%', paths: ['pages/distribution/*.wxml'] }] })).toBe(true);
  });
});
