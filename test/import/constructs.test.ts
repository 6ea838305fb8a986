// Each construct module of the importer on its own: small inputs, the reading a person would give them.
import type { Code } from 'mdast';
import { describe, expect, it } from 'vitest';
import { fencedBlocks, isFencedChecklist } from '../../src/import/code-blocks.js';
import { assignments, ownerOfText } from '../../src/import/owners.js';
import { Variables } from '../../src/import/placeholders.js';
import { priorityOfCell, priorityOfHeading, takeItemPriority } from '../../src/import/priorities.js';
import { codeLines, expectationOf, isSetupStep, pathProbe, probeOfLine } from '../../src/import/probes.js';
import { documentFacts, proposeFromText } from '../../src/import/proposals.js';
import { stageOfLine, stagesInProse, type Stage } from '../../src/import/rollout.js';
import { maskSecrets } from '../../src/import/secrets.js';
import { envExpectations, settingOfLine } from '../../src/import/settings.js';
import { statusOfCell, takeMark } from '../../src/import/statuses.js';
import { classifyTable } from '../../src/import/tables.js';
import { consecutiveOf, findThresholds } from '../../src/import/thresholds.js';
import { importMarkdown, renderPlanYaml } from '../../src/import/index.js';
import { parsePlanDocument } from '../../src/plan/document.js';
import { lintPlan } from '../../src/plan/lint.js';

const env = (name: string, value: string, comment = '') => envExpectations({ name, value, comment, group: '', offset: 0 }, new Variables(), 1).expect;

describe('priorities', () => {
  it('reads P-levels with the team\'s own word, emoji and 必做/建议/可选 headings, inherited markers and table cells', () => {
    expect(['P0 - Blockers (do not skip)', 'Cutover steps (P1 - HIGH)', 'Follow-ups P2-Low', '🔴 必做', '🟠 建议', '🟢 可选', '常见问题'].map(priorityOfHeading)).toEqual([
      'blocker', 'high', 'low', 'blocker', 'medium', 'low', undefined,
    ]);
    expect(takeItemPriority('[P0] Rotate keys')).toEqual({ text: 'Rotate keys', priority: 'blocker' });
    expect(takeItemPriority('Rotate keys (P1)')).toEqual({ text: 'Rotate keys', priority: 'high' });
    expect(['Required', '必须', 'Optional', '建议', 'maybe'].map(priorityOfCell)).toEqual(['blocker', 'blocker', 'low', 'medium', undefined]);
  });
});

describe('statuses and owners', () => {
  it('result cells and marks', () => {
    expect(['✅', '通过', '未通过', '❌ 超时', '⚠️', 'pass', '-', '看情况'].map(statusOfCell)).toEqual(['done', 'done', 'failed', 'failed', 'warn', 'done', 'todo', undefined]);
    expect(takeMark('✅ 短信签名已报备')).toEqual({ text: '短信签名已报备', mark: 'done' });
  });

  it('a dash, 无 or TBD is nobody; a team row names the items it owns', () => {
    expect(['-', '无', 'TBD', '', '@alice'].map(ownerOfText)).toEqual([undefined, undefined, undefined, undefined, '@alice']);
    expect(assignments('@bob', '回调、对账 / 日志')).toEqual({ owner: '@bob', parts: ['回调', '对账', '日志'] });
  });
});

describe('settings', () => {
  it('pins literal settings only; secrets, examples, placeholders and masked values get presence and length', () => {
    expect(env('NODE_ENV', 'production')).toEqual(['value == "production"']);
    expect(env('DB_SYNC', 'false')).toEqual(['lower(value) == "false"']);
    expect(env('LOG_LEVEL', 'warn')).toEqual(['value == "warn"']);
    const present = ['present == true', 'empty == false', 'is_placeholder == false'];
    expect(env('STRIPE_SECRET_KEY', 'sk_live_...')).toEqual(present);
    expect(env('OPENAI_API_KEY', '...')).toEqual(present);
    expect(env('SESSION_SECRET', '沿用旧值')).toEqual(present);
    expect(env('APP_URL', 'https://www.example.com')).toEqual(present);
    expect(env('JWT_SECRET', '••••86')).toEqual(present);
    expect(env('DB_HOST', 'localhost')).toEqual(present);
    expect(env('DB_USER', 'app')).toEqual(present);
    expect(env('PORT', '3000')).toEqual(present);
    expect(env('DB_POOL_MAX', '50')).toEqual(['value == "50"']);
    expect(env('JWT_SECRET', 'abc', 'at least 48 characters')).toEqual(['present == true', 'is_placeholder == false', 'len >= 48']);
    expect(env('JWT_SECRET', '<至少32位随机字符串>')).toEqual(['present == true', 'is_placeholder == false', 'len >= 32']);
  });

  it('a checklist line naming a setting in inline code carries its check', () => {
    expect(settingOfLine('- [ ] `DB_SYNC=false` in production', new Variables(), 1)).toEqual({ name: 'DB_SYNC', expect: ['lower(value) == "false"'] });
    expect(settingOfLine('- [ ] `SESSION_SECRET` is at least 32 characters', new Variables(), 1)).toEqual({ name: 'SESSION_SECRET', expect: ['present == true', 'is_placeholder == false', 'len >= 32'] });
    expect(settingOfLine('- [ ] remove `DEBUG_TOOLBAR` from settings', new Variables(), 1)).toBeUndefined();
  });
});

