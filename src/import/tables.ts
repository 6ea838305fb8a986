import type { SectionRole } from './vocabulary.js';

/** What a table is for, read from its header words (not exact titles), and which column holds what. */
export interface TableKind {
  readonly kind: 'step' | 'check' | 'metric' | 'role' | 'risk' | 'rollback-steps' | 'rollback-triggers' | 'api' | 'keys' | 'team' | 'unknown';
  /** Column index by meaning: title, step, owner, verify, expected, time, trigger, where, command, metric, threshold, notify, role, name, duties, risk, probability, impact, mitigation, note. */
  readonly columns: Readonly<Record<string, number>>;
}

const columnPatterns: readonly (readonly [string, RegExp])[] = [
  ['risk', /风险|^risks?$/i],
  ['probability', /概率|可能性|probability|likelihood/i],
  ['impact', /影响|严重|impact|severity/i],
  ['mitigation', /缓解|应对|措施|对策|mitigation|response|plan/i],
  ['group', /类型|分类|^type$|category/i],
  ['required', /必须|必选|可选|是否必|required|optional|优先级|priority|^级别$|^p$/i],
  ['status', /^(结果|状态|检查结果|验收结果|测试结果|完成|完成情况|是否通过|是否完成|通过[?？]?|status|result|state|done\??|pass(ed)?\??|✅)$/i],
  ['endpoint', /^(接口|端点|路径|接口路径|路由|endpoint|path|route|url|api)$/i],
  ['method', /^(方法|请求方式|method|verb|http method)$/i],
  ['duration', /持续|duration|^for$|观察窗口/i],
  ['action', /^(动作|处理|处置|action|response)$/i],
  ['member', /^(成员|member|handle|人)$/i],
  ['assigned', /负责项|负责事项|owns|assigned|items?$/i],
  ['threshold', /阈值|门限|告警条件|告警线|threshold|limit|target|alert/i],
  ['metric', /指标|监控项|metric|measure|kpi/i],
  ['notify', /通知|notify|notification|channel/i],
  ['signoff', /签字|签署|签名|sign-?\s?off|approv/i],
  ['role', /角色|岗位|职位|^role\b/i],
  ['duties', /职责|分工|duties|responsibilit/i],
  ['owner', /责任人|负责人|操作人|执行人|owner|assignee|responsible|who/i],
  ['name', /姓名|人员|^name$|person/i],
  ['contact', /联系方式|电话|手机|contact|phone|email/i],
  ['verify', /验证|校验|检查方法|确认方式|verif|how to check|check method/i],
  ['expected', /预期|期望|expected|result|outcome/i],
  ['command', /命令|command|cmd/i],
  ['where', /位置|地点|where|location/i],
  ['trigger', /触发|trigger|when|condition/i],
  ['time', /时间|时段|window|time|when/i],
  ['step', /^(步骤|序号|编号|#|no\.?|step|id)$/i],
  ['title', /操作|内容|事项|任务|检查项|检查内容|项目|动作|action|task|item|check|what|description|step/i],
  ['note', /备注|说明|用途|作用|purpose|note|remark|description/i],
];

const envName = /^`?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+`?$/;
const pathOrUrl = /^`?(\/[\w\-./{}:]*|https?:\/\/\S+)`?$/;

/** The column most of whose cells match, or undefined. */
function columnOf(rows: readonly (readonly string[])[], pattern: RegExp): number | undefined {
  const width = Math.max(0, ...rows.map((row) => row.length));
  for (let index = 0; index < width; index += 1) {
    const hits = rows.filter((row) => pattern.test((row[index] ?? '').trim())).length;
    if (rows.length > 0 && hits * 2 > rows.length) return index;
  }
  return undefined;
}

/** Classifies a table by the meaning of its header cells, and by its cells where they say more (env names, paths). */
export function classifyTable(header: readonly string[], role: SectionRole, rows: readonly (readonly string[])[] = []): TableKind {
  const columns: Record<string, number> = {};
  header.forEach((cell, index) => {
    const text = cell.trim();
    const match = columnPatterns.find(([name, pattern]) => columns[name] === undefined && pattern.test(text));
    if (match) columns[match[0]] = index;
  });
  const has = (...names: string[]) => names.some((name) => columns[name] !== undefined);
  const variable = columnOf(rows, envName);
  if (variable !== undefined && !has('metric', 'risk', 'role')) return { kind: 'keys', columns: { ...columns, variable } };
  const endpoint = columns.endpoint ?? columnOf(rows, pathOrUrl);
  if (endpoint !== undefined && !has('metric', 'risk', 'role') && (has('method', 'note', 'expected', 'status') || columns.endpoint !== undefined)) return { kind: 'api', columns: { ...columns, endpoint } };
  if (role === 'rollback-triggers' && has('metric', 'trigger', 'title') && has('threshold', 'duration')) return { kind: 'rollback-triggers', columns };
  if (has('member') && has('assigned') && !has('title', 'step')) return { kind: 'team', columns };
  if (has('risk') && has('probability', 'impact', 'mitigation')) return { kind: 'risk', columns };
  if (has('metric') && has('threshold', 'notify')) return { kind: 'metric', columns };
  if (has('role') && has('name', 'duties', 'contact', 'signoff')) return { kind: 'role', columns };
  if (has('title', 'step') && has('owner', 'verify', 'expected', 'time', 'trigger', 'command')) {
    if (role === 'rollback-steps') return { kind: 'rollback-steps', columns };
    const checkLike = /检查项|检查内容|check/i.test(header[columns.title ?? -1] ?? '') || (has('where', 'command') && has('expected'));
    return { kind: checkLike ? 'check' : 'step', columns };
  }
  if (has('title') && has('where', 'expected')) return { kind: 'check', columns };
  if (role === 'monitors' && has('metric')) return { kind: 'metric', columns };
  return { kind: 'unknown', columns };
}
