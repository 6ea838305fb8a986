import type { InitAnswers } from '../answers.js';

/**
 * Template text is written with String.raw so regexes keep their backslashes; plan variables are
 * written `$\{NAME}` there (a plain `${` would be a TypeScript substitution) and restored by `finish`.
 */
export function finish(text: string): string {
  return `${text.replace(/\$\\\{/g, '${').trim()}\n`;
}

/** A YAML double-quoted scalar for a value a person typed (plan name). */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/** The first lines of every template: schema line for editors, what this file is, how to try it. */
export function header(answers: InitAnswers, title: { en: string; zh: string }): string {
  return String.raw`
# yaml-language-server: $schema=./golive.schema.json
# Editor completion: run "golive schema > golive.schema.json" once (again after upgrading golive).
# 编辑器自动补全：执行一次 "golive schema > golive.schema.json"（升级 golive 后再执行一次）。
#
# golive plan — ${title.en}
# golive 上线计划 —— ${title.zh}
#
#   golive lint                                  # check this file / 检查本文件
#   golive check -e staging                      # run every automated check / 运行所有自动检查
#   golive check -e production --format html -o report.html
#
# Everything below is a starting point: delete what your project does not have, add what it does.
# 以下内容只是起点：删掉项目没有的，补上项目特有的。

name: ${quoted(answers.name)}
`;
}

/** Roles with sign-offs: the four people seed checklists ask to confirm a launch. */
export const roles = String.raw`
# Roles: who owns items, and who must sign the run before the gate can pass (signoff: true).
# 角色：谁负责哪些检查项；signoff: true 的角色必须签字，闸门才能通过。
roles:
  - id: tech-lead
    title: 技术负责人 / Tech lead
    duties: Owns the release; signs last / 对发布负责，最后签字
    signoff: true
  - id: qa
    title: 测试负责人 / QA
    duties: Regression and online verification / 回归测试与线上验证
    signoff: true
  - id: ops
    title: 运维负责人 / Ops
    duties: Servers, containers, backups, monitoring / 服务器、容器、备份、监控
    signoff: true
  - id: product
    title: 产品负责人 / Product
    duties: WeChat console, review, release to users / 微信后台、提交审核、发布
    signoff: true
`;

/** Categories with weights: the overall score is their weighted mean. */
export const categories = String.raw`
# Categories: each gets a 0–10 score from its items (blocker 8, high 4, medium 2, low 1);
# the overall score is the weighted mean. The gate also needs every blocker passed.
# 分类：每类按检查项结果计 0–10 分（阻塞 8、高 4、中 2、低 1 加权），总分为各类加权平均。
# 闸门还要求所有阻塞项通过。
categories:
  - { id: backend, title: 后端 / Backend, weight: 3 }
  - { id: security, title: 安全 / Security, weight: 3 }
  - { id: frontend, title: 小程序 / Mini-program, weight: 2 }
  - { id: ops, title: 运维 / Ops, weight: 2 }
  - { id: release, title: 发布 / Release, weight: 1 }

gate:
  threshold: 8 # minimum overall score / 总分门槛
`;

/** The launch phases, with the windows seed checklists use. */
export const phases = String.raw`
# Phases, in launch order; window is when it happens relative to launch day T.
# 阶段（按上线顺序）；window 表示相对上线日 T 的时间。
phases:
  - { id: prepare, title: 上线前准备 / Prepare, window: T-1d }
  - { id: deploy, title: 部署执行 / Deploy, window: "T 10:00-10:30" }
  - { id: verify, title: 上线验证 / Verify, window: "T 10:30-11:00" }
  - { id: gray, title: 灰度发布 / Gray release, window: T..T+1d }
  - { id: post-launch, title: 上线后巡检 / Post-launch, window: T+0..T+7 }
`;

