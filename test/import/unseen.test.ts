// Documents in styles the seeds do not use; expected values counted by hand in test/import/fixtures/.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMarkdown, renderPlanYaml } from '../../src/import/index.js';
import { lintPlan } from '../../src/plan/lint.js';
import { parsePlanDocument } from '../../src/plan/document.js';

function load(name: string) {
  const file = new URL(`./fixtures/${name}`, import.meta.url);
  return importMarkdown(readFileSync(file, 'utf8'), { file: name });
}

function lintErrors(result: ReturnType<typeof load>) {
  const doc = parsePlanDocument(renderPlanYaml(result), 'golive.yaml');
  return lintPlan(doc, { knownVariables: new Set(Object.keys(result.plan.variables ?? {})) }).problems.filter((p) => p.severity === 'error');
}

describe('checklists in other styles', () => {
  it('numbered □/■ boxes, 【必须】/【建议】, 负责人：, a table with other column names, alert thresholds, a sign-off line', () => {
    const result = load('boxes-zh.md');

    expect(result.plan.items.map((i) => [i.source.line, i.status, i.priority])).toEqual([
      [5, 'todo', 'blocker'],
      [6, 'done', 'blocker'],
      [7, 'todo', 'medium'],
      [8, 'todo', 'medium'],
      [14, 'todo', 'medium'],
      [15, 'todo', 'medium'],
      [16, 'todo', 'medium'],
    ]);
    expect(result.plan.items[0]).toMatchObject({ title: '确认 JWT_SECRET 长度至少 32 位', owner: '周工', phase: 'prepare', window: 'T-1d' });
    expect(result.plan.items[0]?.check?.expect).toContain('len >= 32');
    expect(result.plan.items[2]?.check).toEqual({ kind: 'files', leftovers: ['console'], expect: ['count == 0'] });
    expect(result.plan.items[4]).toMatchObject({ phase: 'deploy', owner: '周工', window: 'T 10:00-11:00', check: { kind: 'command', run: ['npm', 'test'] } });
    expect(result.plan.rollout?.stages).toEqual([
      { percent: 5, hold: '2h', manual: '灰度发布给 5% 用户' },
      { percent: 100, manual: '观察 2 小时后全量发布' },
    ]);
    expect(result.plan.rollout?.rollbackWhen).toEqual([
      { condition: 'api_error_rate > 2%', for: '5m', description: '接口错误率持续 5 分钟超过 2%' },
      { condition: 'success_rate < 99%', description: '支付成功率低于 99%' },
    ]);
    expect(result.plan.monitors?.map((m) => [m.metric, m.threshold, m.notify])).toEqual([
      ['CPU', 'value <= 85%', ['企业微信']],
      ['磁盘剩余', 'value >= 15%', ['企业微信']],
    ]);
    expect(result.report.signoffs.map((s) => s.title)).toEqual(['审核人']);
    expect(lintErrors(result)).toEqual([]);
  });

  it('English with [P0]…[P3], @owner mentions resolved to roles, a step table, rollback triggers with for, a guard, sign-offs', () => {
    const result = load('english-p0.md');

    expect(result.plan.items.map((i) => i.priority)).toEqual(['blocker', 'blocker', 'high', 'medium', 'low', 'medium', 'medium']);
    expect(result.plan.items.map((i) => i.owner)).toEqual(['tech-lead', 'qa', 'tech-lead', null, null, 'qa', 'tech-lead']);
    expect(result.plan.items[0]?.check).toMatchObject({ kind: 'env', name: 'ADMIN_JWT_SECRET', differsFrom: 'JWT_SECRET' });
    expect(result.plan.items[1]).toMatchObject({ status: 'done', check: { kind: 'tls', host: '${API_DOMAIN}' } });
    expect(result.plan.items[2]?.check).toEqual({ kind: 'http', url: 'https://${API_DOMAIN}/healthz', expect: ['status == 200', 'body.status == "ok"'] });
    expect(result.plan.items[6]?.check).toMatchObject({ kind: 'command', run: ['go', 'test', './...'] });
    expect(result.plan.rollout?.rollbackWhen?.map((t) => [t.condition, t.for])).toEqual([
      ['error_rate > 1%', '5m'],
      ['latency > 800ms', '10m'],
    ]);
    expect(result.plan.guards).toEqual([
      { command: 'docker compose down -v', action: 'forbid', reason: 'Never run docker compose down -v on production.', source: { file: 'english-p0.md', line: 18 } },
    ]);
    expect(result.plan.roles?.map((r) => [r.id, r.name, r.signoff])).toEqual([
      ['tech-lead', 'Alice', true],
      ['qa', 'Bob', true],
    ]);
    expect(result.plan.variables).toEqual({ API_DOMAIN: { description: '<API_DOMAIN> (L6, L7)', required: true, example: 'api.example.com' } });
    expect(lintErrors(result)).toEqual([]);
  });

  it('emoji section markers, ✅/❌/⚠️ lines, a risk table with other headers, a daily inspection window', () => {
    const result = load('emoji-sections.md');

    expect(result.plan.items.map((i) => [i.priority, i.status])).toEqual([
      ['high', 'done'],
      ['high', 'failed'],
      ['high', 'warn'],
      ['medium', 'todo'],
      ['low', 'todo'],
      ['medium', 'todo'],
      ['medium', 'todo'],
    ]);
    expect(result.plan.risks).toEqual([{ risk: '支付回调失败', probability: '中', impact: '高', mitigation: '补单脚本', source: { file: 'emoji-sections.md', line: 21 } }]);
    expect(result.plan.inspections).toEqual([
      { id: 's5-launch-daily', title: '上线后每日巡检（T+0 ~ T+7）', schedule: 'daily 09:00', for: '7d', items: ['s5-01-error-log', 's5-02-check-backup-file'], source: { file: 'emoji-sections.md', line: 23 } },
    ]);
    expect(lintErrors(result)).toEqual([]);
  });
});
