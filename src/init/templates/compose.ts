import type { InitAnswers } from '../answers.js';
import { categories, finish, header, monitors, notifications, phases, roles, rollout, scanItems, wechatManualItems } from './_sections.js';

function proxyItems(answers: InitAnswers): string {
  if (answers.proxy === 'nginx') {
    return String.raw`
  - id: proxy-config
    title: Nginx 配置语法正确 / Nginx configuration is valid
    phase: deploy
    category: ops
    priority: high
    owner: ops
    check:
      kind: command
      run: [docker, compose, exec, -T, nginx, nginx, -t]
      expect: [exit_code == 0, stderr contains "syntax is ok"]
  - id: proxy-running
    title: Nginx 容器在运行 / Nginx container is running
    phase: deploy
    category: ops
    priority: blocker
    owner: ops
    check: { kind: docker, container: nginx, expect: [running == true, restart_count < 3] }`;
  }
  return String.raw`
  - id: proxy-config
    title: Caddyfile 校验通过 / Caddyfile is valid
    phase: deploy
    category: ops
    priority: high
    owner: ops
    check:
      kind: command
      run: [docker, compose, exec, -T, caddy, caddy, validate, --config, /etc/caddy/Caddyfile]
      expect: [exit_code == 0]
  - id: proxy-running
    title: Caddy 容器在运行 / Caddy container is running
    phase: deploy
    category: ops
    priority: blocker
    owner: ops
    check: { kind: docker, container: caddy, expect: [running == true, restart_count < 3] }`;
}