/** WeChat console steps: no API exists for them, so they are manual items with evidence. */
export function wechatManualItems(answers: InitAnswers): string {
  return String.raw`
  # ── WeChat console: no API, a person verifies and records evidence (golive item … --evidence)
  # ── 微信后台：没有接口，需要人工确认并记录证据
  - id: wechat-server-domains
    title: 小程序后台服务器域名已切换为正式域名 / Server domains point at production
    phase: prepare
    category: frontend
    priority: blocker
    owner: product
    manual:
      method: 微信公众平台 → 开发管理 → 开发设置 → 服务器域名 / mp.weixin.qq.com → Development → Server domains
      expected: request/upload/download 合法域名只有 https://${answers.apiDomain} / only https://${answers.apiDomain}
    why: 只改了小程序域名忘了改后端，或反过来，线上请求全部失败 / Requests fail when the app and backend disagree
  - id: wechat-filing
    title: 小程序备案已完成 / ICP filing (备案) approved
    phase: prepare
    category: release
    priority: blocker
    owner: product
    manual:
      method: 微信公众平台 → 设置 → 基本设置 → 备案信息 / Settings → Basic → Filing
      expected: 显示「已备案」 / shows "filed"
  - id: wechat-privacy
    title: 隐私保护指引与权限说明已更新 / Privacy guide and permissions declared
    phase: prepare
    category: release
    priority: high
    owner: product
    manual:
      method: 微信公众平台 → 设置 → 服务内容声明 → 用户隐私保护指引 / Settings → Privacy guide
      expected: 代码中用到的每个隐私接口都已声明用途 / every privacy API used in code is declared
  - id: wechat-review
    title: 已提交微信审核并通过 / Submitted for WeChat review and approved
    phase: deploy
    category: release
    priority: blocker
    owner: product
    manual:
      method: 开发者工具「上传」填写版本号 → 微信公众平台 → 版本管理 → 提交审核（附测试账号，勿写进本文件） / Upload, then Version management → Submit for review (test accounts go in the review form, never in this file)
      expected: 版本管理显示「审核通过」 / shows "approved"
  - id: online-smoke
    title: 扫码进入线上版本，登录、支付、数据加载正常 / Scan the live version — login, pay, data load
    phase: verify
    category: frontend
    priority: blocker
    owner: qa
    manual:
      method: 用真机扫体验版/线上版二维码，走一遍登录、下单支付（0.01 元）、列表加载 / Scan on a real phone; log in, pay 0.01, load lists
      expected: 数据来自生产库，支付回调后订单状态更新 / data comes from production; the order updates after the pay callback
    why: 支付回调地址还是测试环境时，用户付了钱订单不更新 / A test pay callback leaves paid orders unpaid
  - id: gray-10
    title: 分阶段发布 10% / Phased release to 10%
    phase: gray
    category: release
    priority: high
    owner: product
    manual:
      method: 微信公众平台 → 版本管理 → 分阶段发布 → 10% / Version management → Phased release → 10%
      expected: 显示「分阶段发布中 10%」，监控 24 小时无异常 / shows 10%, 24h of clean monitoring
  - id: gray-100
    title: 全量发布 / Release to everyone
    phase: gray
    category: release
    priority: high
    owner: product
    depends_on: [gray-10]
    manual:
      method: 灰度稳定 24 小时后点击「全量发布」 / After 24 stable hours click "Release to all"
      expected: 版本管理显示线上版本为新版本 / the live version is the new one
`;
}

