import { describe, expect, it } from 'vitest';
import { bi } from '../core/text.js';
import { buildRunView } from './run-view.js';
import { fixturePlan, fixtureResults, fixtureView } from './__fixtures__/run-view.js';
import { findAll, parseXml } from './__fixtures__/xml.js';
import { renderJunit } from './junit.js';

describe('junit reporter', () => {
  it('writes one testsuite per phase and one testcase per item, with the right outcome elements', () => {
    const view = fixtureView();

    const root = parseXml(renderJunit(view, 'en'));

    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '8', failures: '3', errors: '1', skipped: '2' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((suite) => [suite.attributes.id, suite.attributes.tests])).toEqual([
      ['prepare', '4'],
      ['deploy', '2'],
      ['verify', '2'],
    ]);
    expect(findAll(root, 'testcase')).toHaveLength(8);
    expect(findAll(root, 'failure')).toHaveLength(3);
    expect(findAll(root, 'error')).toHaveLength(1);
    expect(findAll(root, 'skipped')).toHaveLength(2);
  });

  it('names cases by id and title, classes them by category, and times them in seconds', () => {
    const root = parseXml(renderJunit(fixtureView(), 'en'));

    const rds = findAll(root, 'testcase').find((testcase) => testcase.attributes.name?.startsWith('rds-host '));

    expect(rds?.attributes).toEqual({ classname: 'backend', name: 'rds-host 数据库连接的是阿里云 RDS', time: '15.000' });
    expect(rds?.children[0]?.attributes.message).toBe('connect ETIMEDOUT 10.0.0.5:3306 after 3 attempts');
  });

  it('puts the explanation in the failure message and says a pending item is manual', () => {
    const root = parseXml(renderJunit(fixtureView(), 'zh-CN'));

    const failure = findAll(root, 'failure').find((element) => element.text.includes('JWT_SECRET'));
    const pending = findAll(root, 'skipped').find((element) => element.attributes.message?.includes('服务器域名'));

    expect(failure?.attributes.message).toBe('len：期望 >= 32，实际 12');
    expect(pending?.attributes.message).toBe('人工项，待确认: 微信公众平台 → 开发管理 → 开发设置 → 服务器域名 → request 合法域名只有 https://api.example.com');
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    const hostile = '<script>alert("x")</script> & ]]> \u0000\u0008\uFFFE\uD800 tail';
    const view = buildRunView({
      id: 'x',
      plan: { ...fixturePlan, items: [{ ...fixturePlan.items[0]!, title: hostile }] },
      startedAt: '2026-02-13T10:00:00.000Z',
      finishedAt: '2026-02-13T10:00:01.000Z',
      results: [{ ...fixtureResults[0]!, status: 'fail', evidence: { reason: bi(hostile, hostile), observed: { body: hostile } } }],
    });

    const xml = renderJunit(view, 'en');
    const testcase = findAll(parseXml(xml), 'testcase')[0];

    expect(xml).not.toContain('<script>');
    expect(testcase?.attributes.name).toBe('healthz <script>alert("x")</script> & ]]>  tail');
    expect(testcase?.children[0]?.attributes.message).toBe('<script>alert("x")</script> & ]]>  tail');
  });
});
