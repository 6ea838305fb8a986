import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const fiveMistakes = `name: demo
roles:
  - id: qa
items:
  - id: redis-closed
    title: Redis 端口不对外开放
    owner: ops
    check:
      kind: tcp
      host: 127.0.0.1
      port: "\${REDIS_PORTT}"
      expect: [open = false]
  - id: redis-closed
    title: 再次检查
    priorty: high
`;

async function planFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-lint-'));
  const file = join(dir, 'golive.yaml');
  await writeFile(file, content);
  return file;
}

describe('golive lint', () => {
  it('reports all five mistakes with line and column in one pass, exit 2, no stack trace', async () => {
    const file = await planFile(fiveMistakes);

    const run = await runCli(['lint', file], { env: {} });

    expect(run.code).toBe(2);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`${file}:7:12  "ops" is not a declared role; declared: qa`);
    expect(lines[1]).toBe(`${file}:11:14  undefined variable \${REDIS_PORTT}: declare it under variables, or pass --var REDIS_PORTT=…`);
    expect(lines[2]).toMatch(new RegExp(`^${file}:12:21  condition "open = false": `));
    expect(lines[3]).toBe(`${file}:13:9  duplicate item id "redis-closed" (first used on line 5)`);
    expect(lines[4]).toBe(`${file}:15:5  unknown key "priorty" in items[1] (did you mean "priority"?)`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('speaks Chinese with --lang zh-CN', async () => {
    const file = await planFile(fiveMistakes);

    const run = await runCli(['lint', file, '--lang', 'zh-CN'], { env: {} });

    expect(run.stdout).toContain('未知字段 "priorty"（是不是 "priority"？）');
    expect(run.stderr).toContain('个错误');
  });

  it('accepts a variable given with --var and passes a clean plan with exit 0', async () => {
    const file = await planFile(`name: ok\nitems:\n  - id: port\n    title: port closed\n    check: { kind: tcp, host: 127.0.0.1, port: "\${PORT}", expect: [open == false] }\n`);

    const run = await runCli(['lint', file, '--var', 'PORT=9'], { env: {} });

    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('reports an unknown check kind with a suggestion and the known kinds', async () => {
    const file = await planFile(`name: x\nitems:\n  - id: a\n    title: a\n    check: { kind: tpc, host: h, port: 1 }\n`);

    const run = await runCli(['lint', file], { env: {} });

    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${file}:5:20  unknown check kind "tpc" (did you mean "tcp"?); known kinds: `);
  });

  it('warns when a rollout guard or trigger reads a monitor that does not exist or cannot be read', async () => {
    const file = await planFile(
      'name: x\nitems: []\nmonitors:\n  - { id: error_rate, metric: 错误率 }\nrollout:\n  stages: [{ percent: 10, guard: ["errors_rate < 1%"] }]\n  rollbackWhen: [{ condition: "error_rate > 1%", for: 10m }]\n',
    );

    const run = await runCli(['lint', file], { env: {} });

    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:6:36  warning: condition reads "errors_rate", which is not a monitor (did you mean "error_rate"?): it stays without data (inconclusive) until monitors has one with that id and a check`,
      `${file}:7:32  warning: monitor "error_rate" has no check to read its value: the condition stays inconclusive`,
    ]);
  });

  it('for: 0x and 1.5x are one clear error at the field, in both languages; a duration shorter than the evaluation interval is a warning', async () => {
    const file = await planFile(`name: x
items: []
monitors:
  - { id: error_rate, metric: 错误率, check: { kind: prometheus, url: "http://127.0.0.1:9090", query: up }, for: 3x, clearFor: 20s }
  - { id: cpu, metric: CPU, check: { kind: prometheus, url: "http://127.0.0.1:9090", query: up }, for: 0x }
rollout:
  interval: 1m
  stages: [{ percent: 10 }]
  rollbackWhen:
    - { condition: "error_rate > 1%", for: 1.5x }
    - { condition: "error_rate > 2%", for: 10s }
    - { condition: "error_rate > 3%", for: 3x }
    - { condition: "error_rate > 4%", for: 2m }
    - { condition: "error_rate > 5%", for: 3 times }
`);

    const run = await runCli(['lint', file], { env: {} });
    const zh = await runCli(['lint', file, '--lang', 'zh-CN'], { env: {} });

    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:4:125  warning: monitors[0].clearFor: 20s is shorter than the evaluation interval (1m): conditions are only read every 1m, so this means two checks in a row; write 2x to say so, or a duration of at least 1m`,
      `${file}:5:104  monitors[1].for: "0x" is not a number of consecutive checks: write a whole number of at least 1 followed by x, e.g. 3x`,
      `${file}:10:44  rollout.rollbackWhen[0].for: "1.5x" is not a number of consecutive checks: write a whole number of at least 1 followed by x, e.g. 3x`,
      `${file}:11:44  warning: rollout.rollbackWhen[1].for: 10s is shorter than the evaluation interval (1m): conditions are only read every 1m, so this means two checks in a row; write 2x to say so, or a duration of at least 1m`,
      `${file}:14:44  rollout.rollbackWhen[4].for: expected a duration such as 30s, 5m or 1h, or a number of consecutive checks such as 3x; got "3 times"`,
    ]);
    expect(zh.stdout).toContain(`${file}:5:104  monitors[1].for："0x" 不是有效的连续次数：请写不小于 1 的整数加 x，例如 3x（连续 3 次）`);
    expect(zh.stdout).toContain('rollout.rollbackWhen[1].for：10s 短于评估间隔（1m）');
  });

  it('answers malformed YAML with a position and no stack trace', async () => {
    const file = await planFile('name: x\nitems:\n  - id: a\n   title: [unclosed\n');

    const run = await runCli(['lint', file], { env: {} });

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^${file}:\\d+:\\d+  YAML syntax: `));
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says clearly when the plan file does not exist', async () => {
    const run = await runCli(['lint', '/nonexistent/golive.yaml'], { env: {} });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('golive: plan file not found: /nonexistent/golive.yaml (create one with "golive init" or "golive import CHECKLIST.md")\n');
  });
});

describe('golive lint: notification targets', () => {
  it('warns about a webhook URL or secret written into the plan, and refuses duplicate target ids', async () => {
    const file = await planFile(`name: demo
items: []
notifications:
  - { id: team, type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc" }
  - { id: team, type: dingtalk, url: "\${DING_URL}", secret: SECabc }
  - { id: ok, type: slack, url: "\${SLACK_URL}" }
`);

    const run = await runCli(['lint', file], { env: { DING_URL: 'x', SLACK_URL: 'y' } });

    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:4:35  warning: notifications[0].url is a credential written in the plan; put it in a variable (e.g. "\${WECOM_WEBHOOK}") set in an env file or the environment`,
      `${file}:5:11  duplicate notification target id "team" (first used on line 4)`,
      `${file}:5:61  warning: notifications[1].secret is a credential written in the plan; put it in a variable (e.g. "\${WECOM_WEBHOOK}") set in an env file or the environment`,
    ]);
  });
});