describe('probes', () => {
  it('reads the expectation from the comment; set-up steps and loopback lines are not probes of production', () => {
    const variables = new Variables();
    const [loop, ok, redirect] = codeLines('curl -I http://127.0.0.1:80   # 容器本身正常？\ncurl -I https://shop.example.com  # 200 且证书有效？\ncurl -I http://shop.example.com  # 应 301 跳 https');
    expect(probeOfLine(loop!, variables, 1, new Map())).toBe('loopback');
    expect(probeOfLine(ok!, variables, 2, new Map())).toEqual({ kind: 'http', url: 'https://${SHOP_DOMAIN}', expect: ['status == 200'] });
    expect(probeOfLine(redirect!, variables, 3, new Map())).toEqual({ kind: 'http', url: 'http://${SHOP_DOMAIN}', followRedirects: false, expect: ['status == 301', 'headers["location"] matches /^https:/'] });
    expect(['apt update', 'curl -fsSL https://get.docker.com | bash', 'docker compose up -d', 'curl https://x.io/health'].map(isSetupStep)).toEqual([true, true, true, false]);
    expect(expectationOf('不应对外访问')).toEqual({ expect: ['status == 404'] });
  });

  it('a path with a stated status is checked on ${API_DOMAIN}; a path alone is not', () => {
    expect(pathProbe('生产环境 /docs 应返回 404', new Variables(), 1)).toEqual({ kind: 'http', url: 'https://${API_DOMAIN}/docs', expect: ['status == 404'] });
    expect(pathProbe('日志在 /var/log/app 目录', new Variables(), 1)).toBeUndefined();
  });
});

describe('proposals from a line', () => {
  it('a TLS check on the domain the line names; a push or signing certificate is not a web certificate', () => {
    const propose = (text: string) => proposeFromText(text, 1, documentFacts(text), new Variables()).map((p) => p.check);
    expect(propose('SSL certificate for shop.acme.cn renewed')).toEqual([{ kind: 'tls', host: 'shop.acme.cn', expect: ['chain_valid == true', 'hostname_valid == true', 'days_left > 30'] }]);
    expect(propose('TLS 证书已续期')).toEqual([{ kind: 'tls', host: '${API_DOMAIN}', expect: ['chain_valid == true', 'hostname_valid == true', 'days_left > 30'] }]);
    expect(propose('Apple push certificate renewed')).toEqual([]);
  });
});

describe('rollout', () => {
  it('several stages in one sentence, holds from the words between them', () => {
    expect(stagesInProse('先灰度 5%，观察 2 小时，再 30%，次日全量。', 7)?.map(({ percent, hold }) => [percent, hold])).toEqual([[5, '2h'], [30, '1d'], [100, undefined]]);
    expect(stagesInProse('CPU 使用率低于 80%', 1)).toBeUndefined();
  });

  it('one stage per line', () => {
    const stages: Stage[] = [];
    stageOfLine('Canary to 10% of pods, hold 30 minutes', 1, 'canary', stages);
    stageOfLine('Full rollout', 2, 'full', stages);
    expect(stages.map((s) => [s.percent, s.hold])).toEqual([[10, '30m'], [100, undefined]]);
  });
});

describe('code blocks', () => {
  it('a fence of task lines is a checklist, positioned in the document; a script is not', () => {
    const text = '# t\n\n```markdown\n- [ ] one\n- [x] two\n```\n';
    const node = { type: 'code', lang: 'markdown', value: '- [ ] one\n- [x] two', position: { start: { line: 3, column: 1, offset: 5 }, end: { line: 6, column: 4, offset: 40 } } } as Code;
    expect(isFencedChecklist(node)).toBe(true);
    expect(fencedBlocks(node, text)?.[0]?.position?.start.line).toBe(4);
    expect(isFencedChecklist({ ...node, lang: 'bash', value: 'npm ci\nnpm test' })).toBe(false);
  });
});

