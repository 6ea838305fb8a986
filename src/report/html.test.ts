import { describe, expect, it } from 'vitest';
import { bi } from '../core/text.js';
import { fixtureView } from './__fixtures__/run-view.js';
import { renderHtml } from './html.js';
import type { RunView } from './run-view.js';

function withHostileEvidence(view: RunView): RunView {
  const hostile = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
  return {
    ...view,
    items: view.items.map((itemView, index) =>
      index === 0
        ? { ...itemView, result: { ...itemView.result, status: 'fail', evidence: { target: hostile, reason: bi(hostile, hostile), observed: { body: hostile } } } }
        : itemView,
    ),
  };
}

describe('html reporter', () => {
  it('escapes hostile text from evidence everywhere', () => {
    const html = renderHtml(withHostileEvidence(fixtureView()), 'en');

    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
  });

  it('is one self-contained file: inline style, no script, no external asset', () => {
    const html = renderHtml(fixtureView(), 'en');

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<(script|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('sets lang for the locale and shows the gate banner with every reason', () => {
    const html = renderHtml(fixtureView(), 'zh-CN');

    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<div class="gate failed"><strong>闸门未通过：暂不可上线</strong>');
    expect(html).toContain('<li>缺少签字确认：tech-lead (技术负责人 / Tech lead)</li>');
    expect(html).toContain('<li>就绪度评分 2.7/10 低于门槛 8</li>');
  });

  it('shows score bars, evidence in <details> (failures open) and manual items with method and expected result', () => {
    const html = renderHtml(fixtureView(), 'en');

    expect(html).toContain('<div class="bar"><div class="lo" style="width:41%"></div></div>');
    expect(html).toMatch(/<div class="item fail">.*?<details open><summary>Evidence: \.env\.production JWT_SECRET<\/summary>/s);
    expect(html).toMatch(/<div class="item pending">.*?<dt>How to verify: <\/dt><dd>微信公众平台 → 开发管理 → 开发设置 → 服务器域名<\/dd><dt>Expected: <\/dt><dd>request 合法域名只有 https:\/\/api\.example\.com<\/dd>/s);
  });
});
