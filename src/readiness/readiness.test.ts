import { describe, expect, it } from 'vitest';
import type { Plan, PlanItem } from '../plan/schema.js';
import type { ResultStatus } from '../core/result.js';
import { digestResults } from '../core/digest.js';
import type { ScoredResult, Signoff, Waiver } from '../core/launch.js';
import { blockerStatuses, computeScore, evaluateGate, round1 } from './index.js';

const now = new Date('2026-11-22T10:00:00Z');

function item(id: string, category: string, priority: PlanItem['priority'], title = id): PlanItem {
  return { id, title, category, priority };
}

function results(entries: Record<string, ResultStatus>): ScoredResult[] {
  return Object.entries(entries).map(([itemId, status]) => ({ itemId, status }));
}

/** Seed 001 (S2B2C 分销系统) as a plan, the worked example of docs/score-and-gate.md. */
const seed001: Plan = {
  name: 'S2B2C 数字化代理商分销系统',
  categories: [
    { id: 'frontend', title: '前端 (微信小程序)', claimedScore: 7.8 },
    { id: 'backend', title: '后端 (Node.js)', claimedScore: 8.5 },
    { id: 'database', title: '数据库架构', claimedScore: 8.2 },
    { id: 'security', title: '安全与部署', claimedScore: 6.5 },
    { id: 'tests-docs', title: '测试与文档', claimedScore: 5 },
  ],
  roles: [
    { id: 'tech-lead', title: '技术负责人', signoff: true },
    { id: 'qa', title: 'QA', signoff: true },
    { id: 'ops', title: '运维' },
  ],
  items: [
    item('fe-commission-rate', 'frontend', 'high', '修复前端硬编码佣金比例'),
    item('fe-cdn', 'frontend', 'medium', 'CDN 配置'),
    item('fe-template-message', 'frontend', 'medium', '微信模板消息集成'),
    item('pay-integration', 'backend', 'blocker', '微信支付集成'),
    item('redis-lock', 'backend', 'medium', 'Redis 分布式锁'),
    item('log-rotate', 'backend', 'high', '日志轮转配置'),
    item('db-backup', 'database', 'high', '数据库备份策略'),
    item('db-password', 'database', 'blocker', '验证数据库密码强度'),
    item('jwt-secret', 'security', 'blocker', '生成强 JWT 密钥（≥32 字符）'),
    item('cors-origins', 'security', 'blocker', '设置 CORS 为具体域名'),
    item('debug-switches', 'security', 'blocker', '关闭所有调试开关'),
    item('oss-storage', 'security', 'blocker', '配置对象存储（多实例部署）'),
    item('sentry', 'security', 'high', '错误追踪与监控'),
    item('critical-tests', 'tests-docs', 'high', '关键路径测试'),
    item('api-docs', 'tests-docs', 'medium', 'API 文档生成'),
    item('ts-migration', 'tests-docs', 'low', 'TypeScript 迁移'),
  ],
  gate: { threshold: 8 },
};

const seed001Results = results({
  'fe-commission-rate': 'pass',
  'fe-template-message': 'warn',
  'pay-integration': 'fail',
  'redis-lock': 'pass',
  'log-rotate': 'pass',
  'db-backup': 'fail',
  'db-password': 'pass',
  'jwt-secret': 'pass',
  'cors-origins': 'pass',
  'debug-switches': 'pass',
  sentry: 'warn',
  'critical-tests': 'fail',
  'api-docs': 'pass',
  'ts-migration': 'skip',
  // fe-cdn and oss-storage have no result: pending.
});

