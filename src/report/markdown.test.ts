import { describe, expect, it } from 'vitest';
import { fixtureView } from './__fixtures__/run-view.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';

describe('markdown reporter', () => {
  it('ticks passing items and leaves the others open, with status and evidence under them', () => {
    const markdown = renderMarkdown(fixtureView(), 'en');

    expect(markdown).toContain('- [x] **healthz** 健康检查返回 ok — ✅ pass · blocker · backend · @ops · 91ms');
    expect(markdown).toContain('- [x] **log-level** Log level is warn or error — ⚠️ warn');
    expect(markdown).toContain('- [ ] **jwt-strong** JWT\\_SECRET 至少 32 位 — ❌ fail · high · security · @tech-lead · 3ms');
    expect(markdown).toContain('  - len: expected \\>= 32, got 12');
    expect(markdown).toContain('- [ ] **wechat-domains** 小程序后台服务器域名已切换为正式域名 — ⏳ pending · high · backend · @qa\n  - How to verify: 微信公众平台');
  });

  it('has a heading per phase in plan order, then score, gate and sign-off sections', () => {
    const markdown = renderMarkdown(fixtureView(), 'zh-CN');

    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));

    expect(headings).toEqual([
      '# 上线报告：茂名文旅 backend',
      '## 上线闸门',
      '## 就绪度评分：2.7/10',
      '## Prepare / 上线前准备 (T-1d)',
      '## Deploy / 部署执行',
      '## Verify / 上线验证',
      '## 签字确认',
    ]);
  });

  it('escapes | in table cells so the score table keeps its columns', () => {
    const markdown = renderMarkdown(fixtureView(), 'en');

    const row = markdown.split('\n').find((line) => line.startsWith('| Security'));

    expect(row).toBe('| Security \\| 安全 | 0.0 | 0/3 | 1 |');
  });

  it('keeps HTML in evidence from becoming markup', () => {
    expect(escapeMarkdown('<script>x</script> | *a*')).toBe('\\<script\\>x\\</script\\> \\| \\*a\\*');
  });
});