describe('tables', () => {
  it('by header words and by what the cells hold', () => {
    expect(classifyTable(['Endpoint', 'Method', 'Purpose'], 'checklist', [['/api/health', 'GET', 'health']]).kind).toBe('api');
    expect(classifyTable(['变量', '用途'], 'checklist', [['`DB_URL`', '数据库'], ['`REDIS_URL`', '缓存']]).kind).toBe('keys');
    expect(classifyTable(['指标', '阈值', '持续时间', '动作'], 'rollback-triggers', [['错误率', '> 1%', '5 分钟', '回滚']]).kind).toBe('rollback-triggers');
    expect(classifyTable(['角色', '姓名', '签字', '日期'], 'checklist', [['QA', '李娜', '', '']]).kind).toBe('role');
    expect(classifyTable(['成员', '负责项'], 'checklist', [['@alice', '压测']]).kind).toBe('team');
    expect(classifyTable(['检查项', '负责人', '结果'], 'checklist', [['压测', '@alice', '✅']]).columns.status).toBe(2);
  });
});

describe('secrets', () => {
  it('flags prose passwords and keys in inline code, masks every occurrence, leaves public ids alone', () => {
    const { lines, secrets } = maskSecrets(
      [
        '- [x] 语音接口 Key `sk-proj-Zq81NvT4kWc2mXpB7rLs9DfG` 可用',
        'the default admin password is `P@ssw0rd123`',
        '小程序 AppID `wx3f2a9c1d7e5b8a40`，模板 `Xk3_Lm9QpR2sT7uVwY1zA4bC6dE8fG0hJ5kN2oP4qR8`',
        '```',
        'export KEY=sk-proj-Zq81NvT4kWc2mXpB7rLs9DfG',
        '```',
      ],
      'x.md',
    );
    expect(secrets.map((s) => s.line)).toEqual([1, 2, 5]);
    expect(lines.join('\n')).not.toMatch(/Zq81NvT4|P@ssw0rd123/);
    expect(lines[2]).toContain('wx3f2a9c1d7e5b8a40');
    expect(lines[2]).toContain('Xk3_Lm9QpR2sT7uVwY1zA4bC6dE8fG0hJ5kN2oP4qR8');
  });
});

describe('consecutive breaches (连续3次)', () => {
  it('reads "N times in a row" as for: Nx, in Chinese and English; a duration stays a duration', () => {
    expect(findThresholds('CPU连续3次超过80%')).toEqual([{ metric: 'CPU', metricId: 'cpu', op: '>', value: '80%', sustained: true, for: '3x' }]);
    expect(findThresholds('系统错误率连续5分钟超过1%')).toEqual([{ metric: '系统错误率', metricId: 'error_rate', op: '>', value: '1%', sustained: true, for: '5m' }]);
    expect(['健康检查连续3次失败', '连续三次', '连续十二次', 'error rate above 5% for 3 consecutive checks', 'latency > 800ms 3 times in a row', '3 out of 3 datapoints'].map(consecutiveOf)).toEqual([
      '3x', '3x', '12x', '3x', '3x', '3x',
    ]);
    // Not a count of consecutive evaluations: a duration, or CloudWatch's "M out of N" with M < N.
    expect(['cpu > 80% for 3 consecutive minutes', '2 out of 3 datapoints', '连续 5 分钟', '重试3次'].map(consecutiveOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a Chinese checklist\'s 「连续3次失败」 becomes rollback triggers and a monitor with for: 3x, and the plan lints clean', () => {
    const result = importMarkdown(
      ['# 上线检查', '', '## 回滚触发条件', '- 健康检查连续3次失败', '- 接口错误率连续三次超过 5%', '- 系统错误率持续 5 分钟超过 1%', '', '## 监控告警', '- CPU 连续3次超过 80% 时告警', ''].join('\n'),
      { file: 'checklist.md' },
    );
    const yaml = renderPlanYaml(result);
    const problems = lintPlan(parsePlanDocument(yaml, 'golive.yaml'), { knownVariables: new Set() }).problems;

    expect(result.plan.rollout?.rollbackWhen).toEqual([
      { condition: 'health_ok == false', for: '3x', description: '健康检查连续3次失败' },
      { condition: 'api_error_rate > 5%', for: '3x', description: '接口错误率连续三次超过 5%' },
      { condition: 'error_rate > 1%', for: '5m', description: '系统错误率持续 5 分钟超过 1%' },
    ]);
    expect(result.plan.monitors?.map((monitor) => [monitor.id, monitor.threshold, monitor.for])).toEqual([['cpu', 'value <= 80%', '3x']]);
    expect(yaml).toContain('for: 3x');
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });
});