describe('computeScore', () => {
  it('weights items by priority and categories by weight (hand-computed)', () => {
    const plan: Plan = {
      name: 'p',
      categories: [{ id: 'fe', weight: 1 }, { id: 'be', weight: 2 }],
      items: [item('fe-a', 'fe', 'blocker'), item('fe-b', 'fe', 'high'), item('fe-c', 'fe', 'low'), item('be-a', 'be', 'medium'), item('be-b', 'be', 'medium'), item('be-c', 'be', 'blocker')],
    };

    const score = computeScore(plan, results({ 'fe-a': 'pass', 'fe-b': 'fail', 'fe-c': 'warn', 'be-a': 'pass', 'be-b': 'skip' }), [], now);

    // fe: (8·1 + 4·0 + 1·½) / 13 = 8.5/13 → 6.538; be: (2·1) / (2 + 8) → 2.0 (be-b skipped, be-c pending)
    // overall: (1·6.538 + 2·2.0) / 3 = 3.513
    expect(score).toEqual({
      overall: 3.5,
      categories: {
        fe: { score: 6.5, passed: 1, total: 3, weight: 1, waived: 0 },
        be: { score: 2, passed: 1, total: 2, weight: 2, waived: 0 },
      },
    });
  });

  it('reproduces the worked example of docs/score-and-gate.md from seed 001', () => {
    const score = computeScore(seed001, seed001Results, [], now);

    expect(score).toEqual({
      overall: 5.6,
      categories: {
        frontend: { score: 6.3, passed: 1, total: 3, weight: 1, waived: 0 },
        backend: { score: 4.3, passed: 2, total: 3, weight: 1, waived: 0 },
        database: { score: 6.7, passed: 1, total: 2, weight: 1, waived: 0 },
        security: { score: 7.2, passed: 3, total: 5, weight: 1, waived: 0 },
        'tests-docs': { score: 3.3, passed: 1, total: 2, weight: 1, waived: 0 },
      },
    });
  });

  it('counts error and pending as not passed, excludes skip, and leaves an all-skipped category out of the overall', () => {
    const plan: Plan = { name: 'p', items: [item('a', 'x', 'high'), item('b', 'x', 'high'), item('c', 'y', 'low')] };

    const score = computeScore(plan, results({ a: 'error', b: 'pass', c: 'skip' }), [], now);

    expect(score).toEqual({
      overall: 5,
      categories: { x: { score: 5, passed: 1, total: 2, weight: 1, waived: 0 }, y: { score: null, passed: 0, total: 0, weight: 1, waived: 0 } },
    });
  });

  it('leaves the score unchanged by a waiver but counts the waived item', () => {
    const plan: Plan = { name: 'p', items: [item('a', 'x', 'blocker'), item('b', 'x', 'low')] };
    const waiver: Waiver = { itemId: 'a', reason: 'r', approver: 'boss', expiresAt: '2026-11-23T00:00:00Z' };

    const score = computeScore(plan, results({ a: 'fail', b: 'pass' }), [waiver], now);

    expect(score.categories.x).toEqual({ score: 1.1, passed: 1, total: 2, weight: 1, waived: 1 });
  });

  it('scores an empty plan and zero-weight categories as 0 overall, uses defaults for missing category and priority', () => {
    const onlyZero: Plan = { name: 'p', categories: [{ id: 'x', weight: 0 }], items: [item('a', 'x', 'low')] };
    const defaults: Plan = { name: 'p', items: [{ id: 'a', title: 'a' }] };

    expect(computeScore({ name: 'p', items: [] }, [], [], now)).toEqual({ overall: 0, categories: {} });
    expect(computeScore(onlyZero, results({ a: 'pass' }), [], now).overall).toBe(0);
    expect(computeScore(defaults, results({ a: 'pass' }), [], now)).toEqual({ overall: 10, categories: { general: { score: 10, passed: 1, total: 1, weight: 1, waived: 0 } } });
  });

  it('rounds half up at one decimal', () => {
    expect([round1(7.25), round1(7.249), round1(6.25), round1(0)]).toEqual([7.3, 7.2, 6.3, 0]);
  });
});

