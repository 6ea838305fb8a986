// golive import as a user runs it: the plan on stdout (or in -o), the summary a person reads on stderr.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const corpus = fileURLToPath(new URL('./corpus/', import.meta.url));
const planted = ['sk-proj-Zq81NvT4kWc2mXpB7rLs9DfG', 'P@ssw0rd123', 'Adm1n!2026x', 'Vb7rT2pLx9'];

describe('golive import', () => {
  it('--format json keeps the { plan, report } contract, no planted secret on any stream, and ends with a summary', async () => {
    const run = await runCli(['import', join(corpus, '12-zh-secrets.md'), '--format', 'json']);

    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { plan: { items: { id: string; title: string; check: unknown; source: { line: number } }[] }; report: { secrets: { line: number; rule: string; preview: string }[] } };
    expect(json.plan.items.every((item) => item.id !== '' && 'check' in item && item.source.line > 0)).toBe(true);
    expect(json.report.secrets.map((s) => s.line)).toEqual([5, 9, 15, 17]);
    for (const secret of planted) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stderr).toContain('5 items');
    expect(run.stderr).toContain('items left manual');
    expect(run.stderr).toContain('⚠ SECRETS: 4 line(s) of the document hold a secret (L5, L9, L15, L17)');
    expect(run.stderr).toContain('line(s) not placed');
  });

  it('-o writes YAML; the summary counts proposed checks by kind, in Chinese under LANG=zh_CN', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'golive-import-'));
    const run = await runCli(['import', join(corpus, '06-en-tables.md'), '-o', 'golive.yaml'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(await readFile(join(dir, 'golive.yaml'), 'utf8')).toContain('url: https://${API_DOMAIN}/api/health');
    expect(run.stderr).toContain('建议的自动检查 4 个（command 1, env 2, http 1）');
    expect(run.stderr).toContain('3 项保持人工检查');
    expect(run.stderr).toContain('脱敏的机密：未发现');
  });

  it('a file that is not there: one bilingual line, exit code 2, no stack trace', async () => {
    const run = await runCli(['import', '/nonexistent/checklist.md']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read /nonexistent/checklist.md');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
