import type { InitAnswers } from '../answers.js';
import { categories, finish, header, notifications, phases, roles, rollout, scanItems, wechatManualItems } from './_sections.js';

/** A serverless backend (Vercel or similar) with a hosted database, as in seed 003. */
export function serverlessTemplate(answers: InitAnswers): string {
  return finish(String.raw`
${header(answers, { en: 'serverless backend (Vercel or similar), hosted database, WeChat mini-program', zh: 'Serverless 后端（Vercel 等）、托管数据库、微信小程序' })}
description: Serverless 后端与小程序的上线执行计划 / Launch plan for a serverless backend and its mini-program

# Variables: written $\{NAME} anywhere below. Secrets (DATABASE_URL, webhooks) come from the env
# file pulled from the platform ("vercel env pull --environment=production .env.production.local"),
# which must never be committed. Test accounts belong in the WeChat review form, not here.
# 变量：下文以 $\{NAME} 引用。机密（DATABASE_URL、webhook）来自从平台拉取的 env 文件
# （"vercel env pull --environment=production .env.production.local"），不要提交到 git。
# 测试账号只填在微信审核表单里，不要写进本文件。
variables:
  API_DOMAIN:
    value: ${answers.apiDomain}
    description: API 域名（不带 https://） / API host name
  MINIPROGRAM_DIR: ${answers.miniprogramDir}
  ENV_FILE:
    value: .env.production.local
    description: 从平台拉取的 env 文件 / env file pulled from the platform
  DATABASE_URL:
    secret: true
    description: mysql://user:password@host:3306/db，来自 env 文件 / from the env file
  WECOM_WEBHOOK:
    secret: true
    description: 企业微信群机器人地址 / WeCom robot URL

# Environments: the platform's preview and production deployments, and 准生产 (a preview
# deployment connected to the production database).
# 环境：平台的预览与生产部署，以及准生产（连接正式库的预览部署）。
environments:
  staging:
    title: 预览环境 / Preview
    variables: { API_DOMAIN: staging-${answers.apiDomain}, ENV_FILE: .env.preview.local }
    envFiles: [.env.preview.local]
  preprod:
    title: 准生产（正式库） / Pre-production (production database)
    variables: { API_DOMAIN: preprod-${answers.apiDomain}, ENV_FILE: .env.preprod.local }
    envFiles: [.env.preprod.local]
  production:
    title: 生产环境 / Production
    envFiles: [.env.production.local]
${roles}${categories}${phases}
# Items: a check when a machine can verify it ({ kind, ...fields, expect: [conditions] }),
# otherwise manual (method + expected result).
# 检查项：机器能验证的写 check，否则写 manual（验证方法 + 预期结果）。
items:
  # ── Code and build / 代码与构建
  - id: release-tag
    title: 代码已打发布标签且工作区干净 / Release tag on HEAD, clean tree
    phase: prepare
    category: release
    priority: high
    owner: tech-lead
    check: { kind: git, path: ., expect: [clean == true, 'head_tag matches /^v\d+\.\d+\.\d+/'] }
  - id: build-passes
    title: 生产构建成功 / Production build succeeds
    phase: prepare
    category: backend
    priority: blocker
    owner: tech-lead
    check: { kind: command, run: [npm, run, build], timeout: 10m, expect: [exit_code == 0] }
  - id: tests-pass
    title: P0/P1 缺陷已修复，测试通过 / Tests pass, P0/P1 defects fixed
    phase: prepare
    category: backend
    priority: high
    owner: qa
    check: { kind: command, run: [npm, test], timeout: 10m, expect: [exit_code == 0] }
  - id: miniprogram-config
    title: 小程序 apiBaseUrl 指向 https 正式域名 / Mini-program apiBaseUrl is the production https domain
    phase: prepare
    category: frontend
    priority: blocker
    owner: tech-lead
    check:
      kind: miniprogram
      project: $\{MINIPROGRAM_DIR}
      domains: { request: ["https://$\{API_DOMAIN}"] }
      expect: [base_urls_https == true, base_urls_no_ip == true, base_urls_in_domains == true, api_weixin_in_client == false]${scanItems}

  # ── Platform configuration, from the pulled env file / 平台配置（读取拉取的 env 文件）
  - id: jwt-secret
    title: JWT_SECRET 至少 32 位且不是占位符 / JWT_SECRET is 32+ characters, not a placeholder
    phase: prepare
    category: security
    priority: blocker
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: JWT_SECRET, expect: [len >= 32, is_placeholder == false] }
  - id: cors-not-star
    title: CORS 不是 * / CORS is not "*"
    phase: prepare
    category: security
    priority: high
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: CORS_ORIGINS, expect: [present == true, value != "*"] }
  - id: node-env
    title: NODE_ENV 为 production / NODE_ENV is production
    phase: prepare
    category: backend
    priority: high
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: NODE_ENV, expect: [value == "production"] }
  - id: log-level
    title: 日志级别为 warn 或 error / Log level is warn or error
    phase: prepare
    category: ops
    priority: medium
    owner: ops
    check: { kind: env, file: "$\{ENV_FILE}", name: LOG_LEVEL, expect: ['lower(value) in ["warn", "error"]'] }
  - id: test-data-cleaned
    title: 生产库中没有测试账号数据 / No test accounts in the production database
    phase: deploy
    category: backend
    priority: blocker
    owner: qa
    check:
      kind: mysql
      dsn: $\{DATABASE_URL}
      # Adjust the table and the test phone numbers / 按实际表名与测试手机号修改
      query: SELECT COUNT(*) FROM users WHERE phone LIKE '1380013800%'
      expect: [connected == true, value == 0]
    why: 测试数据留在生产库会污染统计，测试账号可被他人登录 / Test accounts in production can be used by anyone

  # ── Verify online / 线上验证
  - id: healthz
    title: 健康检查返回 200 与健康状态 / Health endpoint answers 200 and ok
    phase: verify
    category: backend
    priority: blocker
    owner: qa
    check:
      kind: http
      url: https://$\{API_DOMAIN}/api/health
      retries: 2
      expect: [status == 200, body.status == "ok", latency < 500ms]
  - id: tls-valid
    title: HTTPS 证书有效且 30 天内不过期 / TLS certificate valid for 30+ days
    phase: verify
    category: security
    priority: blocker
    owner: ops
    check: { kind: tls, host: "$\{API_DOMAIN}", expect: [hostname_valid == true, chain_valid == true, days_left > 30] }
  - id: dns-cname
    title: 域名 CNAME 指向平台 / The domain is a CNAME to the platform
    phase: verify
    category: ops
    priority: high
    owner: ops
    check: { kind: dns, name: "$\{API_DOMAIN}", type: CNAME, expect: ['rcode == "NOERROR"', len(cname) > 0] }
  - id: compat
    title: iOS 15+/Android 10+ 与微信最新版兼容 / Works on iOS 15+, Android 10+, latest WeChat
    phase: verify
    category: frontend
    priority: high
    owner: qa
    manual:
      method: 真机测试矩阵：iOS 15/16/17，Android 10-13，微信最新版与上一稳定版 / device matrix
      expected: 核心流程无报错、无错位 / core flows work without errors or layout breaks
${wechatManualItems(answers)}
${rollout('[vercel, rollback, --yes]', { monitorsByHand: true })}
# Monitors: read from the platform's analytics by hand unless you export them to Prometheus
# (then add check: { kind: prometheus, url, query } as in the compose template).
# 监控项：默认在平台的统计页面人工观察；如已接入 Prometheus，可加 check（参见 compose 模板）。
monitors:
  - { id: error_rate, metric: 接口错误率 / API error rate, threshold: value <= 0.1%, for: 5m, owner: ops, notify: [team] }
  - { id: p95_latency, metric: 接口响应时间 P95（毫秒） / API p95 latency (ms), threshold: value < 500, owner: ops }
  - { id: cpu, metric: 函数并发/负载 / function load, threshold: value <= 80%, for: 10m, owner: ops }

# Inspection after launch: re-run these items on a schedule (golive worker).
# 上线后巡检：golive worker 按计划重复检查。
inspections:
  - id: hourly-gray
    title: 灰度期间每小时巡检 / Hourly during the gray release
    schedule: every 1h
    for: 1d
    items: [healthz]
  - id: daily-7d
    title: 7 天每日巡检 / Daily for 7 days
    schedule: daily 09:00
    for: 7d
    items: [healthz, tls-valid, dns-cname]

# Guards: "golive guard -- <command>" refuses these in production.
# 守卫：通过 "golive guard -- <命令>" 执行时拒绝这些命令。
guards:
  - command: vercel env rm
    action: forbid
    environments: [production]
    reason: 删除生产环境变量会让线上立即出错 / removing production variables breaks the live service
  - command: vercel --prod
    action: require-gate
    environments: [production]
${notifications}`);
}