describe('evaluateGate', () => {
  const qaSignedNow: Signoff = { role: 'qa', by: '李四', at: '2026-11-22T09:00:00Z', score: 5.6, resultDigest: digestResults(seed001Results), blockers: blockerStatuses(seed001, seed001Results) };

  it('lists every reason: each open blocker, each missing sign-off, the score', () => {
    const score = computeScore(seed001, seed001Results, [], now);

    const gate = evaluateGate(seed001, seed001Results, [], [qaSignedNow], score, now);

    expect(gate.passed).toBe(false);
    expect(gate.reasons.map((reason) => [reason.code, reason.subject])).toEqual([
      ['blocker', 'pay-integration'],
      ['blocker', 'oss-storage'],
      ['signoff.missing', 'tech-lead'],
      ['score', undefined],
    ]);
    expect(gate.reasons[0]).toMatchObject({ en: 'Blocker pay-integration (微信支付集成) failed', zh: '阻塞项 pay-integration（微信支付集成）失败' });
    expect(gate.reasons[3]).toMatchObject({ en: 'Readiness score 5.6/10 is below the threshold 8', zh: '就绪度评分 5.6/10 低于门槛 8' });
  });

  it('accepts a validly waived blocker, and stops accepting it once the waiver expired or was revoked', () => {
    const score = computeScore(seed001, seed001Results, [], now);
    const valid: Waiver = { itemId: 'pay-integration', reason: '先用线下转账', approver: '王总', expiresAt: '2026-11-29T10:00:00Z' };
    const expired: Waiver = { ...valid, expiresAt: '2026-11-22T09:59:59Z' };
    const revoked: Waiver = { ...valid, revokedAt: '2026-11-22T09:00:00Z' };

    const withValid = evaluateGate(seed001, seed001Results, [valid], [qaSignedNow], score, now);
    const withExpired = evaluateGate(seed001, seed001Results, [expired], [qaSignedNow], score, now);
    const withRevoked = evaluateGate(seed001, seed001Results, [revoked], [qaSignedNow], score, now);

    expect(withValid.reasons.map((reason) => reason.subject)).toEqual(['oss-storage', 'tech-lead', undefined]);
    expect(withValid.accepted.map((reason) => reason.subject)).toEqual(['pay-integration']);
    expect(withExpired.reasons[0]?.en).toBe('Blocker pay-integration (微信支付集成) failed; its waiver expired or was withdrawn');
    expect(withRevoked.reasons[0]?.code).toBe('blocker');
  });

  it('invalidates a sign-off when a blocker result changed after signing, naming the change', () => {
    const before = results({ a: 'pass', b: 'pass' });
    const after = results({ a: 'fail', b: 'pass' });
    const plan: Plan = { name: 'p', roles: [{ id: 'qa', signoff: true }], items: [item('a', 'x', 'blocker'), item('b', 'x', 'low')], gate: { threshold: 0 } };
    const signoff: Signoff = { role: 'qa', by: 'li', at: '2026-11-22T09:00:00Z', score: 10, resultDigest: digestResults(before), blockers: blockerStatuses(plan, before) };
    const waiver: Waiver = { itemId: 'a', reason: 'r', approver: 'boss', expiresAt: '2026-12-01T00:00:00Z' };

    const unchanged = evaluateGate(plan, before, [], [signoff], computeScore(plan, before, [], now), now);
    const changed = evaluateGate(plan, after, [waiver], [signoff], computeScore(plan, after, [], now), now);

    expect(unchanged).toEqual({ passed: true, reasons: [], accepted: [], threshold: 0 });
    expect(changed.reasons).toEqual([
      {
        code: 'signoff.invalidated',
        subject: 'qa',
        en: 'Sign-off by li for qa is no longer valid: blocker results changed after signing (a: pass → fail)',
        zh: 'li 对 qa 的签字已失效：签字后阻塞项结果发生变化（a: pass → fail）',
      },
    ]);
  });

  it('lets a warn blocker through, blocks a skipped one, and uses the latest sign-off of a role', () => {
    const plan: Plan = { name: 'p', roles: [{ id: 'qa', signoff: true }], items: [item('a', 'x', 'blocker'), item('b', 'x', 'blocker')], gate: { threshold: 0 } };
    const current = results({ a: 'warn', b: 'skip' });
    const old: Signoff = { role: 'qa', by: 'old', at: '2026-11-22T08:00:00Z', score: 0, resultDigest: '', blockers: { a: 'pending', b: 'pending' } };
    const fresh: Signoff = { ...old, by: 'new', at: '2026-11-22T09:00:00Z', blockers: { a: 'warn', b: 'skip' } };

    const gate = evaluateGate(plan, current, [], [fresh, old], computeScore(plan, current, [], now), now);

    expect(gate.reasons.map((reason) => reason.en)).toEqual(['Blocker b (b) skipped (not verified)']);
  });

  it('passes at exactly the threshold and defaults the threshold to 8', () => {
    const plan: Plan = { name: 'p', items: [item('a', 'x', 'low'), item('b', 'x', 'low'), item('c', 'x', 'low'), item('d', 'x', 'low'), item('e', 'x', 'low')] };
    const four = results({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 'fail' });
    const all = results({ a: 'pass', b: 'pass', c: 'pass', d: 'pass', e: 'pass' });

    expect(evaluateGate(plan, four, [], [], computeScore(plan, four, [], now), now)).toEqual({ passed: true, reasons: [], accepted: [], threshold: 8 });
    expect(evaluateGate(plan, results({ a: 'pass' }), [], [], computeScore(plan, results({ a: 'pass' }), [], now), now).passed).toBe(false);
    expect(evaluateGate(plan, all, [], [], computeScore(plan, all, [], now), now).passed).toBe(true);
  });
});

describe('digestResults', () => {
  it('ignores order and changes with status or evidence', () => {
    const a = digestResults([{ itemId: 'a', status: 'pass', evidence: { x: 1, y: 2 } }, { itemId: 'b', status: 'fail' }]);
    const b = digestResults([{ itemId: 'b', status: 'fail' }, { itemId: 'a', status: 'pass', evidence: { y: 2, x: 1 } }]);
    const c = digestResults([{ itemId: 'b', status: 'fail' }, { itemId: 'a', status: 'pass', evidence: { y: 3, x: 1 } }]);

    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
