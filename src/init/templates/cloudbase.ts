import type { InitAnswers } from '../answers.js';
import { categories, finish, header, notifications, phases, roles, rollout, scanItems, wechatManualItems } from './_sections.js';

/** WeChat CloudBase (云开发): cloud functions, database permissions and indexes, as in seed 002. */
export function cloudbaseTemplate(answers: InitAnswers): string {
  return finish(String.raw`
${header(answers, { en: 'WeChat CloudBase (云开发): cloud functions, database, mini-program', zh: '微信云开发：云函数、云数据库、小程序' })}
description: 云开发项目每次发布前的检查、灰度与巡检 / Checks, gray release and inspection for a CloudBase release

# Variables: written $\{NAME} anywhere below; per-environment values go under environments,
# secrets in the env files (never committed). golive redacts secrets in every report.
# 变量：下文以 $\{NAME} 引用；各环境不同的值写在 environments 下，机密写在 env 文件中（不要提交）。
variables:
  CLOUDBASE_ENV_ID:
    description: 云开发环境 ID（云开发控制台 → 设置） / CloudBase environment id
    example: prod-1a2b3c
    required: true
  API_DOMAIN:
    value: ${answers.apiDomain}
    description: HTTP 访问服务或自定义域名（不带 https://） / HTTP access or custom domain
  MINIPROGRAM_DIR: ${answers.miniprogramDir}
  FUNCTIONS_DIR: cloudfunctions
  BACKUP_DIR: backups
  WECOM_WEBHOOK:
    secret: true
    description: 企业微信群机器人地址，来自 env 文件 / WeCom robot URL, from the env file

# Environments: a CloudBase environment per stage. The tcb CLI (npm i -g @cloudbase/cli; tcb login)
# reads the id from CLOUDBASE_ENV_ID.
# 环境：每个阶段一个云开发环境。tcb 命令行（npm i -g @cloudbase/cli；tcb login）使用 CLOUDBASE_ENV_ID。
environments:
  staging:
    title: 测试环境 / Staging
    envFiles: [.env.staging]
  preprod:
    title: 准生产（正式数据） / Pre-production (production data)
    envFiles: [.env.preprod]
  production:
    title: 生产环境 / Production
    envFiles: [.env.production]
${roles}${categories}${phases}
# Items: a check when a machine can verify it ({ kind, ...fields, expect: [conditions] }),
# otherwise manual (method + expected result).
# 检查项：机器能验证的写 check，否则写 manual（验证方法 + 预期结果）。
items:
  # ── Code / 代码
  - id: release-tag
    title: 代码已提交并打发布标签 / Code committed and tagged
    phase: prepare
    category: release
    priority: high
    owner: tech-lead
    check: { kind: git, path: ., expect: [clean == true, 'head_tag matches /^v\d+\.\d+\.\d+/'] }
  - id: tests-pass
    title: 测试通过 / Tests pass
    phase: prepare
    category: backend
    priority: high
    owner: qa
    check: { kind: command, run: [npm, test], timeout: 10m, expect: [exit_code == 0] }
  - id: miniprogram-config
    title: 小程序配置检查（appid、不调用 api.weixin.qq.com、隐私接口已声明） / Mini-program project checks
    phase: prepare
    category: frontend
    priority: blocker
    owner: tech-lead
    check:
      kind: miniprogram
      project: $\{MINIPROGRAM_DIR}
      expect: [api_weixin_in_client == false, 'len(required_private_infos_missing) == 0']
      warn: [debug != true]${scanItems}

  # ── Database / 云数据库
  - id: db-permissions
    title: 没有集合对所有用户开放写权限 / No collection is writable by everyone
    phase: prepare
    category: security
    priority: blocker
    owner: tech-lead
    check:
      kind: command
      # database-permissions.json as in seed 002: { "Collection": { "read": "...", "write": "..." } }
      run:
        - node
        - -e
        - |
          const rules = require(require('path').resolve('database-permissions.json'));
          const open = Object.entries(rules).filter(([, rule]) => rule.write === true || rule.write === 'true').map(([name]) => name);
          console.log(open.length ? 'writable by everyone: ' + open.join(', ') : 'ok');
          process.exit(open.length ? 1 : 0);
      expect: [exit_code == 0]
    why: 写权限为 true 时任何用户都能改别人的数据 / Anyone can change anyone's data
  - id: db-permissions-applied
    title: 控制台中的数据库权限与 database-permissions.json 一致 / Console permissions match the file
    phase: deploy
    category: security
    priority: high
    owner: tech-lead
    manual:
      method: 云开发控制台 → 数据库 → 每个集合 → 数据权限 → 自定义安全规则 / CloudBase console → Database → each collection → Permissions
      expected: 与 database-permissions.json 完全一致 / identical to database-permissions.json
  - id: db-indexes
    title: 查询用到的索引已创建 / Indexes used by queries exist
    phase: deploy
    category: backend
    priority: high
    owner: tech-lead
    manual:
      method: 云开发控制台 → 数据库 → 集合 → 索引管理，对照查询条件 / Console → Database → collection → Indexes
      expected: 单字段与复合索引（如 userId + status + createTime）均已创建 / single and compound indexes (e.g. userId + status + createTime) exist
  - id: db-migration
    title: 数据迁移脚本已执行 / Data migration ran
    phase: deploy
    category: backend
    priority: high
    owner: tech-lead
    manual:
      method: 开发者工具控制台运行迁移脚本，保存输出 / Run the migration in DevTools and keep its output
      expected: 集合创建成功，配置已启用，示例数据已清理 / collections created, config enabled, sample data removed
  - id: backup-fresh
    title: 发布前已导出集合备份（26 小时内） / Collections exported within 26 hours
    phase: prepare
    category: ops
    priority: blocker
    owner: ops
    check: { kind: backup, path: "$\{BACKUP_DIR}", pattern: "*.json", expect: [count > 0, newest_age < 26h, newest_size > 0] }
    why: 云数据库出问题时只能从备份恢复 / Only a backup restores the database

  # ── Cloud functions / 云函数
  - id: functions-deployed
    title: 云函数已部署且状态正常 / Cloud functions are deployed and active
    phase: deploy
    category: backend
    priority: blocker
    owner: tech-lead
    check:
      kind: command
      run: [tcb, fn, list, -e, "$\{CLOUDBASE_ENV_ID}"]
      timeout: 1m
      expect: [exit_code == 0, 'not (stdout contains "Failed")']
  - id: functions-deps
    title: 云函数依赖已在云端安装 / Cloud function dependencies installed in the cloud
    phase: deploy
    category: backend
    priority: high
    owner: tech-lead
    manual:
      method: 开发者工具 → 右键 $\{FUNCTIONS_DIR}/<函数> → 上传并部署：云端安装依赖 / DevTools → right-click the function → Upload and deploy (install in cloud)
      expected: 每个改动过的函数都显示部署成功 / every changed function shows "deployed"
  - id: function-smoke
    title: 关键云函数调用成功 / Key cloud functions answer
    phase: verify
    category: backend
    priority: blocker
    owner: qa
    manual:
      method: "开发者工具控制台 wx.cloud.callFunction({ name, data: { action } }) 逐个调用 / call each key function from the DevTools console"
      expected: 返回 success，无报错 / returns success, no error
  - id: http-access
    title: HTTP 访问服务返回 200（如启用） / HTTP access answers (when enabled)
    phase: verify
    category: backend
    priority: medium
    owner: qa
    check: { kind: http, url: "https://$\{API_DOMAIN}/health", expect: [status == 200, latency < 1s] }
  - id: tls-valid
    title: 自定义域名证书 30 天内不过期 / Custom domain certificate valid for 30+ days
    phase: verify
    category: security
    priority: high
    owner: ops
    check: { kind: tls, host: "$\{API_DOMAIN}", expect: [hostname_valid == true, days_left > 30] }
  - id: monitoring-alerts
    title: 云函数错误率、耗时与数据库告警已配置 / Alerts on function errors, duration and database
    phase: verify
    category: ops
    priority: high
    owner: ops
    manual:
      method: 云开发控制台 → 监控告警 / CloudBase console → Monitoring → Alerts
      expected: 错误率 > 1%、执行时间 > 10s、数据库响应 > 2s 时告警到群 / alerts for error rate > 1%, duration > 10s, DB > 2s
${wechatManualItems(answers)}
${rollout('[./scripts/redeploy-functions.sh, previous-tag]', { monitorsByHand: true })}
# Monitors: CloudBase has no Prometheus endpoint, so these are watched in the console and
# recorded by hand; the rollout guards and rollback triggers above refer to them.
# 监控项：云开发没有 Prometheus 接口，在控制台观察并人工记录；上面的灰度 guard 与回滚条件引用这些指标。
monitors:
  - { id: error_rate, metric: 云函数错误率 / function error rate, threshold: value <= 1%, for: 5m, owner: ops, notify: [team] }
  - { id: p95_latency, metric: 云函数执行时间 P95（毫秒） / function duration p95 (ms), threshold: value < 500, owner: ops }
  - { id: cpu, metric: 数据库 CPU 使用率 / database CPU, threshold: value <= 80%, for: 10m, owner: ops }

# Inspection after launch: re-run these items on a schedule (golive worker).
# 上线后巡检：golive worker 按计划重复检查。
inspections:
  - id: daily-7d
    title: 7 天每日巡检 / Daily for 7 days
    schedule: daily 09:00
    for: 7d
    items: [functions-deployed, http-access, tls-valid, backup-fresh]

# Guards: "golive guard -- <command>" refuses these in production.
# 守卫：通过 "golive guard -- <命令>" 执行时，在生产环境拒绝这些命令。
guards:
  - command: tcb fn delete
    action: forbid
    environments: [production]
    reason: 删除线上云函数 / deletes live cloud functions
  - command: tcb fn deploy
    action: require-gate
    environments: [production]
${notifications}`);
}
