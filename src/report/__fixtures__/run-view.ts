import { bi } from '../../core/text.js';
import { planSchema } from '../../plan/schema.js';
import type { ItemResult, ResultStatus } from '../../core/result.js';
import { buildRunView, type RunView } from '../run-view.js';

/** A launch plan shaped like seed 000: a compose backend, secrets in env files, WeChat console steps. */
export const fixturePlan = planSchema.parse({
  name: '茂名文旅 backend',
  roles: [
    { id: 'tech-lead', title: '技术负责人 / Tech lead', signoff: true },
    { id: 'qa', title: '测试负责人 / QA', signoff: true },
    { id: 'ops', title: '运维 / Ops' },
  ],
  categories: [
    { id: 'backend', title: '后端 Backend', weight: 2 },
    { id: 'security', title: 'Security | 安全', weight: 1 },
  ],
  phases: [
    { id: 'prepare', title: 'Prepare / 上线前准备', window: 'T-1d' },
    { id: 'deploy', title: 'Deploy / 部署执行' },
    { id: 'verify', title: 'Verify / 上线验证' },
  ],
  items: [
    { id: 'healthz', title: '健康检查返回 ok', phase: 'verify', category: 'backend', priority: 'blocker', owner: 'ops', check: { kind: 'tcp', host: '127.0.0.1', port: 8080 } },
    { id: 'jwt-strong', title: 'JWT_SECRET 至少 32 位', phase: 'prepare', category: 'security', priority: 'high', owner: 'tech-lead', why: '弱密钥可被爆破，伪造任意用户登录', check: { kind: 'tcp', host: '127.0.0.1', port: 1 } },
    { id: 'log-level', title: 'Log level is warn or error', phase: 'prepare', category: 'backend', priority: 'medium', check: { kind: 'tcp', host: '127.0.0.1', port: 2 } },
    { id: 'rds-host', title: '数据库连接的是阿里云 RDS', phase: 'prepare', category: 'backend', priority: 'blocker', owner: 'ops', check: { kind: 'tcp', host: '127.0.0.1', port: 3 } },
    { id: 'redis-closed', title: 'Redis 端口不对外开放', phase: 'deploy', category: 'security', priority: 'blocker', owner: 'ops', check: { kind: 'tcp', host: '127.0.0.1', port: 4 } },
    { id: 'no-leftovers', title: 'No console.log or debug switches left', phase: 'prepare', category: 'security', priority: 'medium', source: { file: 'golive.yaml', line: 42 }, check: { kind: 'tcp', host: '127.0.0.1', port: 5 } },
    { id: 'backup-fresh', title: '备份在 26 小时内', phase: 'deploy', category: 'backend', priority: 'low', depends_on: ['rds-host'], check: { kind: 'tcp', host: '127.0.0.1', port: 6 } },
    { id: 'wechat-domains', title: '小程序后台服务器域名已切换为正式域名', phase: 'verify', category: 'backend', priority: 'high', owner: 'qa', manual: { method: '微信公众平台 → 开发管理 → 开发设置 → 服务器域名', expected: 'request 合法域名只有 https://api.example.com' } },
  ],
  gate: { threshold: 8 },
});

const at = '2026-02-13T10:00:00.000Z';

function result(itemId: string, status: ResultStatus, evidence: ItemResult['evidence'], durationMs = 12, attempts = 1): ItemResult {
  return {
    itemId,
    status,
    evidence,
    durationMs,
    attempts: Array.from({ length: attempts }, () => ({ status, durationMs: Math.round(durationMs / attempts) })),
    startedAt: at,
    finishedAt: at,
  };
}

export const fixtureResults: ItemResult[] = [
  result('healthz', 'pass', {
    target: 'GET https://api.example.com/healthz',
    observed: { status: 200, latencyMs: 87 },
    conditions: [{ condition: 'status == 200', passed: true, message: bi('status: 200', 'status：200') }],
  }, 91),
  result('jwt-strong', 'fail', {
    target: '.env.production JWT_SECRET',
    observed: { present: true, len: 12, value: '••••3f' },
    conditions: [{ condition: 'len >= 32', passed: false, message: bi('len: expected >= 32, got 12', 'len：期望 >= 32，实际 12') }],
  }, 3),
  result('log-level', 'warn', {
    target: '.env.production LOG_LEVEL',
    observed: { value: 'info' },
    conditions: [
      { condition: 'present', passed: true, message: bi('present: true', 'present：true') },
      { condition: 'value in ["warn", "error"]', passed: false, warnOnly: true, message: bi('value: expected one of ["warn", "error"], got "info"', 'value：期望为 ["warn", "error"] 之一，实际 "info"') },
    ],
  }, 2),
  result('rds-host', 'error', {
    target: 'mysql rm-xxxx.mysql.rds.aliyuncs.com:3306',
    reason: bi('connect ETIMEDOUT 10.0.0.5:3306 after 3 attempts', '连接 10.0.0.5:3306 超时（已尝试 3 次）'),
  }, 15_000, 3),
  result('redis-closed', 'fail', {
    target: 'tcp 112.74.0.1:6379',
    observed: { open: true, latencyMs: 4 },
    conditions: [{ condition: 'open == false', passed: false, message: bi('open: expected false, got true', 'open：期望 false，实际 true') }],
  }, 5),
  result('no-leftovers', 'fail', {
    target: 'files miniprogram/',
    observed: {
      count: 2,
      findings: [
        { at: 'pages/index/index.js:12:5', rule: 'console-log', preview: 'console.log("<script>alert(1)</script>")' },
        { file: 'utils/request.js', line: 3, rule: 'local-url', preview: 'http://localhost:3000 & "debug"\u0001' },
      ],
    },
    conditions: [{ condition: 'count == 0', passed: false, message: bi('count: expected 0, got 2', 'count：期望 0，实际 2') }],
  }, 40),
  result('backup-fresh', 'skip', { reason: bi('depends on rds-host, which did not pass', '依赖项 rds-host 未通过') }, 0),
  result('wechat-domains', 'pending', {
    manual: { method: '微信公众平台 → 开发管理 → 开发设置 → 服务器域名', expected: 'request 合法域名只有 https://api.example.com' },
  }, 0),
];

/** A run with every status, a waived blocker, a history flag, two categories and a failing gate. */
export function fixtureView(): RunView {
  return buildRunView({
    id: 'chk-20260213-1000',
    plan: fixturePlan,
    environment: 'production',
    release: 'v1.2.3-20260213',
    startedAt: at,
    finishedAt: '2026-02-13T10:00:16.000Z',
    results: fixtureResults,
    waivers: [{ itemId: 'redis-closed', reason: '安全组规则今晚变更', approver: '李工', expiresAt: '2026-02-14T00:00:00.000Z' }],
    signoffs: [{ role: 'qa', by: '王工', at: '2026-02-13T09:55:00.000Z', score: 5, resultDigest: 'x', blockers: { healthz: 'pass', 'rds-host': 'error', 'redis-closed': 'fail' }, valid: true }],
    history: new Map([['healthz', { failed: 2, of: 3 }]]),
    now: new Date('2026-02-13T10:05:00.000Z'),
  });
}
