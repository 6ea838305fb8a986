import { describe, expect, it } from 'vitest';
import { fixtureView } from './__fixtures__/run-view.js';
import { displayWidth, padEnd, truncate } from './_width.js';
import { renderText, textReporter } from './text.js';

describe('text reporter', () => {
  it('renders the English summary: phases, failures first, evidence, manual items, score, gate, counts', () => {
    const text = renderText(fixtureView(), 'en', { color: false });

    expect(text).toMatchInlineSnapshot(`
      "golive · 茂名文旅 backend
      Environment: production · Release: v1.2.3-20260213 · Run: chk-20260213-1000

      Prepare / 上线前准备  (T-1d)
        ✖ jwt-strong  JWT_SECRET 至少 32 位  [high · security · @tech-lead]  fail · 3ms
            len: expected >= 32, got 12
            Target: .env.production JWT_SECRET
            Observed: present=true, len=12, value=••••3f
        ✖ no-leftovers  No console.log or debug switches left  [medium · security]  fail · 40ms
            count: expected 0, got 2
            Target: files miniprogram/
            Observed: count=2
            pages/index/index.js:12:5  console-log  console.log("<script>alert(1)</script>")
            utils/request.js:3  local-url  http://localhost:3000 & "debug"
        ! rds-host  数据库连接的是阿里云 RDS  [blocker · backend · @ops]  error · 15.0s
            connect ETIMEDOUT 10.0.0.5:3306 after 3 attempts
            Target: mysql rm-xxxx.mysql.rds.aliyuncs.com:3306
            3 attempts
        ▲ log-level  Log level is warn or error  [medium · backend]  warn · 2ms
            value: expected one of ["warn", "error"], got "info"
            Target: .env.production LOG_LEVEL
            Observed: value=info

      Deploy / 部署执行
        ✖ redis-closed  Redis 端口不对外开放  [blocker · security · @ops]  fail · 5ms
            open: expected false, got true
            Target: tcp 112.74.0.1:6379
            Observed: open=true, latencyMs=4
            ⚑ waived by 李工 until 2026-02-14T00:00:00.000Z: 安全组规则今晚变更
        - backup-fresh  备份在 26 小时内  [low · backend]  skip · 0ms
            depends on rds-host, which did not pass

      Verify / 上线验证
        ○ wechat-domains  小程序后台服务器域名已切换为正式域名  [high · backend · @qa]  pending (manual)
            How to verify: 微信公众平台 → 开发管理 → 开发设置 → 服务器域名
            Expected: request 合法域名只有 https://api.example.com
        ✔ healthz  健康检查返回 ok  [blocker · backend · @ops]  91ms
            ↺ failed in 2 of the last 3 launches

      Readiness score: 2.7/10
        后端 Backend     ████░░░░░░   4.1  1/4 passed      Weight 2
        Security | 安全  ░░░░░░░░░░   0.0  0/3 passed      Weight 1

      ✖ Gate failed: not ready to go live (threshold 8)
        - Blocker rds-host (数据库连接的是阿里云 RDS) could not be checked (error)
        - Sign-off missing: tech-lead (技术负责人 / Tech lead)
        - Readiness score 2.7/10 is below the threshold 8
        Accepted risks (waived blockers):
        ⚑ Blocker redis-closed (Redis 端口不对外开放) failed; risk accepted by 李工 until 2026-02-14T00:00:00.000Z: 安全组规则今晚变更

      Sign-offs
        ✔ qa  王工  2026-02-13T09:55:00.000Z

      8 items: 1 passed · 3 failed · 1 warning · 1 error · 1 skipped · 1 pending
      "
    `);
  });

  it('renders the Chinese summary', () => {
    const text = renderText(fixtureView(), 'zh-CN', { color: false });

    expect(text).toMatchInlineSnapshot(`
      "golive · 茂名文旅 backend
      环境：production · 版本：v1.2.3-20260213 · 执行：chk-20260213-1000

      Prepare / 上线前准备  (T-1d)
        ✖ jwt-strong  JWT_SECRET 至少 32 位  [高 · security · @tech-lead]  失败 · 3ms
            len：期望 >= 32，实际 12
            目标：.env.production JWT_SECRET
            观测值：present=true, len=12, value=••••3f
        ✖ no-leftovers  No console.log or debug switches left  [中 · security]  失败 · 40ms
            count：期望 0，实际 2
            目标：files miniprogram/
            观测值：count=2
            pages/index/index.js:12:5  console-log  console.log("<script>alert(1)</script>")
            utils/request.js:3  local-url  http://localhost:3000 & "debug"
        ! rds-host  数据库连接的是阿里云 RDS  [阻塞 · backend · @ops]  出错 · 15.0s
            连接 10.0.0.5:3306 超时（已尝试 3 次）
            目标：mysql rm-xxxx.mysql.rds.aliyuncs.com:3306
            3 次尝试
        ▲ log-level  Log level is warn or error  [中 · backend]  警告 · 2ms
            value：期望为 ["warn", "error"] 之一，实际 "info"
            目标：.env.production LOG_LEVEL
            观测值：value=info

      Deploy / 部署执行
        ✖ redis-closed  Redis 端口不对外开放  [阻塞 · security · @ops]  失败 · 5ms
            open：期望 false，实际 true
            目标：tcp 112.74.0.1:6379
            观测值：open=true, latencyMs=4
            ⚑ 已由 李工 豁免，有效期至 2026-02-14T00:00:00.000Z：安全组规则今晚变更
        - backup-fresh  备份在 26 小时内  [低 · backend]  跳过 · 0ms
            依赖项 rds-host 未通过

      Verify / 上线验证
        ○ wechat-domains  小程序后台服务器域名已切换为正式域名  [高 · backend · @qa]  待人工确认
            验证方法：微信公众平台 → 开发管理 → 开发设置 → 服务器域名
            预期结果：request 合法域名只有 https://api.example.com
        ✔ healthz  健康检查返回 ok  [阻塞 · backend · @ops]  91ms
            ↺ 最近 3 次上线中失败 2 次

      就绪度评分：2.7/10
        后端 Backend     ████░░░░░░   4.1  通过 1/4        权重 2
        Security | 安全  ░░░░░░░░░░   0.0  通过 0/3        权重 1

      ✖ 闸门未通过：暂不可上线 (门槛 8)
        - 阻塞项 rds-host（数据库连接的是阿里云 RDS）无法检查（出错）
        - 缺少签字确认：tech-lead (技术负责人 / Tech lead)
        - 就绪度评分 2.7/10 低于门槛 8
        已接受的风险（豁免的阻塞项）：
        ⚑ 阻塞项 redis-closed（Redis 端口不对外开放）失败；李工 已接受该风险，有效期至 2026-02-14T00:00:00.000Z：安全组规则今晚变更

      签字确认
        ✔ qa  王工  2026-02-13T09:55:00.000Z

      共 8 项：通过 1 · 失败 3 · 警告 1 · 出错 1 · 跳过 1 · 待确认 1
      "
    `);
  });

  it('colours only when asked, and the registered reporter never does', () => {
    const view = fixtureView();

    const coloured = renderText(view, 'en', { color: true });
    const registered = textReporter.render(view, 'en');

    expect(coloured).toContain('\u001b[31m✖\u001b[39m');
    expect(registered).not.toContain('\u001b[');
    expect(registered).toBe(renderText(view, 'en', { color: false }));
  });

  it('never lists a manual item as passing', () => {
    const text = renderText(fixtureView(), 'en', { color: false });

    const line = text.split('\n').find((candidate) => candidate.includes('wechat-domains'));

    expect(line).toMatch(/^ {2}○ wechat-domains .* pending \(manual\)$/);
  });
});

describe('display width', () => {
  it('counts CJK as two columns and colour codes as none', () => {
    expect(displayWidth('后端 Backend')).toBe(12);
    expect(displayWidth('\u001b[31mok\u001b[39m')).toBe(2);
    expect(padEnd('安全', 6)).toBe('安全  ');
  });

  it('truncates by columns without splitting a character', () => {
    expect(truncate('小程序后台服务器域名', 9)).toBe('小程序后…');
    expect(truncate('short', 9)).toBe('short');
  });
});