/** Gray stages, rollback triggers and what happens when one fires. */
export function rollout(rollbackCommand: string, options: { readonly monitorsByHand?: boolean } = {}): string {
  const byHand = options.monitorsByHand
    ? String.raw`
  # The monitors below are watched by hand: a guard without data does not hold the rollout.
  # 下方监控项为人工观察：守护条件没有数据时不阻塞灰度。
  onInconclusive: proceed`
    : '';
  return String.raw`
# Rollout: gray stages with a hold time and guard conditions over the monitors below;
# rollback triggers fire when their condition holds for the given time.
# 灰度：每个阶段观察 hold 时长，guard 条件基于下方监控项；回滚触发条件持续满足 for 时长即触发。
rollout:
  stages:
    - percent: 10
      hold: 24h
      guard: [error_rate <= 1%, p95_latency < 500ms]
      manual: 微信公众平台 → 版本管理 → 分阶段发布 10% / Phased release 10%
    - percent: 100
      manual: 全量发布 / Release to everyone${byHand}
  rollbackWhen:
    - { id: errors, condition: error_rate > 1%, for: 5m, description: 系统错误率持续超过 1% / error rate above 1% }
    - { id: load, condition: cpu > 80%, for: 10m, description: 服务器负载持续超过 80% / load above 80% }
    - { id: p0, condition: p0_defects > 0, manual: true, description: 出现 P0 缺陷或数据泄露，由技术负责人判断 / a P0 defect or a data leak (the tech lead decides) }
  onTrigger:
    notify: [team]
    pause: true
    run: ${rollbackCommand}
  rollbackSteps:
    - 暂停分阶段发布 / Pause the phased release (WeChat console)
    - 回退后端到上一个镜像标签 / Roll the backend back to the previous tag
    - 如有数据迁移，按迁移脚本的 down 步骤回退 / Revert migrations with their down step, if any
    - 在群里通知并记录原因 / Tell the team and record why
`;
}

/** Monitors (rollout guards and rollback triggers read these) read from Prometheus. */
export const monitors = String.raw`
# Monitors: metrics the rollout guards and rollback triggers use. Point PROMETHEUS_URL at your
# server, or delete the check and watch the metric by hand.
# 监控项：灰度 guard 和回滚触发条件使用这些指标。PROMETHEUS_URL 指向你的 Prometheus，
# 没有的话删掉 check，改为人工观察。
monitors:
  - id: error_rate
    metric: 接口错误率 / API error rate
    threshold: value <= 1%
    for: 5m
    owner: ops
    notify: [team]
    check:
      kind: prometheus
      url: $\{PROMETHEUS_URL}
      query: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
  - id: p95_latency
    metric: 接口 P95 响应时间 / API p95 latency (ms)
    threshold: value < 500
    owner: ops
    check:
      kind: prometheus
      url: $\{PROMETHEUS_URL}
      query: 1000 * histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))
  - id: cpu
    metric: 服务器 CPU 使用率 / Server CPU usage
    threshold: value <= 80%
    for: 10m
    owner: ops
    check:
      kind: prometheus
      url: $\{PROMETHEUS_URL}
      query: 1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m]))
`;

/** Where notifications go; the webhook is a credential, so it comes from the env file. */
export const notifications = String.raw`
# Notifications: the WeCom (企业微信) group robot of the launch. Its URL is a credential:
# keep WECOM_WEBHOOK in the env file. DingTalk, Feishu/Lark, Slack and webhooks work the same way.
# 通知：上线群的企业微信机器人。URL 属于凭据，WECOM_WEBHOOK 写在 env 文件里。钉钉、飞书、Slack、webhook 同理。
notifications:
  - { id: team, type: wecom, url: "$\{WECOM_WEBHOOK}" }
`;

/** Repository scans every template runs: leftovers in shipped code and hard-coded credentials. */
export const scanItems = String.raw`
  - id: no-leftovers
    title: 小程序代码无 console.log、debugger、本地地址 / No console.log, debugger or local URLs in the mini-program
    phase: prepare
    category: frontend
    priority: high
    owner: tech-lead
    check: { kind: files, path: "$\{MINIPROGRAM_DIR}", leftovers: [console, debugger, localUrls], expect: [count == 0] }
  - id: no-todo
    title: 没有遗留的 TODO/FIXME / No TODO or FIXME left
    phase: prepare
    category: frontend
    priority: low
    owner: tech-lead
    check: { kind: files, path: ., leftovers: [todo], warn: [count == 0] }
  - id: no-secrets
    title: 仓库中没有硬编码的密钥和密码 / No hard-coded keys or passwords in the repository
    phase: prepare
    category: security
    priority: blocker
    owner: tech-lead
    check: { kind: secrets, path: ., expect: [count == 0] }
    why: 密钥一旦进入 git 历史就要轮换，清单里写服务器 root 密码也一样 / A key in git history must be rotated; so must a root password written in a checklist`;
