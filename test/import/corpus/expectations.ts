/**
 * What a person counts in each corpus document, written by hand from the document (not from the importer's output).
 * `c` is the check a reviewer would keep as written; omitted means the item should stay manual (no proposed check).
 * Checks compare `kind`, every other key given here, and `expect` as a set.
 */
import type { Priority } from '../../../src/plan/schema.js';

export interface ExpectedItem {
  /** A part of the title that identifies the item. */
  readonly t: string;
  readonly p?: Priority;
  readonly s?: 'todo' | 'done' | 'failed' | 'warn';
  /** Owner role id, or null for none. */
  readonly o?: string | null;
  readonly c?: { readonly kind: string; readonly expect?: readonly string[] } & Readonly<Record<string, unknown>>;
}

export interface ExpectedDocument {
  readonly file: string;
  readonly items: readonly ExpectedItem[];
  /** Values that must never appear in anything import writes. */
  readonly secrets?: readonly string[];
  /** Lines the secret report must name. */
  readonly secretLines?: readonly number[];
  /** Public ids that are not secrets: kept as written, never flagged. */
  readonly publicIds?: readonly string[];
  readonly stages?: readonly number[];
  readonly triggers?: number;
  readonly signoffs?: readonly string[];
}

const present = ['present == true', 'empty == false', 'is_placeholder == false'];
const tls = ['chain_valid == true', 'hostname_valid == true', 'days_left > 30'];

