import { describe, expect, it } from 'vitest';
import { fixtureView } from './__fixtures__/run-view.js';
import { sarifReporter, toSarif } from './sarif.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[];
}

function render() {
  return JSON.parse(sarifReporter.render(fixtureView(), 'en')) as {
    $schema: string;
    version: string;
    runs: { tool: { driver: { name: string; informationUri: string; rules: { id: string }[] } }; results: SarifResult[] }[];
  };
}

describe('sarif reporter', () => {
  it('writes a SARIF 2.1.0 log with golive as the driver and a rule per item that needs attention', () => {
    const sarif = render();

    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0]!.tool.driver;
    expect(driver.name).toBe('golive');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((rule) => rule.id)).toEqual(['jwt-strong', 'log-level', 'rds-host', 'redis-closed', 'no-leftovers']);
  });

  it('maps priorities to levels (a warn never above warning) and points findings at file and line', () => {
    const results = render().runs[0]!.results;

    expect(results.map((result) => [result.ruleId, result.level])).toEqual([
      ['jwt-strong', 'error'],
      ['log-level', 'warning'],
      ['rds-host', 'error'],
      ['redis-closed', 'error'],
      ['no-leftovers', 'warning'],
      ['no-leftovers', 'warning'],
    ]);
    const rules = render().runs[0]!.tool.driver.rules;
    for (const result of results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(results.filter((result) => result.ruleId === 'no-leftovers').map((result) => result.locations?.[0]?.physicalLocation)).toEqual([
      { artifactLocation: { uri: 'pages/index/index.js' }, region: { startLine: 12, startColumn: 5 } },
      { artifactLocation: { uri: 'utils/request.js' }, region: { startLine: 3 } },
    ]);
  });

  it('explains a failing item in its message and leaves out passing, skipped and pending items', () => {
    const results = render().runs[0]!.results;

    expect(results.find((result) => result.ruleId === 'jwt-strong')?.message.text).toBe('JWT_SECRET 至少 32 位 (fail): len: expected >= 32, got 12');
    expect(results.some((result) => ['healthz', 'backup-fresh', 'wechat-domains'].includes(result.ruleId))).toBe(false);
  });

  it('points an item without findings at the line of the checklist it came from', () => {
    const view = fixtureView();
    const withSource = {
      ...view,
      items: view.items.map((itemView) => (itemView.item.id === 'rds-host' ? { ...itemView, item: { ...itemView.item, source: { file: 'docs/上线检查清单.md', line: 31 } } } : itemView)),
    };

    const result = toSarif(withSource, 'zh-CN').runs[0]!.results.find((candidate) => candidate.ruleId === 'rds-host');

    expect(result?.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'docs/上线检查清单.md' }, region: { startLine: 31 } } }]);
    expect(result?.message.text).toBe('数据库连接的是阿里云 RDS（出错）：连接 10.0.0.5:3306 超时（已尝试 3 次）');
  });
});
