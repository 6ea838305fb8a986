import { describe, expect, it } from 'vitest';
import { fixtureResults, fixtureView } from './__fixtures__/run-view.js';
import { jsonReporter } from './json.js';

function item(id: string, rest: Record<string, unknown>) {
  const result = fixtureResults.find((candidate) => candidate.itemId === id)!;
  return { id, ...rest, status: result.status, evidence: result.evidence, durationMs: result.durationMs, attempts: result.attempts };
}

describe('json reporter', () => {
  it('writes exactly the contract of `golive check --format json`, gate reasons in the locale', () => {
    const view = fixtureView();

    const parsed: unknown = JSON.parse(jsonReporter.render(view, 'zh-CN'));

    expect(parsed).toEqual({
      run: {
        id: 'chk-20260213-1000',
        plan: '茂名文旅 backend',
        environment: 'production',
        release: 'v1.2.3-20260213',
        score: {
          overall: 2.7,
          categories: {
            backend: { score: 4.1, passed: 1, total: 4, weight: 2, waived: 0 },
            security: { score: 0, passed: 0, total: 3, weight: 1, waived: 1 },
          },
        },
        gate: {
          passed: false,
          reasons: ['阻塞项 rds-host（数据库连接的是阿里云 RDS）无法检查（出错）', '缺少签字确认：tech-lead (技术负责人 / Tech lead)', '就绪度评分 2.7/10 低于门槛 8'],
        },
        items: [
          item('healthz', { title: '健康检查返回 ok', phase: 'verify', category: 'backend', priority: 'blocker', owner: 'ops' }),
          item('jwt-strong', { title: 'JWT_SECRET 至少 32 位', phase: 'prepare', category: 'security', priority: 'high', owner: 'tech-lead' }),
          item('log-level', { title: 'Log level is warn or error', phase: 'prepare', category: 'backend', priority: 'medium', owner: null }),
          item('rds-host', { title: '数据库连接的是阿里云 RDS', phase: 'prepare', category: 'backend', priority: 'blocker', owner: 'ops' }),
          item('redis-closed', { title: 'Redis 端口不对外开放', phase: 'deploy', category: 'security', priority: 'blocker', owner: 'ops' }),
          item('no-leftovers', { title: 'No console.log or debug switches left', phase: 'prepare', category: 'security', priority: 'medium', owner: null }),
          item('backup-fresh', { title: '备份在 26 小时内', phase: 'deploy', category: 'backend', priority: 'low', owner: null }),
          item('wechat-domains', { title: '小程序后台服务器域名已切换为正式域名', phase: 'verify', category: 'backend', priority: 'high', owner: 'qa' }),
        ],
        signoffs: [{ role: 'qa', by: '王工', at: '2026-02-13T09:55:00.000Z', valid: true }],
      },
    });
  });

  it('keeps a stable key order and pretty-prints', () => {
    const text = jsonReporter.render(fixtureView(), 'en');

    const parsed = JSON.parse(text) as { run: Record<string, unknown> & { items: Record<string, unknown>[] } };

    expect(Object.keys(parsed.run)).toEqual(['id', 'plan', 'environment', 'release', 'score', 'gate', 'items', 'signoffs']);
    expect(Object.keys(parsed.run.items[0]!)).toEqual(['id', 'title', 'phase', 'category', 'priority', 'owner', 'status', 'evidence', 'durationMs', 'attempts']);
    expect(text.startsWith('{\n  "run": {\n    "id": ')).toBe(true);
  });

  it('applies the defaults for items that name no phase, category or priority', () => {
    const view = fixtureView();
    const bare = { ...view.items[0]!, item: { id: 'bare', title: 'Bare item' } };

    const parsed = JSON.parse(jsonReporter.render({ ...view, plan: { ...view.plan, phases: undefined }, items: [bare] }, 'en')) as { run: { items: Record<string, unknown>[] } };

    expect(parsed.run.items[0]).toMatchObject({ id: 'bare', phase: 'prepare', category: 'general', priority: 'medium', owner: null });
  });
});
