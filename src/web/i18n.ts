import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Bilingual } from '../core/text.js';

/** Every text of the dashboard in both languages; a key missing a language does not compile. */
const messages = {
  appName: { en: 'golive', zh: 'golive 上线' },
  language: { en: 'Language', zh: '语言' },
  projects: { en: 'Projects', zh: '项目' },
  audit: { en: 'Audit log', zh: '审计日志' },
  settings: { en: 'Settings', zh: '设置' },
  signOut: { en: 'Sign out', zh: '退出登录' },
  menu: { en: 'Menu', zh: '菜单' },
  signedInAs: { en: 'Signed in as {{name}}', zh: '当前用户：{{name}}' },
  signIn: { en: 'Sign in', zh: '登录' },
  username: { en: 'User name', zh: '用户名' },
  displayName: { en: 'Display name', zh: '显示名称' },
  password: { en: 'Password', zh: '密码' },
  passwordHint: { en: 'At least 12 characters', zh: '至少 12 个字符' },
  setupTitle: { en: 'Create the first administrator', zh: '创建第一位管理员' },
  setupIntro: { en: 'This one-time link was printed by `golive serve`. It stops working once used.', zh: '此一次性链接由 `golive serve` 输出，使用后即失效。' },
  setupMissing: { en: 'Open the setup link printed by `golive serve` (it ends with #…).', zh: '请打开 `golive serve` 输出的初始化链接（以 #… 结尾）。' },
  create: { en: 'Create', zh: '创建' },
  save: { en: 'Save', zh: '保存' },
  cancel: { en: 'Cancel', zh: '取消' },
  newProject: { en: 'New project', zh: '新建项目' },
  projectId: { en: 'Project id (a-z, 0-9, -)', zh: '项目 ID（a-z、0-9、-）' },
  projectName: { en: 'Project name', zh: '项目名称' },
  noProjects: { en: 'No projects yet.', zh: '还没有项目。' },
  plans: { en: 'Plans', zh: '计划' },
  importChecklist: { en: 'Import a Markdown checklist', zh: '导入 Markdown 检查清单' },
  dropChecklist: { en: 'Drop a .md checklist here, or click to choose one', zh: '把 .md 检查清单拖到这里，或点击选择' },
  uploadYaml: { en: 'Upload golive.yaml', zh: '上传 golive.yaml' },
  importReport: { en: 'Import report', zh: '导入报告' },
  items: { en: 'Items', zh: '检查项' },
  blockers: { en: 'Blockers', zh: '阻塞项' },
  proposedChecks: { en: 'Proposed checks', zh: '建议的自动检查' },
  secretsFound: { en: 'Secrets found (redacted)', zh: '发现的机密（已脱敏）' },
  notPlaced: { en: 'Lines not placed', zh: '未能识别的行' },
  variables: { en: 'Variables to fill in', zh: '待填写的变量' },
  savePlan: { en: 'Save this plan', zh: '保存此计划' },
  members: { en: 'Members', zh: '成员' },
  role: { en: 'Role', zh: '角色' },
  planRoles: { en: 'Plan roles', zh: '计划角色' },
  phase: { en: 'Phase', zh: '阶段' },
  category: { en: 'Category', zh: '分类' },
  owner: { en: 'Owner', zh: '负责人' },
  priority: { en: 'Priority', zh: '优先级' },
  status: { en: 'Status', zh: '状态' },
  all: { en: 'All', zh: '全部' },
  startRun: { en: 'Start a run', zh: '开始运行' },
  release: { en: 'Release (e.g. v1.2.3)', zh: '版本（如 v1.2.3）' },
  environment: { en: 'Environment', zh: '环境' },
  runs: { en: 'Runs', zh: '运行记录' },
  readiness: { en: 'Readiness', zh: '就绪度' },
  score: { en: 'Score', zh: '评分' },
  trend: { en: 'Score trend', zh: '评分趋势' },
  commonMisses: { en: 'Common misses', zh: '常见遗漏' },
  failedIn: { en: 'failed in {{failed}} of the last {{of}} launches', zh: '最近 {{of}} 次上线中失败 {{failed}} 次' },
  diff: { en: 'Compare with', zh: '对比' },
  newlyFailing: { en: 'Newly failing', zh: '新失败' },
  fixed: { en: 'Fixed', zh: '已修复' },
  stillFailing: { en: 'Still failing', zh: '仍失败' },
  gatePassed: { en: 'Gate passed: ready to launch', zh: '门禁通过：可以上线' },
  gateFailed: { en: 'Gate not passed', zh: '门禁未通过' },
  live: { en: 'Live', zh: '实时' },
  executing: { en: 'Checks running…', zh: '检查进行中…' },
  recheck: { en: 'Recheck', zh: '重新检查' },
  verify: { en: 'Verify', zh: '人工验证' },
  verifyTitle: { en: 'Record a manual verification', zh: '记录人工验证' },
  note: { en: 'Note: what was checked and seen', zh: '备注：检查了什么、看到了什么' },
  attach: { en: 'Photo or file (image, PDF, text; ≤ 10 MB)', zh: '照片或文件（图片、PDF、文本；≤ 10 MB）' },
  passed: { en: 'Passed', zh: '通过' },
  failed: { en: 'Failed', zh: '不通过' },
  notApplicable: { en: 'Not applicable', zh: '不适用' },
  reopen: { en: 'Back to pending', zh: '恢复待确认' },
  waive: { en: 'Waive', zh: '豁免' },
  waiveTitle: { en: 'Accept the risk (waiver)', zh: '接受风险（豁免）' },
  reason: { en: 'Reason', zh: '原因' },
  expires: { en: 'Expires', zh: '到期时间' },
  sign: { en: 'Sign as {{role}}', zh: '以 {{role}} 身份签字' },
  signoffs: { en: 'Sign-offs', zh: '签字' },
  signoffProgress: { en: '{{done}} of {{of}} required signed', zh: '必需签字 {{done}}/{{of}}' },
  signoffWaiting: { en: 'waiting for a signature', zh: '待签字' },
  signoffSignedBy: { en: 'signed by {{by}} · {{at}}', zh: '{{by}} 已签字 · {{at}}' },
  signoffInvalid: { en: 'signed by {{by}}, no longer valid: blocker results changed since', zh: '{{by}} 的签字已失效：签字后阻塞项结果有变化' },
  signoffOptional: { en: 'optional', zh: '非必需' },
  signoffHolders: { en: 'who may sign: {{names}}', zh: '可签字：{{names}}' },
  signoffNoHolder: { en: 'nobody holds this role yet: a project administrator assigns it in Settings → Plan roles', zh: '尚无人担任该角色：项目管理员可在“设置 → 计划角色”中指定' },
  evidence: { en: 'Evidence', zh: '证据' },
  attachment: { en: 'Attachment', zh: '附件' },
  verifiedBy: { en: 'verified by {{by}}', zh: '由 {{by}} 验证' },
  waived: { en: 'waived: {{reason}} (until {{until}})', zh: '已豁免：{{reason}}（至 {{until}}）' },
  auditVerify: { en: 'Verify the chain', zh: '校验哈希链' },
  auditOk: { en: 'The audit chain is intact ({{n}} entries)', zh: '审计哈希链完整（{{n}} 条）' },
  auditBroken: { en: 'The audit chain has problems', zh: '审计哈希链有问题' },
  users: { en: 'Users', zh: '用户' },
  newUser: { en: 'New user', zh: '新建用户' },
  admin: { en: 'Administrator', zh: '管理员' },
  unlock: { en: 'Unlock', zh: '解锁' },
  accountState: { en: 'State', zh: '状态' },
  accountActive: { en: 'active', zh: '正常' },
  accountDeactivated: { en: 'deactivated', zh: '已停用' },
  deactivate: { en: 'Deactivate', zh: '停用' },
  reactivate: { en: 'Reactivate', zh: '重新启用' },
  deactivateConfirm: { en: 'Deactivate {{name}}? Their sessions end and their API tokens stop working at once; they cannot sign in until reactivated.', zh: '停用 {{name}}？其会话立即结束、API 令牌立即失效，重新启用前无法登录。' },
  tokens: { en: 'API tokens', zh: 'API 令牌' },
  newToken: { en: 'New token', zh: '新建令牌' },
  tokenName: { en: 'Name (e.g. deploy-ci)', zh: '名称（如 deploy-ci）' },
  scopes: { en: 'Scopes', zh: '权限' },
  tokenShownOnce: { en: 'Copy it now: it is shown only once.', zh: '请立即复制：令牌只显示这一次。' },
  lastUsed: { en: 'Last used', zh: '最近使用' },
  never: { en: 'never', zh: '从未' },
  revoke: { en: 'Revoke', zh: '撤销' },
  revoked: { en: 'revoked', zh: '已撤销' },
  saved: { en: 'Saved', zh: '已保存' },
  when: { en: 'When', zh: '时间' },
  who: { en: 'Who', zh: '操作人' },
  action: { en: 'Action', zh: '操作' },
  subject: { en: 'Subject', zh: '对象' },
  back: { en: 'Back', zh: '返回' },
  pending: { en: 'pending', zh: '待确认' },
  pass: { en: 'pass', zh: '通过' },
  fail: { en: 'fail', zh: '失败' },
  warn: { en: 'warn', zh: '警告' },
  skip: { en: 'skip', zh: '跳过' },
  error: { en: 'error', zh: '出错' },
  // Run evidence
  observed: { en: 'Observed', zh: '观测值' },
  showMore: { en: 'show more', zh: '展开' },
  showLess: { en: 'show less', zh: '收起' },
  raw: { en: 'raw', zh: '原始数据' },
  hideRaw: { en: 'hide raw', zh: '隐藏原始数据' },
  lines: { en: '{{count}} line(s)', zh: '{{count}} 行' },
  // Plan variables asked when starting or rechecking
  variablesTitle: { en: 'Variables this run needs', zh: '本次运行需要的变量' },
  variablesIntro: { en: "The server's environment does not supply these. Values are used for this run only; secret ones are masked everywhere.", zh: '服务器环境未提供这些变量。填写的值只用于本次运行；机密值在任何地方都会被打码。' },
  variableExample: { en: 'e.g. {{example}}', zh: '例如 {{example}}' },
  variableRequired: { en: '{{name}} is required', zh: '{{name}} 为必填项' },
  continue: { en: 'Continue', zh: '继续' },
  // Settings: project access and notification targets
  project: { en: 'Project', zh: '项目' },
  notificationTargets: { en: 'Notification targets', zh: '通知目标' },
  targetType: { en: 'Type', zh: '类型' },
  webhookUrl: { en: 'Webhook URL', zh: 'Webhook 地址' },
  signingSecret: { en: 'Signing secret', zh: '签名密钥' },
  stored: { en: 'Stored', zh: '存储方式' },
  storedEnv: { en: 'server env', zh: '服务器环境变量' },
  storedSealed: { en: 'encrypted', zh: '已加密' },
  sendTest: { en: 'Send test', zh: '发送测试' },
  remove: { en: 'Remove', zh: '删除' },
  add: { en: 'Add', zh: '添加' },
  newTarget: { en: 'New target', zh: '新建通知目标' },
  removeTargetConfirm: { en: 'Remove target {{id}}?', zh: '删除通知目标 {{id}}？' },
  targetIdRule: { en: 'lowercase letters, digits, _ and -', zh: '小写字母、数字、_ 和 -' },
  targetCredentialsHelp: { en: 'The URL carries the robot\'s key: prefer ${VAR} from the server\'s environment. A value typed here is stored encrypted (GOLIVE_SECRETS_KEY) and never shown again.', zh: 'Webhook 地址含有机器人密钥：建议填写服务器环境变量引用 ${VAR}。直接填写的值会加密存储（GOLIVE_SECRETS_KEY），之后不再显示。' },
  testDelivered: { en: '{{target}}: delivered ({{attempts}} attempt(s))', zh: '{{target}}：已送达（尝试 {{attempts}} 次）' },
  testNotDelivered: { en: '{{target}}: not delivered', zh: '{{target}}：未送达' },
  rolloutLink: { en: 'Gray release', zh: '灰度发布' },
  inspectionsLink: { en: 'Inspections', zh: '巡检' },
  monitorsLink: { en: 'Monitors', zh: '监控' },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof messages;

/** One language's side of a set of messages, as i18next resources (lazy views add theirs with `addResourceBundle`). */
export function sideOf(set: Readonly<Record<string, Bilingual>>, lang: 'en' | 'zh'): Record<string, string> {
  return Object.fromEntries(Object.entries(set).map(([key, text]) => [key, text[lang]]));
}

function resources(lang: 'en' | 'zh') {
  return { translation: sideOf(messages, lang) };
}

const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('golive.lang');
/** The browser's language unless the person picked one. */
export const initialLanguage = saved ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');

void i18next.use(initReactI18next).init({
  resources: { en: resources('en'), 'zh-CN': resources('zh') },
  lng: initialLanguage,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: 'en' | 'zh-CN'): void {
  localStorage.setItem('golive.lang', lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** Picks one side of a Bilingual message from the API for the current language. */
export function pickText(text: Bilingual, lang: string): string {
  return lang.startsWith('zh') ? text.zh : text.en;
}