/** docker compose backend (MySQL, Redis) behind Caddy or Nginx: the stack of seeds 000, 001 and 004. */
export function composeTemplate(answers: InitAnswers): string {
  const proxy = answers.proxy === 'nginx' ? 'Nginx' : 'Caddy';
  return finish(String.raw`
${header(answers, {
  en: `docker compose backend (MySQL, Redis) behind ${proxy}, WeChat mini-program`,
  zh: `docker compose 后端（MySQL、Redis），前置 ${proxy}，微信小程序`,
})}
description: 每次正式环境发布前的检查、灰度与巡检 / Checks, gray release and inspection before every production release

# Variables: written $\{NAME} anywhere below. Values that differ per environment go under
# environments; secrets (passwords, keys, webhooks) go in each environment's env file, which
# is never committed. golive redacts secrets in every report, log and database row.
# 变量：下文以 $\{NAME} 引用。各环境不同的值写在 environments 下；机密（密码、密钥、webhook）
# 写在各环境的 env 文件中，不要提交到 git。golive 在所有报告、日志和数据库中对机密脱敏。
variables:
  API_DOMAIN:
    value: ${answers.apiDomain}
    description: API 域名（不带 https://） / API host name
  MINIPROGRAM_DIR: ${answers.miniprogramDir}
  ENV_FILE:
    value: .env.production
    description: 后端的 env 文件，相对本文件 / the backend env file, relative to this plan
  BACKEND_CONTAINER:
    value: backend
    description: docker compose 中后端服务的容器名 / container name of the backend service
  BACKUP_DIR: /backup/mysql
  PROMETHEUS_URL: http://127.0.0.1:9090
  DB_HOST:
    description: 数据库主机，生产为阿里云 RDS 域名 / database host (Aliyun RDS in production)
    example: rm-xxxx.mysql.rds.aliyuncs.com
  DB_USER:
    example: app_readonly
  DB_PASSWORD:
    secret: true
    description: 来自 env 文件 / from the env file
  WECOM_WEBHOOK:
    secret: true
    description: 企业微信群机器人地址，来自 env 文件 / WeCom robot URL, from the env file

# Environments: staging, 准生产 (pre-production: the new build against the production
# database) and production. envFiles are dotenv files (KEY=value) whose entries become variables.
# 环境：测试、准生产（新版本连接正式库）和生产。envFiles 为 dotenv 文件，其中的键值成为变量。
environments:
  staging:
    title: 测试环境 / Staging
    variables: { API_DOMAIN: staging-${answers.apiDomain}, ENV_FILE: .env.staging }
    envFiles: [.env.staging]
  preprod:
    title: 准生产（正式库） / Pre-production (production database)
    variables: { API_DOMAIN: preprod-${answers.apiDomain}, ENV_FILE: .env.preprod }
    envFiles: [.env.preprod]
  production:
    title: 生产环境 / Production
    envFiles: [.env.production]
${roles}${categories}${phases}
# Items: one per thing that must be true before users see the release. An item has a check
# (a machine verifies it: { kind, ...fields, expect: [conditions] }) or a manual verification.
# Conditions read like "status == 200", "len >= 32", "days_left > 30"; see docs/expectation-language.md.
# 检查项：上线前必须成立的每一件事。自动检查写 check（{ kind, 字段…, expect: [条件] }），
# 否则写 manual（人工验证方法与预期结果）。
items:
  # ── Code and build / 代码与构建
  - id: release-tag
    title: 代码已打发布标签 v1.2.3-YYYYMMDD 且工作区干净 / Release tag on HEAD, clean tree
    phase: prepare
    category: release
    priority: high
    owner: tech-lead
    check:
      kind: git
      path: .
      expect: [clean == true, 'head_tag matches /^v\d+\.\d+\.\d+-\d{8}$/']
  - id: tests-pass
    title: 后端测试通过 / Backend tests pass
    phase: prepare
    category: backend
    priority: high
    owner: qa
    check: { kind: command, run: [npm, test], timeout: 10m, expect: [exit_code == 0] }
  - id: miniprogram-config
    title: 小程序请求 https 正式域名，不含 IP/localhost / Mini-program calls the production https domain
    phase: prepare
    category: frontend
    priority: blocker
    owner: tech-lead
    check:
      kind: miniprogram
      project: $\{MINIPROGRAM_DIR}
      domains: { request: ["https://$\{API_DOMAIN}"] }
      expect: [base_urls_https == true, base_urls_no_ip == true, base_urls_in_domains == true, api_weixin_in_client == false]
      warn: [debug != true, url_check != false]${scanItems}

  # ── Backend configuration, read from the env file / 后端配置（读取 env 文件）
  - id: jwt-secret
    title: JWT_SECRET 至少 32 位且不是占位符 / JWT_SECRET is 32+ characters, not a placeholder
    phase: prepare
    category: security
    priority: blocker
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: JWT_SECRET, expect: [len >= 32, is_placeholder == false] }
    why: 弱密钥可被爆破，伪造任意用户登录 / A weak key lets anyone forge a login
  - id: cors-not-star
    title: CORS 不是 * / CORS is not "*"
    phase: prepare
    category: security
    priority: high
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: CORS_ORIGINS, expect: [present == true, value != "*"] }
  - id: debug-routes-off
    title: 调试路由已关闭 / Debug routes are off
    phase: prepare
    category: security
    priority: high
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: ENABLE_DEBUG_ROUTES, expect: ['not (lower(value) in ["true", "1", "yes", "on"])'] }
  - id: log-level
    title: 日志级别为 warn 或 error / Log level is warn or error
    phase: prepare
    category: ops
    priority: medium
    owner: ops
    check: { kind: env, file: "$\{ENV_FILE}", name: LOG_LEVEL, expect: ['lower(value) in ["warn", "error"]'] }
    why: 日志级别还是 debug 时日志暴涨，拖慢服务 / Debug logging floods disks and slows the service
  - id: db-host-rds
    title: 数据库连接的是阿里云 RDS 正式库 / The database is the production RDS instance
    phase: prepare
    category: backend
    priority: blocker
    owner: ops
    check: { kind: env, file: "$\{ENV_FILE}", name: DB_HOST, expect: ['value matches /\.rds\.aliyuncs\.com$/'] }
    why: 只改了小程序域名、忘记改后端库，测试数据混入生产 / Test data ends up in production
  - id: oss-bucket
    title: OSS Bucket 是生产桶 / OSS bucket is the production one
    phase: prepare
    category: backend
    priority: high
    owner: ops
    check: { kind: env, file: "$\{ENV_FILE}", name: OSS_BUCKET, expect: [is_placeholder == false, 'not (lower(value) matches /test|dev|staging/)'] }
    why: OSS 未切换时图片传到测试桶，正式环境看不到 / Uploads land in the test bucket
  - id: pay-callback
    title: 微信支付回调指向正式域名 / WeChat Pay callback uses the production domain
    phase: prepare
    category: backend
    priority: blocker
    owner: tech-lead
    check: { kind: env, file: "$\{ENV_FILE}", name: WXPAY_NOTIFY_URL, expect: ['value matches /^https:\/\//', 'value contains "$\{API_DOMAIN}"'] }
    why: 回调还是测试地址时，用户付款成功但订单不更新 / Paid orders stay unpaid

  # ── Deploy / 部署
  - id: backend-running
    title: 后端容器在运行，镜像标签符合规范 / Backend container runs a release-tagged image
    phase: deploy
    category: ops
    priority: blocker
    owner: ops
    check:
      kind: docker
      container: $\{BACKEND_CONTAINER}
      expect: [running == true, 'tag matches /^v\d+\.\d+\.\d+-\d{8}$/', restart_count < 3]
      warn: ['health in ["healthy", "none"]']
  - id: map-key-injected
    title: 容器内已注入腾讯地图 Key / Tencent Map key is injected in the container
    phase: deploy
    category: backend
    priority: high
    owner: ops
    check: { kind: env, container: "$\{BACKEND_CONTAINER}", name: TENCENT_MAP_KEY, expect: [present == true, is_placeholder == false, len == 35] }
    why: Key 未注入时路线计算退回默认值（30 分钟/15 公里） / Routes fall back to defaults without it
${proxyItems(answers)}
  - id: mysql-reachable
    title: 后端能连上生产数据库 / The production database answers
    phase: deploy
    category: backend
    priority: blocker
    owner: ops
    check:
      kind: mysql
      host: $\{DB_HOST}
      user: $\{DB_USER}
      password: $\{DB_PASSWORD}
      query: SELECT 1
      expect: [connected == true, value == 1, read_only == false]
  - id: mysql-closed
    title: MySQL 端口不对公网开放 / MySQL port is closed to the internet
    phase: deploy
    category: security
    priority: blocker
    owner: ops
    check: { kind: tcp, host: "$\{API_DOMAIN}", port: 3306, timeout: 3s, expect: [open == false] }
  - id: redis-closed
    title: Redis 端口不对公网开放 / Redis port is closed to the internet
    phase: deploy
    category: security
    priority: blocker
    owner: ops
    check: { kind: tcp, host: "$\{API_DOMAIN}", port: 6379, timeout: 3s, expect: [open == false] }
  - id: redis-ping
    title: Redis 可用（在服务器上运行 golive） / Redis answers (run golive on the server)
    phase: deploy
    category: backend
    priority: high
    owner: ops
    check: { kind: redis, host: 127.0.0.1, port: 6379, expect: [ping == "PONG", role == "master"] }

  # ── Verify online / 线上验证
  - id: healthz
    title: 健康检查返回 ok / Health check says ok
    phase: verify
    category: backend
    priority: blocker
    owner: qa
    check:
      kind: http
      url: https://$\{API_DOMAIN}/healthz
      retries: 2
      expect: [status == 200, body.status == "ok", latency < 500ms]
      warn: ['headers["strict-transport-security"] exists']
  - id: debug-route-hidden
    title: 线上访问调试接口被拒绝 / Debug endpoints are not reachable online
    phase: verify
    category: security
    priority: high
    owner: qa
    check: { kind: http, url: "https://$\{API_DOMAIN}/debug/vars", expect: ['status in [401, 403, 404]'] }
  - id: tls-valid
    title: HTTPS 证书有效且 30 天内不过期 / TLS certificate valid for 30+ days
    phase: verify
    category: security
    priority: blocker
    owner: ops
    check: { kind: tls, host: "$\{API_DOMAIN}", expect: [hostname_valid == true, chain_valid == true, days_left > 30] }
  - id: dns-resolves
    title: 域名解析到正式服务器 / The domain resolves
    phase: verify
    category: ops
    priority: high
    owner: ops
    check: { kind: dns, name: "$\{API_DOMAIN}", type: A, expect: ['rcode == "NOERROR"', len(a) > 0] }
  - id: backup-fresh
    title: 数据库备份在 26 小时内 / A database backup younger than 26 hours
    phase: verify
    category: ops
    priority: high
    owner: ops
    check: { kind: backup, path: "$\{BACKUP_DIR}", pattern: "*.sql.gz", expect: [count > 0, newest_age < 26h, newest_size > 1KB] }
    why: 没有备份，回滚只能回代码不能回数据 / Without a backup a rollback cannot restore data
${wechatManualItems(answers)}
${rollout('[./scripts/rollback.sh, previous]')}
${monitors}
# Inspection after launch (T+0..T+7): items re-checked on a schedule by "golive worker".
# 上线后巡检（T+0..T+7）：golive worker 按计划重复检查这些项。
inspections:
  - id: hourly-first-day
    title: 首日每小时巡检 / Hourly on launch day
    schedule: every 1h
    for: 1d
    items: [healthz, backend-running, proxy-running]
  - id: daily-7d
    title: 7 天每日巡检 / Daily for 7 days
    schedule: daily 09:00
    for: 7d
    items: [healthz, tls-valid, backend-running, backup-fresh, mysql-closed, redis-closed]

# Guards: "golive guard -- <command>" refuses forbidden commands and runs deploy commands
# only after the gate passed.
# 守卫：通过 "golive guard -- <命令>" 执行时，禁止的命令会被拒绝，部署命令须闸门通过后才执行。
guards:
  - command: docker compose down -v
    action: forbid
    reason: 会删除数据卷（MySQL/Redis 数据） / deletes the MySQL and Redis volumes
  - command: docker volume rm
    action: forbid
    reason: 同上 / same
  - command: docker compose up -d
    action: require-gate
    environments: [production]
${notifications}`);
}