export const corpus: readonly ExpectedDocument[] = [
  {
    file: '01-en-checkbox-levels.md',
    items: [
      { t: 'Database migrations applied', p: 'blocker', s: 'todo' },
      { t: 'TLS certificate for', p: 'blocker', s: 'done', c: { kind: 'tls', host: '${API_DOMAIN}', expect: tls } },
      { t: 'NODE_ENV=production', p: 'blocker', c: { kind: 'env', name: 'NODE_ENV', expect: ['value == "production"'] } },
      { t: 'Error tracking receives events', p: 'high', o: 'platform' },
      { t: 'Rate limiting enabled', p: 'high', o: null },
      { t: 'Runbook linked', p: 'medium' },
      { t: 'Dashboards show p95', p: 'medium' },
      { t: 'Changelog updated', p: 'low' },
    ],
  },
  {
    file: '02-zh-plain-bullets.md',
    items: [
      { t: '探活接口 /api/ping 是否返回 200', c: { kind: 'http', url: 'https://${API_DOMAIN}/api/ping', expect: ['status == 200'] } },
      { t: '数据库连接池是否已调整为 50' },
      { t: '确认已关闭调试模式' },
      { t: '确认定时任务只在一台机器上运行' },
    ],
  },
  {
    file: '03-zh-fenced-checklist.md',
    items: [
      { t: '版本号已更新为 3.2.0', s: 'todo' },
      { t: '崩溃率低于 0.5%', s: 'todo' },
      { t: '隐私协议已更新', s: 'done' },
      { t: '应用商店截图已上传' },
      { t: '安装包已在 10 台真机上验证' },
      { t: '观察崩溃率 24 小时' },
      { t: '汇总用户反馈' },
    ],
  },
  {
    file: '04-en-env-sample.md',
    items: [
      { t: 'DB_SYNC=false', c: { kind: 'env', name: 'DB_SYNC', expect: ['lower(value) == "false"'] } },
      { t: 'STRIPE_SECRET_KEY', c: { kind: 'env', name: 'STRIPE_SECRET_KEY', expect: present } },
      { t: 'APP_URL', c: { kind: 'env', name: 'APP_URL', expect: present } },
      { t: 'SESSION_SECRET', c: { kind: 'env', name: 'SESSION_SECRET', expect: ['present == true', 'is_placeholder == false', 'len >= 32'] } },
      { t: 'NODE_ENV', c: { kind: 'env', name: 'NODE_ENV', expect: ['value == "production"'] } },
      { t: 'LOG_LEVEL', c: { kind: 'env', name: 'LOG_LEVEL', expect: ['value == "warn"'] } },
    ],
  },
  {
    file: '05-zh-curl-bash.md',
    items: [
      { t: '部署步骤' },
      { t: 'curl -I http://127.0.0.1:80' },
      { t: 'curl -I https://shop.example.com', c: { kind: 'http', url: 'https://${SHOP_DOMAIN}', expect: ['status == 200'] } },
      {
        t: 'curl -I http://shop.example.com',
        c: { kind: 'http', url: 'http://${SHOP_DOMAIN}', followRedirects: false, expect: ['status == 301', 'headers["location"] matches /^https:/'] },
      },
      { t: '生产环境 /docs 应返回 404', c: { kind: 'http', url: 'https://${API_DOMAIN}/docs', expect: ['status == 404'] } },
    ],
  },
  {
    file: '06-en-tables.md',
    items: [
      { t: 'Build the image', p: 'blocker' },
      { t: 'Run the unit tests', p: 'blocker', c: { kind: 'command', run: ['npm', 'test'], expect: ['exit_code == 0'] } },
      { t: 'Warm the cache', p: 'low' },
      { t: '/api/health', c: { kind: 'http', url: 'https://${API_DOMAIN}/api/health', expect: ['status == 200'] } },
      { t: '/api/invoices' },
      { t: 'BILLING_DB_URL', c: { kind: 'env', name: 'BILLING_DB_URL', expect: present } },
      { t: 'WEBHOOK_SIGNING_SECRET', c: { kind: 'env', name: 'WEBHOOK_SIGNING_SECRET', expect: present } },
    ],
  },
  {
    file: '07-zh-result-owner-tables.md',
    items: [
      { t: '下单接口压测', s: 'done', o: 'alice' },
      { t: '退款回调验签', s: 'warn', o: 'bob' },
      { t: '对账文件生成', s: 'failed', o: null },
      { t: '日志脱敏', s: 'done', o: 'alice' },
      { t: '告警接入', s: 'failed', o: 'carol' },
    ],
  },
  {
    file: '08-zh-rollout-prose.md',
    items: [{ t: '特征服务已扩容' }, { t: '模型版本号与评审一致' }],
    stages: [5, 30, 100],
    triggers: 2,
    signoffs: ['研发负责人', '测试负责人'],
  },
  {
    file: '09-en-signoff-kv.md',
    items: [
      { t: 'Server URL = https://portal.example.com/api' },
      { t: 'In Settings → Security → IP allowlist, add the two NAT addresses' },
      { t: 'Payments → Callback URL points at the production host' },
      { t: 'Log in as a partner account' },
      { t: 'Download a monthly statement' },
    ],
    signoffs: ['QA', 'Product owner'],
  },
  {
    file: '10-zh-emoji-status-owner.md',
    items: [
      { t: '老会员数据导入新表', p: 'blocker', o: 'data-team' },
      { t: '积分余额对账一致', p: 'blocker', o: 'data-team' },
      { t: '短信签名已报备', p: 'blocker', s: 'done', o: null },
      { t: '会员页面首屏加载', p: 'medium' },
      { t: '客服话术已更新', p: 'medium' },
      { t: '活动页彩蛋', p: 'low' },
    ],
  },
  {
    file: '11-en-numbered-steps.md',
    items: [
      { t: 'Announce the maintenance window', p: 'high' },
      { t: 'Put the old API in read-only mode', p: 'high' },
      { t: 'npm run migrate', p: 'high' },
      { t: 'Switch DNS', p: 'high' },
      { t: 'Remove the old cluster', p: 'low' },
      { t: 'Archive the old dashboards', p: 'low' },
    ],
  },
  {
    file: '12-zh-secrets.md',
    items: [
      { t: '语音接口 Key', s: 'done' },
      { t: 'wx3f2a9c1d7e5b8a40 已在后台绑定' },
      { t: 'prod-7g2k9x1a3b5c 已开通' },
      { t: '订阅消息模板' },
      { t: 'default admin password' },
    ],
    secrets: ['sk-proj-Zq81NvT4kWc2mXpB7rLs9DfG', 'P@ssw0rd123', 'Adm1n!2026x', 'Vb7rT2pLx9'],
    secretLines: [5, 9, 15, 17],
    publicIds: ['wx3f2a9c1d7e5b8a40', 'prod-7g2k9x1a3b5c', 'Xk3_Lm9QpR2sT7uVwY1zA4bC6dE8fG0hJ5kN2oP4qR8'],
  },
  {
    file: '13-en-mixed-prose.md',
    items: [{ t: 'sandbox key is replaced' }, { t: 'Unsubscribe links work' }, { t: 'Bounce handling' }],
  },
  {
    file: '14-zh-bold-kv.md',
    items: [
      { t: '支付 → 回调地址', p: 'blocker' },
      { t: '日志级别', p: 'blocker' },
      { t: '到「设置 → 安全 → IP 白名单」添加服务器出口 IP', p: 'blocker' },
      { t: 'NODE_ENV=production', p: 'blocker', c: { kind: 'env', name: 'NODE_ENV', expect: ['value == "production"'] } },
      { t: '门店图片压缩', p: 'low' },
    ],
  },
  {
    file: '15-en-kubernetes.md',
    items: [
      { t: 'kubectl get nodes' },
      { t: 'npm test passes', c: { kind: 'command', run: ['npm', 'test'], expect: ['exit_code == 0'] } },
      { t: 'Image tag follows', c: { kind: 'git', expect: ['head_tag matches /^v\\d+\\.\\d+\\.\\d+$/'] } },
      { t: 'No secrets hard-coded', c: { kind: 'secrets', expect: ['count == 0'] } },
      { t: 'Canary to 10%' },
      { t: 'Full rollout' },
      { t: 'healthz', c: { kind: 'http', url: 'https://${API_DOMAIN}/healthz', expect: ['status == 200'] } },
    ],
    stages: [10, 100],
    triggers: 2,
  },
  {
    file: '16-zh-numbered-questions.md',
    items: [
      { t: '备份策略是否已配置', p: 'blocker', c: { kind: 'backup', path: '${BACKUP_DIR}' } },
      { t: '敏感字段是否已加密', p: 'blocker' },
      { t: '任务失败告警是否已接入', p: 'blocker' },
      { t: '慢查询是否已优化', p: 'medium' },
      { t: '报表导出是否限流', p: 'medium' },
    ],
  },
  {
    file: '17-en-readme-style.md',
    items: [
      { t: 'Structured logs are shipped', p: 'blocker' },
      { t: 'Metrics endpoint exposes' },
      { t: 'Alerts page the on-call' },
      { t: 'Health check endpoint returns 200 only', p: 'blocker' },
      { t: 'Graceful shutdown' },
      { t: 'Timeouts are set' },
      { t: 'kubectl -n payments rollout status' },
      { t: 'curl -s https://api.example.com/healthz', c: { kind: 'http', url: 'https://${API_DOMAIN}/healthz', expect: ['status == 200'] } },
      { t: 'Dependencies scanned' },
      { t: 'No secrets hard-coded', c: { kind: 'secrets', expect: ['count == 0'] } },
    ],
  },
  {
    file: '18-zh-sop-sections.md',
    items: [
      { t: '数据库备份' },
      { t: '数据库连接串指向生产库', s: 'done' },
      { t: '关闭 Swagger 文档', s: 'failed', c: { kind: 'http', url: 'https://${API_DOMAIN}/swagger', expect: ['status == 404'] } },
      { t: '日志级别为 info', s: 'done' },
      { t: '冒烟测试' },
    ],
  },
  {
    file: '19-en-emoji-lines.md',
    items: [
      { t: 'Version bumped', s: 'done', o: 'release-team' },
      { t: 'Release notes written', s: 'done', o: 'release-team' },
      { t: 'Crash-free rate', s: 'warn' },
      { t: 'Store screenshots', s: 'failed' },
      { t: 'All P0 bugs closed' },
      { t: 'Beta feedback triaged' },
      { t: 'Rollout plan approved' },
    ],
    stages: [10, 50, 100],
  },
  {
    file: '20-en-bold-labels-headings.md',
    items: [
      { t: 'Database backed up' },
      { t: 'Feature flags reviewed' },
      { t: 'On-call engineer informed' },
      { t: 'Smoke tests pass' },
      { t: 'Error rate below 1%' },
      { t: 'Use HTTPS everywhere' },
      { t: 'Rotate credentials' },
      { t: 'Only the ops group has SSH' },
      { t: 'MFA on the cloud console' },
    ],
  },
  {
    file: '21-zh-nested-groups-config.md',
    items: [
      { t: '4 台 ECS 已扩容' },
      { t: '安全组只开放 80/443' },
      { t: '生产库已开启 binlog' },
      { t: '从库延迟 < 1 秒' },
      { t: '执行 npm run build' },
      { t: 'pm2 reload ecosystem.config.js' },
      { t: 'https://admin.example.com/login 返回 200', c: { kind: 'http', url: 'https://${ADMIN_DOMAIN}/login', expect: ['status == 200'] } },
    ],
    secrets: ['Sh0p#2026prod', 'R3dis!pass'],
    secretLines: [25, 27],
  },
];
