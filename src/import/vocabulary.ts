/** What a heading says about the part of the document below it. */
export const sectionRoles = [
  'checklist',
  'info',
  'scores',
  'rollback-triggers',
  'rollback-steps',
  'monitors',
  'roles',
  'signoff',
  'runbook',
  'inspection',
] as const;
export type SectionRole = (typeof sectionRoles)[number];

// Tested in order: the first role whose pattern matches a heading wins; a heading matching none inherits its parent's role.
const rolePatterns: readonly (readonly [SectionRole, RegExp])[] = [
  ['rollback-triggers', /回滚(触发|条件)|触发条件|rollback\s*(trigger|when|criteria)/i],
  ['checklist', /回滚验证|rollback verif/i],
  ['rollback-steps', /^[^，,。;；]{0,10}回滚(方案|计划|步骤|流程|操作)?$|^rollback(\s+(plan|steps|procedure))?$/i],
  ['signoff', /上线确认|签字|签署|签收|审批|sign-?\s?off|approvals?$/i],
  ['roles', /人员|角色|职责|分工|联系人|联系信息|联系方式|技术支持|^roles?\b|team|contacts?|owners|responsibilit/i],
  ['scores', /评分|综合评估|readiness score|scorecard/i],
  ['runbook', /应急|故障|emergency|incident|troubleshoot|runbook/i],
  ['inspection', /巡检|定期|每日|每天|每周|每月|每小时|inspection|daily|weekly|monthly|hourly/i],
  ['monitors', /监控|告警|报警|alert|monitor|observability|metrics?$/i],
  ['checklist', /成功标准|验收标准|success criteria|acceptance/i],
  ['info', /概述|目标$|范围|scope|架构|architecture|成本|费用|预算|cost|budget|附件|appendix|参考|reference|总结|summary|结论|经验|流程图|flow ?chart|相关文件|关键文件|文件位置|背景|background|overview|说明$|版本更新|更新日志|changelog|测试账号|^账号$|账号信息|账户信息|^accounts?$|^credentials$|上线时间$|结果$|常见问题|问答|faq|q\s*&\s*a|文件结构|目录结构|项目结构|file (structure|layout)|project structure|^support$|^help$|^notes?$|^备注$|what changes|what's new|变更内容|pricing|价格|定价|glossary|术语|^links$|^resources$|相关链接|参考资料|简介|^introduction$|^intro$|^about$/i],
  // Below an informational heading, a heading that names a checklist turns items back on.
  ['checklist', /检查|清单|自查|核对|待办|必做|checklist|to-?do|pre-?flight|verification|checks$/i],
];

/** The role a heading gives its section, or undefined to inherit. */
export function roleOfHeading(title: string): SectionRole | undefined {
  // Bilingual headings (`Rollback steps / 回滚步骤`) are read part by part.
  const parts = [title, ...title.split(/\s+\/\s+/).map((part) => part.trim())];
  for (const [role, pattern] of rolePatterns) if (parts.some((part) => pattern.test(part))) return role;
  return undefined;
}

export const phaseTitles: Readonly<Record<string, string>> = {
  prepare: 'Prepare / 上线前准备',
  deploy: 'Deploy / 部署执行',
  verify: 'Verify / 上线验证',
  gray: 'Gray release / 灰度发布',
  'post-launch': 'Post-launch / 上线后',
  rollback: 'Rollback / 回滚',
};
/** Launch order of the phases an import can produce. */
export const phaseOrder = ['prepare', 'deploy', 'verify', 'gray', 'post-launch', 'rollback'] as const;
export type PhaseId = (typeof phaseOrder)[number];

const phasePatterns: readonly (readonly [PhaseId, RegExp])[] = [
  ['rollback', /回滚(方案|计划|步骤|流程|验证|触发|条件)|^回滚|rollback/i],
  ['prepare', /(上线|部署|发布|发版|launch|release|go-?live)前|T\s*-\s*\d|before (launch|release|go-?live|deploy)/i],
  ['gray', /灰度|gray|grey|canary|软启动|分阶段发布|全面上线|全量|staged rollout|phased/i],
  ['verify', /(部署|发布|上线)后(的)?(验证|检查|验收|校验)|验证|验收|校验|verif|validat|acceptance|smoke|成功标准/i],
  ['post-launch', /(上线|发布|部署)后|T\s*\+|巡检|监控|告警|运维|维护|post-?launch|after (launch|release|go-?live)|inspection|monitor|上线后优化/i],
  ['deploy', /部署(执行|步骤)|上线(执行|步骤)|执行步骤|发布步骤|T\s*日|\bT[-\s]?day\b|发版|deploy|release day|go-?live day|cutover|上线当天|发布当天|发版当天|当天/i],
  ['prepare', /(上线|部署|发布|发版|launch|release)前|准备|必查|T\s*-\s*\d|prepar|before|pre-?(launch|release|deploy)|prerequisite|blocker|阻塞/i],
];

/** The phase a heading names, or undefined to inherit. */
export function phaseOfHeading(title: string): PhaseId | undefined {
  for (const [phase, pattern] of phasePatterns) if (pattern.test(title)) return phase;
  return undefined;
}

export const categoryTitles: Readonly<Record<string, string>> = {
  frontend: 'Frontend / 前端',
  backend: 'Backend / 后端',
  database: 'Database / 数据库',
  security: 'Security / 安全',
  tests: 'Tests / 测试',
  docs: 'Docs / 文档',
  ops: 'Ops / 运维',
  'third-party': 'Third-party services / 第三方服务',
  general: 'General / 通用',
};

const categoryPatterns: readonly (readonly [string, RegExp])[] = [
  ['security', /安全|密钥|密码|证书|SSL|HTTPS|TLS|CORS|JWT|secret|权限|隐私|合规|备案|凭证|漏洞|注入|限流|security|auth/i],
  ['third-party', /支付|地图|短信|SDK|第三方|模板消息|物流|OSS|COS|对象存储|CDN|third-party|payment|wechat pay|sms/i],
  ['database', /数据库|DB\b|MySQL|Redis|Postgre|备份|索引|迁移|集合|RDS|database|backup|migration|index/i],
  ['tests', /测试|test|用例|覆盖率|回归|coverage|QA/i],
  ['docs', /文档|手册|README|\bdocs?\b|说明书|培训|\bmanual\b/i],
  ['frontend', /前端|小程序|页面|界面|样式|弹窗|按钮|真机|UI|UX|frontend|mini-?program|weapp|显示|适配|兼容/i],
  ['ops', /部署|运维|监控|日志|告警|Docker|镜像|容器|服务器|Nginx|Caddy|PM2|巡检|回滚|域名|DNS|deploy|ops|server|log|monitor|rollback|infra|带宽|CI\/CD|灰度|发布/i],
  ['backend', /后端|服务|API|接口|云函数|backend|service|Node|Go\b|Java|worker|server/i],
];

/** The category a text names, or undefined. */
export function categoryOfText(text: string): string | undefined {
  for (const [category, pattern] of categoryPatterns) if (pattern.test(text)) return category;
  return undefined;
}

/** Categories a readiness claim names (`安全与部署` names security and ops). */
export function categoriesOfClaim(text: string): string[] {
  const found: string[] = [];
  const parts = text.split(/与|和|&|\band\b|\/|、/);
  for (const part of parts) {
    const category = /前端/.test(part)
      ? 'frontend'
      : /后端/.test(part)
        ? 'backend'
        : /部署|运维/.test(part)
          ? 'ops'
          : categoryOfText(part);
    if (category !== undefined && !found.includes(category)) found.push(category);
  }
  return found;
}

/** What a bold label (`**当前状态**:`) says about the blocks that follow it. */
export const labelKinds = ['state', 'estimate', 'locations', 'expected', 'steps', 'info', 'risk', 'why', 'owner'] as const;
export type LabelKind = (typeof labelKinds)[number];

const labelPatterns: readonly (readonly [LabelKind, RegExp])[] = [
  ['estimate', /预计工时|工时|工期|耗时预估|estimate|effort/i],
  ['locations', /代码位置|文件位置|^位置$|code locations?|^locations?$/i],
  ['expected', /预期结果|预期|期望|expected|outcome/i],
  ['state', /当前状态|当前问题|现状|问题$|current (state|status)|^status$|^problems?$/i],
  ['risk', /风险|^risks?$/i],
  ['why', /症状|影响|后果|原因|symptom|impact|why/i],
  ['owner', /^(负责人|责任人|owner|owners|assignee)$/i],
  ['steps', /步骤|需要完成|清单|待办|操作|验证|校验|检查|场景|项目$|to-?do|tasks?|steps?|verif|check/i],
];

/** The meaning of a label, or `info` for anything else (推荐方案, 费用, 参考文档 …). */
export function labelKind(label: string): LabelKind {
  for (const [kind, pattern] of labelPatterns) if (pattern.test(label)) return kind;
  return 'info';
}

/** Sign-off wording: a role named here must sign the run. */
export const signoffPattern = /审核|审批|批准|签字|签名|签署|确认人|验收人|reviewer|approv|sign-?\s?off|signature/i;

/** Labels that are never people or roles even when they sit in a roles section. */
export const notRolePattern = /日期|时间|版本|更新|date|version|updated|热线|邮箱|email|电话|phone|平台|地址|网址|url/i;

/** Looks like the title of a role rather than a note. */
export const roleTitlePattern = /负责人|团队|工程师|经理|人员|专员|主管|总监|开发|测试|运维|产品|运营|客服|设计|审核人|批准人|制定人|所有者|owner|lead|team|engineer|manager|\bqa\b|\bdev|\bops\b|admin|director|^.{1,6}人$/i;

// A small glossary so ids read as English: 技术负责人 → tech-lead, 数据库连接 → database-connection.
const glossary: Readonly<Record<string, string>> = {
  技术: 'tech', 负责人: 'lead', 运维: 'ops', 产品: 'product', 测试: 'qa', 项目经理: 'pm', 经理: 'manager', 开发: 'dev',
  工程师: 'engineer', 运营: 'operations', 客服: 'support', 人员: 'staff', 团队: 'team', 审核人: 'reviewer', 批准人: 'approver',
  制定人: 'author', 所有者: 'owner', 检查清单: 'checklist', 清单: 'checklist', 计划: 'plan', 云侧: 'cloud', 本地: 'local', 服务: 'service',
  发布: 'release', 验收: 'acceptance', 兜底: 'fallback', 前端: 'frontend', 后端: 'backend', 数据库: 'database', 数据: 'data',
  安全: 'security', 部署: 'deploy', 上线: 'launch', 配置: 'config', 环境: 'env', 生产: 'prod', 正式: 'prod', 域名: 'domain',
  小程序: 'miniprogram', 微信: 'wechat', 支付: 'pay', 地图: 'map', 短信: 'sms', 镜像: 'image', 推送: 'push', 制作: 'build',
  构建: 'build', 验证: 'verify', 检查: 'check', 校验: 'check', 监控: 'monitor', 告警: 'alert', 日志: 'log', 备份: 'backup',
  恢复: 'restore', 回滚: 'rollback', 灰度: 'gray', 全量: 'full', 审核: 'review', 提交: 'submit', 上传: 'upload', 代码: 'code',
  版本: 'version', 密钥: 'secret', 密码: 'password', 证书: 'cert', 连接: 'connection', 存储: 'storage', 对象: 'object',
  索引: 'index', 迁移: 'migration', 权限: 'permission', 云函数: 'cloud-function', 函数: 'function', 通知: 'notification',
  删除: 'delete', 性能: 'perf', 接口: 'api', 响应: 'response', 时间: 'time', 错误率: 'error-rate', 错误: 'error',
  负载: 'load', 内存: 'memory', 磁盘: 'disk', 文档: 'docs', 用户: 'user', 功能: 'feature', 集成: 'integrate', 订单: 'order',
  佣金: 'commission', 库存: 'inventory', 退款: 'refund', 代理商: 'agent', 分销: 'distribution', 缓存: 'cache', 调试: 'debug',
  开关: 'switch', 路由: 'route', 业务: 'business', 第三方: 'third-party', 准生产: 'preprod', 线上: 'online', 核心: 'core',
  流程: 'flow', 备案: 'filing', 隐私: 'privacy', 合规: 'compliance', 兼容: 'compat', 注册: 'register', 登录: 'login',
  匹配: 'match', 端口: 'port', 公网: 'public', 开放: 'open', 防火墙: 'firewall', 隧道: 'tunnel', 赛程: 'schedule', 赛事: 'event',
  选手: 'fighter', 图片: 'image', 进程: 'process', 同步: 'sync', 启动: 'start', 预检: 'precheck', 真机: 'device',
  跨域: 'cors', 规则: 'rules', 访问: 'access', 文件: 'file', 模板: 'template', 消息: 'message', 脚本: 'script', 命令: 'command',
  遗漏: 'missed', 快速: 'quick', 核对: 'check', 维护: 'maintenance', 每日: 'daily', 每周: 'weekly', 每月: 'monthly',
  优化: 'optimize', 报错: 'error', 异常: 'error', 标签: 'tag', 规范: 'format', 分支: 'branch', 安装: 'install', 创建: 'create',
  设置: 'set', 更新: 'update', 清理: 'cleanup', 切换: 'switch', 关闭: 'disable', 生成: 'generate', 准备: 'prepare',
  确认: 'confirm', 执行: 'run', 批量: 'batch', 单次: 'single', 并发: 'concurrency', 超时: 'timeout', 失败: 'failure',
  成功: 'success', 按钮: 'button', 弹窗: 'dialog', 样式: 'style', 页面: 'page', 显示: 'display', 统计: 'stats', 事务: 'tx',
  手机: 'mobile', 平板: 'tablet', 动画: 'animation', 冷启动: 'cold-start', 预热: 'warmup', 依赖: 'deps', 资源: 'assets',
  请求: 'request', 压缩: 'compress', 加速: 'cdn', 回源: 'origin', 证据: 'evidence', 应急: 'emergency', 故障: 'incident',
  服务器: 'server', 宕机: 'down', 架构: 'arch', 目标: 'goal', 范围: 'scope', 风险: 'risk', 成本: 'cost', 迭代: 'iteration',
};
/** Glossary words by their first character, longest first: a slug looks up only the words that can start here. */
const glossaryByFirst = new Map<string, string[]>();
for (const key of Object.keys(glossary).sort((a, b) => b.length - a.length)) {
  const first = key[0] ?? '';
  glossaryByFirst.set(first, [...(glossaryByFirst.get(first) ?? []), key]);
}
const asciiWord = /[A-Za-z][A-Za-z0-9]*/y;

/** A short English-ish slug for a text: ASCII words kept, known Chinese words translated, the rest dropped. */
export function slugOf(text: string, maxWords = 3): string {
  const words: string[] = [];
  let i = 0;
  const source = text.slice(0, 200);
  while (i < source.length && words.length < maxWords) {
    asciiWord.lastIndex = i;
    const ascii = asciiWord.exec(source);
    if (ascii) {
      const word = ascii[0].toLowerCase();
      if (word.length > 1 && !words.includes(word)) words.push(word);
      i += ascii[0].length;
      continue;
    }
    const key = glossaryByFirst.get(source[i] ?? '')?.find((candidate) => source.startsWith(candidate, i));
    if (key !== undefined) {
      const word = glossary[key] ?? '';
      if (!words.includes(word)) words.push(word);
      i += key.length;
      continue;
    }
    i += 1;
  }
  return words.join('-').replace(/[^a-z0-9-]+/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
}
