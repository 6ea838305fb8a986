// Golden tests: every number below was counted by hand in the seed documents (see comments), not copied from output.
import { describe, expect, it } from 'vitest';
import { importMarkdown, planFileOf, renderPlanYaml, type ImportResult } from '../../src/import/index.js';
import { parseCondition } from '../../src/expect/index.js';
import { findCheckKind } from '../../src/checks/registry.js';
import { lintPlan } from '../../src/plan/lint.js';
import { parsePlanDocument } from '../../src/plan/document.js';
import { loadSeed as load, proposedCheckCounts, seedFiles as files, seedNames } from './_seeds.js';

function item(result: ImportResult, line: number) {
  const found = result.plan.items.filter((i) => i.source.line === line);
  expect(found.length, `an item at L${line}`).toBeGreaterThan(0);
  return found[0]!;
}

function itemsBetween(result: ImportResult, from: number, to: number) {
  return result.plan.items.filter((i) => i.source.line >= from && i.source.line <= to);
}

describe('seed checklists', () => {
  it('000: 17 task items, 6 quick-check rows, 5 pitfalls; 必查/必看 are blockers; 3 secrets redacted', () => {
    const { text, result } = load('s000');

    // Sections 1–5 hold 3, 2, 5, 3 and 4 task items (L12–L90); the table has 6 rows; 常见遗漏点 has 5 numbered lines.
    expect(itemsBetween(result, 11, 23)).toHaveLength(3);
    expect(itemsBetween(result, 26, 36)).toHaveLength(2);
    expect(itemsBetween(result, 39, 58)).toHaveLength(5);
    expect(itemsBetween(result, 61, 72)).toHaveLength(3);
    expect(itemsBetween(result, 75, 93)).toHaveLength(4);
    expect(itemsBetween(result, 100, 105)).toHaveLength(6);
    expect(itemsBetween(result, 111, 115)).toHaveLength(5);
    expect(result.report.counts.items).toBe(28);
    expect(result.report.counts.blockers).toBe(23);
    expect(item(result, 62).phase).toBe('deploy');
    expect(item(result, 76).phase).toBe('verify');
    expect(item(result, 111)).toMatchObject({ title: '只改了小程序域名，忘记改后端库', why: '导致测试数据混入生产库，或生产数据读取失败' });

    // Proposed checks the issue names: docker env (L51), tag format (L64), log level one-of (L105), RDS host shape (L29).
    expect(item(result, 47).check).toEqual({ kind: 'env', container: 'xinyi-wenlu-backend', name: 'TENCENT_MAP_KEY', expect: ['present == true', 'empty == false', 'is_placeholder == false'] });
    expect(item(result, 62).check).toEqual({ kind: 'git', expect: ['head_tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/'] });
    expect(item(result, 105).check?.expect).toEqual(['lower(value) in ["error", "warn"]']);
    expect(item(result, 27).check?.expect).toEqual(['value matches /^rm-[a-z0-9]+\\.mysql\\.rds\\.aliyuncs\\.com$/']);

    // L87 and L103 carry the map key, L145 the root password.
    expect(result.report.secrets.map((s) => [s.line, s.rule])).toEqual([
      [87, 'tencent-map-key'],
      [103, 'tencent-map-key'],
      [145, 'server-credentials'],
    ]);
    const output = JSON.stringify(result) + renderPlanYaml(result);
    expect(output).not.toContain('RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE');
    expect(output).not.toContain('nrftI5r4ag9qAGvk');
    expect(text).toContain('nrftI5r4ag9qAGvk');
  });

  it('001: blockers, work packages, 17 env variables, claimed scores, monitors, risks, sign-offs', () => {
    const { result } = load('s001');

    // 阻塞项 §1: section + 6 tasks; §2: section + 17 env lines (L65–L87) + 7 tasks; §3: section + 5 tasks → 35 blockers,
    // except the 3 env lines under "# 2. 高优先级配置" which are high.
    expect(result.report.counts.blockers).toBe(35);
    expect(itemsBetween(result, 65, 87).filter((i) => i.check?.kind === 'env')).toHaveLength(17);
    expect(itemsBetween(result, 73, 75).every((i) => i.priority === 'high')).toBe(true);
    expect(item(result, 27)).toMatchObject({ title: '微信支付集成 (CRITICAL)', status: 'failed', estimate: '5-7 天', priority: 'blocker' });
    expect(item(result, 27).locations).toEqual(['backend/controllers/orderController.js:238', 'backend/controllers/agentController.js:570']);
    expect(item(result, 67).check).toMatchObject({ name: 'ADMIN_JWT_SECRET', differsFrom: 'JWT_SECRET', expect: expect.arrayContaining(['len >= 32', 'differs == true']) });
    expect(item(result, 66).check?.expect).toContain('len >= 32');
    expect(item(result, 85).check?.expect).toEqual(['lower(value) == "false"']);
    expect(item(result, 94).check?.expect).toContain('value != "*"');

    // 🔴 §4–§8 (with §4's A–D suites) are high; 🟢 §14–§18 and the 4 runbooks in 应急流程 are low.
    expect(result.report.counts.byPriority).toMatchObject({ high: 12, low: 9 });
    // Task items in the document: 6+7+5+4 + timeline 18 + 域名与SSL 3 + final checklist 33 = 76.
    expect(result.report.counts.items).toBe(122);
    expect(itemsBetween(result, 721, 766)).toHaveLength(33);
    expect(itemsBetween(result, 610, 636)).toHaveLength(18);

    // Claimed scores: overall 7.2 and five category claims (L12–L16), kept next to the categories.
    expect(result.report.claimedScores.map((c) => c.score)).toEqual([7.2, 7.8, 8.5, 8.2, 6.5, 5]);
    expect(result.plan.categories?.find((c) => c.id === 'security')?.claimedScore).toBe(6.5);
    // 监控告警 L804–L808: alert thresholds become healthy conditions.
    expect(result.plan.monitors?.map((m) => [m.id, m.threshold])).toEqual([
      ['cpu', 'value <= 80%'],
      ['memory', 'value <= 90%'],
      ['disk', 'value >= 10%'],
      ['error_rate', 'value <= 5%'],
      ['api_latency', 'value <= 2s'],
    ]);
    // Two risk tables (5 + 4 rows) and two 🚨 风险 lines (L241, L312).
    expect(result.report.counts.risks).toBe(11);
    // 应急联系人 (3 roles) + 所有者/审核人/批准人 signature lines (3 sign-offs).
    expect(result.report.counts.roles).toBe(6);
    expect(result.report.signoffs.map((s) => s.title)).toEqual(['检查清单所有者', '审核人', '批准人']);
    expect(result.report.counts.stages).toBe(0);
    // Cost tables (7 + 4 rows) and 关键行动 (4 numbered lines) are reported, not dropped.
    expect(result.report.unrecognized).toHaveLength(15);
    expect(result.report.secrets).toEqual([]);
  });

  it('002: cloud functions, checks per section, alert monitors, 3 maintenance inspections, rollback plan, 4 sign-offs', () => {
    const { result } = load('s002');

    expect(itemsBetween(result, 11, 27)).toHaveLength(12);
    // 验证项目 4, 验证场景 5, 性能指标 4 task items plus the three test scripts as section items.
    expect(itemsBetween(result, 137, 175)).toHaveLength(16);
    expect(item(result, 172).manual?.expected).toBe('value < 3s');
    expect(result.plan.monitors?.map((m) => [m.id, m.threshold])).toEqual([
      ['notification_failure_rate', 'value <= 5%'],
      ['fn_duration', 'value <= 10s'],
      ['db_latency', 'value <= 2s'],
      ['error_rate', 'value <= 1%'],
    ]);
    expect(result.plan.inspections?.map((i) => i.schedule)).toEqual(['daily 09:00', '0 9 * * 1', '0 9 1 * *']);
    expect(result.plan.rollout?.rollbackSteps).toHaveLength(4);
    expect(result.report.signoffs.map((s) => s.role)).toEqual(['tech-lead', 'product-lead', 'qa-lead', 'ops-lead']);
    expect(itemsBetween(result, 302, 326).map((i) => i.tags)).toEqual([['runbook'], ['runbook'], ['runbook']]);
    expect(result.report.counts.items).toBe(96);
    expect(item(result, 119).phase).toBe('deploy');
  });

  it('003: step tables with owners and windows, gray stages, rollback triggers, monitors table, roles, test-account secrets', () => {
    const { result } = load('s003');

    // 5 step tables (3+3+4+3+5 rows) + 回滚方案 table (3 rows): 21 items, all with an owner.
    const steps = itemsBetween(result, 54, 99);
    expect(steps).toHaveLength(21);
    expect(steps.every((i) => i.owner !== null)).toBe(true);
    expect(item(result, 54)).toMatchObject({ owner: 'dev-engineer', window: 'T 10:00-10:30', manual: { expected: '返回200状态码和健康状态' } });
    expect(item(result, 54).check).toEqual({ kind: 'http', url: 'https://liufeng-dazi-v1.vercel.app/api/health', expect: ['status == 200'] });
    // 1.3 names weapp-complete/app.js but no server domains: the check leaves base_urls_in_domains out (it would always be null).
    expect(item(result, 56).check).toEqual({
      kind: 'miniprogram',
      project: 'weapp-complete',
      baseUrlFiles: ['app.js'],
      expect: ['base_urls_https == true', 'base_urls_no_ip == true', 'api_weixin_in_client == false'],
    });
    expect(item(result, 90).owner).toBe('operations-staff');
    expect(itemsBetween(result, 22, 37).every((i) => i.status === 'done')).toBe(true);
    expect(item(result, 111).manual?.expected).toBe('value <= 500ms');

    expect(result.plan.rollout?.stages).toEqual([
      { percent: 10, hold: '24h', manual: '点击「灰度发布」，设置灰度比例为10%' },
      { percent: 100, manual: '24小时后，若灰度稳定，点击「全量发布」' },
    ]);
    expect(result.plan.rollout?.rollbackWhen?.map((t) => [t.condition, t.manual ?? false])).toEqual([
      [undefined, true],
      ['error_rate > 1%', false],
      ['load > 80%', false],
      [undefined, true],
    ]);
    expect(result.plan.rollout?.rollbackSteps).toHaveLength(5);
    expect(result.report.counts.monitors).toBe(10);
    expect(result.plan.monitors?.filter((m) => m.threshold !== undefined)).toHaveLength(5);
    expect(result.plan.monitors?.find((m) => m.id === 'error_rate')?.threshold).toBe('value <= 0.1%');
    // 5 roles from 人员准备 (merged with 紧急联系人) + 制定人/审核人/批准人; the last two sign.
    expect(result.report.counts.roles).toBe(8);
    expect(result.report.signoffs.map((s) => s.title)).toEqual(['计划审核人', '计划批准人']);
    expect(result.report.secrets.map((s) => [s.line, s.rule])).toEqual([
      [211, 'password-in-table'],
      [212, 'password-in-table'],
    ]);
    expect(JSON.stringify(result)).not.toContain('Test@1234');
    expect(result.report.counts.items).toBe(53);
  });

  it('004: env variables, ports, tests, health check, inspection, rollback, guards, variables', () => {
    const { result } = load('s004');

    expect(item(result, 21).check).toEqual({ kind: 'http', url: 'https://${API_DOMAIN}/healthz', expect: ['status == 200', 'body.status == "ok"'] });
    expect(itemsBetween(result, 41, 42).map((i) => [i.check?.port, i.check?.expect])).toEqual([
      [80, ['open == true']],
      [443, ['open == true']],
      [3306, ['open == false']],
      [6379, ['open == false']],
    ]);
    // .env.prod 必填: 9 variables (L70–L78).
    expect(itemsBetween(result, 70, 78).map((i) => i.check?.name)).toEqual([
      'API_DOMAIN', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_DSN', 'REDIS_ADDR', 'PUBLIC_BASE_URL', 'ADMIN_USERNAME', 'ADMIN_PASSWORD_HASH', 'ADMIN_JWT_SECRET',
    ]);
    expect(item(result, 75).check?.expect).toContain('value == "https://${API_DOMAIN}"');
    expect(itemsBetween(result, 114, 115).map((i) => [i.check?.run, i.check?.cwd])).toEqual([
      [['go', 'test', './internal/ufc', './internal/live'], 'backend'],
      [['npm', 'test'], 'miniapp'],
    ]);
    expect(item(result, 181).check?.expect).toEqual(['status == 200', 'len(body.items) > 0']);
    // §5.4 starts the local admin (VITE_API_BASE_URL): a web app, so no mini-program check.
    expect(item(result, 157).check).toBeNull();
    expect(result.plan.inspections).toHaveLength(1);
    expect(result.plan.inspections?.[0]).toMatchObject({ schedule: 'daily 09:00', for: '7d' });
    expect(result.plan.rollout?.rollbackWhen).toHaveLength(3);
    expect(result.plan.rollout?.rollbackSteps).toHaveLength(6);
    expect(result.plan.guards?.map((g) => [g.action, g.command])).toEqual([
      ['require-gate', 'docker compose --env-file .env.prod -f docker-compose.prod.yml up -d --build mysql redis api caddy'],
      ['forbid', 'docker compose down -v'],
    ]);
    expect(result.report.variables.map((v) => v.name)).toEqual(['API_DOMAIN', 'SERVER_PUBLIC_IP']);
    expect(result.plan.variables?.API_DOMAIN).toMatchObject({ required: true, example: 'api.example.com' });
    expect(result.report.counts.roles).toBe(4);
    expect(itemsBetween(result, 192, 196)).toHaveLength(5);
    expect(result.report.counts.items).toBe(52);
  });

  it.each(seedNames)('%s: proposes the checks counted by hand', (name) => {
    const { result } = load(name);

    expect(result.report.counts.proposedChecks).toBe(proposedCheckCounts[name]);
    expect(result.plan.items.filter((i) => i.check !== null)).toHaveLength(proposedCheckCounts[name]);
  });

  it.each(seedNames)('%s: lint accepts the YAML, checks validate, conditions parse, output is deterministic', (name) => {
    const { text, result } = load(name);

    const yaml = renderPlanYaml(result);
    const again = renderPlanYaml(importMarkdown(text, { file: files[name] }));
    const lint = lintPlan(parsePlanDocument(yaml, 'golive.yaml'), { knownVariables: new Set(Object.keys(result.plan.variables ?? {})) });

    expect(again).toBe(yaml);
    expect(lint.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(yaml).toMatch(/# L\d+/);
    for (const planItem of result.plan.items) {
      if (planItem.check === null) continue;
      expect(planItem.proposed).toBe(true);
      expect(findCheckKind(planItem.check.kind), planItem.check.kind).toBeDefined();
      for (const condition of planItem.check.expect ?? []) expect(parseCondition(condition).ok, condition).toBe(true);
    }
    for (const trigger of result.plan.rollout?.rollbackWhen ?? []) expect(trigger.manual === true || parseCondition(trigger.condition ?? '').ok).toBe(true);
    for (const monitor of result.plan.monitors ?? []) if (monitor.threshold) expect(parseCondition(monitor.threshold).ok).toBe(true);
    expect(new Set(result.plan.items.map((i) => i.id)).size).toBe(result.plan.items.length);
    expect(planFileOf(result.plan).items).toHaveLength(result.plan.items.length);
  });
});
