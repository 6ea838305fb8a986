import { readSeed } from './_seeds.js';
import { describe, expect, it } from 'vitest';
import { exportMarkdown } from '../../src/export/index.js';
import { importMarkdown } from '../../src/import/index.js';

const seed = readSeed('s003');

describe('export to Markdown', () => {
  it('writes headings per phase, ticks done items, and tables for monitors, roles and risks; importing it again keeps the counts', () => {
    const { plan } = importMarkdown(seed, { file: 'seed-003.md' });

    const markdown = exportMarkdown(plan);
    const again = importMarkdown(markdown, { file: 'exported.md' });

    expect(markdown).toContain('## Prepare / 上线前准备');
    expect(markdown).toContain('- [x] [P2] 前端代码已修复所有P0/P1级缺陷 <!-- s2-1-01-frontend-code-p0 -->');
    expect(markdown).toContain('@dev-engineer');
    expect(markdown).toContain('| 错误率 | value <= 0.1% |');
    expect(markdown).toContain('| 计划审核人 | 张工 |  | ☐ |');
    expect(again.report.counts.items).toBe(plan.items.length);
    expect(again.report.counts.monitors).toBe(plan.monitors?.length);
    expect(again.report.counts.roles).toBe(plan.roles?.length);
    expect(again.report.counts.signoffs).toBe(2);
    // Export groups items by phase, so compare them in a fixed order.
    const summary = (items: typeof plan.items) => items.map((i) => [i.title, i.status, i.priority, i.owner].join(' | ')).sort();
    expect(summary(again.plan.items)).toEqual(summary(plan.items));
  });

  it('ticks items from a run\'s results with their evidence', () => {
    const { plan } = importMarkdown('## 上线前\n\n- [ ] 健康检查 `curl https://api.example.com/healthz`\n- [ ] 备份\n', { file: 'x.md' });

    const markdown = exportMarkdown(plan, { results: { [plan.items[0]!.id]: { status: 'pass', evidence: 'HTTP 200 in 83ms' }, [plan.items[1]!.id]: { status: 'fail' } } });

    expect(markdown).toContain('- [x] ✅ [P2] 健康检查 curl https://api.example.com/healthz <!-- s1-01-check-curl-https -->');
    expect(markdown).toContain('  - evidence: HTTP 200 in 83ms');
    expect(markdown).toContain('- [ ] ❌ [P2] 备份 <!-- s1-02-backup -->');
  });
});
