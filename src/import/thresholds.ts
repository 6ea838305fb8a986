/** Numbers with meaning in checklist prose: `错误率 > 1%`, `响应时间 ≤ 500ms`, `持续超过80%`, `持续 5 分钟`. */

export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==';

export interface Threshold {
  /** The measured thing as written, e.g. 系统错误率. */
  readonly metric: string;
  /** A stable snake-case id for it, e.g. error_rate. */
  readonly metricId: string;
  readonly op: ComparisonOp;
  /** Amount with its unit in the expectation language: `1%`, `500ms`, `3s`, `80%`. */
  readonly value: string;
  /** The text says the state must last (`持续`, `sustained`). */
  readonly sustained: boolean;
  /** How long it must last, when stated (`持续 5 分钟` → 5m, `连续3次` → 3x). */
  readonly for?: string;
}

const opWords: readonly (readonly [RegExp, ComparisonOp])[] = [
  [/^(>=|≥|不低于|不少于|至少|at least|no less than)$/i, '>='],
  [/^(<=|≤|不超过|不高于|不大于|at most|no more than)$/i, '<='],
  [/^(>|超过|大于|高于|above|over|exceeds?|more than|greater than)$/i, '>'],
  [/^(<|低于|小于|少于|below|under|less than)$/i, '<'],
  [/^(==|=|等于|equals?)$/i, '=='],
];

const unitOf: readonly (readonly [RegExp, string])[] = [
  [/^%$/, '%'],
  [/^(ms|毫秒)$/i, 'ms'],
  [/^(s|秒|秒钟|sec|secs|seconds?)$/i, 's'],
  [/^(m|min|mins|minutes?|分钟|分)$/i, 'm'],
  [/^(h|hr|hrs|hours?|小时)$/i, 'h'],
  [/^(d|days?|天)$/i, 'd'],
  [/^(KB|MB|GB)$/i, ''],
];

const thresholdPattern =
  /(>=|<=|≥|≤|==|>|<|不低于|不少于|至少|不超过|不高于|不大于|超过|大于|高于|低于|小于|少于|等于|\bat least\b|\bat most\b|\bno less than\b|\bno more than\b|\babove\b|\bover\b|\bexceeds?\b|\bmore than\b|\bgreater than\b|\bbelow\b|\bunder\b|\bless than\b)\s*(\d+(?:\.\d+)?)\s*(%|ms|毫秒|秒钟|秒|secs?|seconds?|minutes?|mins?|分钟|hours?|hrs?|小时|天|days?|KB|MB|GB|s\b|m\b|h\b|d\b)?/giu;

const durationPattern = /(?:持续|连续|sustained(?: for)?|for|lasting|超过)\s*(\d+(?:\.\d+)?)\s*(分钟|min(?:ute)?s?|秒|s(?:ec(?:ond)?s?)?|小时|h(?:ours?)?|天|d(?:ays?)?)(?![a-z])/i;

/** Chinese numerals as checklists write counts: 三, 十, 十二, 二十. */
const chineseDigits: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function countOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const high = text.includes('十') ? (tens === '' ? 1 : chineseDigits[tens ?? '']) : 0;
  const low = ones === '' ? 0 : chineseDigits[ones ?? ''];
  return high === undefined || low === undefined ? undefined : high * 10 + low;
}

/**
 * "N consecutive breaches" as alerting tools and checklists write it: 「连续3次」「连续三次失败」, `3 consecutive checks`,
 * `3 times in a row`, CloudWatch's `3 out of 3 datapoints`. (`3 consecutive minutes` is a duration, not a count.)
 */
const consecutivePatterns: readonly RegExp[] = [
  /连续\s*(\d+|[一二两三四五六七八九十]{1,3})\s*次/,
  /\b(\d+)\s+consecutive\b(?!\s+(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?)\b)/i,
  /\b(\d+)\s+times\s+in\s+a\s+row\b/i,
  /\b(\d+)\s+out\s+of\s+(\d+)\s+data\s*points\b/i,
];

/** The `for` of a line that says the state must be seen N times in a row (`连续3次` → `3x`); undefined otherwise. */
export function consecutiveOf(text: string): string | undefined {
  for (const pattern of consecutivePatterns) {
    const match = pattern.exec(text);
    // "2 out of 3 datapoints" is not consecutive: only "N out of N" is.
    if (!match || (match[2] !== undefined && match[2] !== match[1])) continue;
    const count = countOf(match[1] ?? '');
    if (count !== undefined && count >= 1) return `${count}x`;
  }
  return undefined;
}

/** Finds every threshold in a line of prose. */
export function findThresholds(text: string): Threshold[] {
  const found: Threshold[] = [];
  const line = text.slice(0, 2000);
  const durationMatch = durationPattern.exec(line);
  const forText = consecutiveOf(line) ?? (durationMatch ? durationOf(durationMatch[1] ?? '', durationMatch[2] ?? '') : undefined);
  for (const match of line.matchAll(thresholdPattern)) {
    const opText = (match[1] ?? '').trim();
    const unitText = match[3] ?? '';
    const op = opWords.find(([pattern]) => pattern.test(opText))?.[1];
    if (op === undefined) continue;
    const symbolic = /^[<>=≥≤]/.test(opText);
    // Prose comparisons need a unit ("超过 3 个" is not a threshold); symbols do not.
    if (!symbolic && unitText === '') continue;
    const start = match.index ?? 0;
    // `持续 5 分钟` is the duration, not a threshold.
    if (durationMatch && durationMatch.index !== undefined && start >= durationMatch.index && start < durationMatch.index + durationMatch[0].length && /^超过$/.test(opText) && /分钟|min|小时|秒|天/.test(unitText)) continue;
    const unit = unitText === '' ? '' : (unitOf.find(([pattern]) => pattern.test(unitText))?.[1] ?? '');
    const value = `${match[2] ?? ''}${unit === '' && /^(KB|MB|GB)$/i.test(unitText) ? unitText.toUpperCase() : unit}`;
    const metric = metricBefore(line.slice(0, start));
    if (metric === '') continue;
    const sustained = /持续|sustained|连续|consecutive|in a row/i.test(line) || forText !== undefined;
    found.push({ metric, metricId: metricIdOf(metric), op, value, sustained, ...(forText === undefined ? {} : { for: forText }) });
  }
  return found;
}

function durationOf(amount: string, unit: string): string | undefined {
  const normalized = unitOf.find(([pattern]) => pattern.test(unit))?.[1];
  if (normalized === undefined || normalized === '' || normalized === '%') return undefined;
  return `${amount}${normalized}`;
}

/** The words right before an operator, without filler (`系统错误率持续` → 系统错误率). */
function metricBefore(prefix: string): string {
  const clause = prefix.split(/[，,；;:：、。()（）|【】[\]]/).pop() ?? '';
  return clause
    .replace(/^\s*(-|\*|\d+[.、])\s*/, '')
    .replace(/^(如果|若|当|出现|如|if|when)\s*/i, '')
    .replace(/(?:连续\s*(\d+|[一二两三四五六七八九十]{1,3})\s*次|(?:持续|连续)\s*\d+(?:\.\d+)?\s*(?:分钟|秒钟?|小时|天))\s*$/, '')
    .replace(/(持续|连续|时|的|is|are|sustained|stays?)\s*$/i, '')
    .replace(/[*_`]/g, '')
    .trim()
    .slice(-40);
}

const metricNames: readonly (readonly [RegExp, string])[] = [
  [/错误率|error.?rate/i, 'error_rate'],
  [/失败率|failure.?rate/i, 'failure_rate'],
  [/成功率|success.?rate/i, 'success_rate'],
  [/响应时间|延迟|latency|response.?time|耗时/i, 'latency'],
  [/执行时间|duration|执行时长/i, 'duration'],
  [/负载|load/i, 'load'],
  [/CPU/i, 'cpu'],
  [/内存|memory|mem\b/i, 'memory'],
  [/磁盘|disk/i, 'disk'],
  [/QPS|TPS|吞吐/i, 'qps'],
  [/并发|concurren/i, 'concurrency'],
  [/日活|DAU/i, 'dau'],
  [/新增用户|new users/i, 'new_users'],
  [/留存|retention/i, 'retention'],
  [/反馈/i, 'feedback'],
  [/覆盖率|coverage/i, 'coverage'],
  [/连接池|connection pool/i, 'pool_usage'],
  [/调用次数|calls|invocations/i, 'calls'],
  [/存储|storage/i, 'storage'],
];

const qualifiers: readonly (readonly [RegExp, string])[] = [
  [/数据库|DB\b|database|mysql/i, 'db_'],
  [/接口|API/i, 'api_'],
  [/云函数|函数|function/i, 'fn_'],
  [/通知|notification/i, 'notification_'],
  [/删除|delete/i, 'delete_'],
];

/** A snake-case id for a metric as people name it: 系统错误率 → error_rate, 数据库响应时间 → db_latency. */
export function metricIdOf(metric: string): string {
  const base = metricNames.find(([pattern]) => pattern.test(metric))?.[1];
  if (base === undefined) {
    const ascii = metric.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    return ascii === '' ? 'metric' : ascii.slice(0, 40);
  }
  const prefix = qualifiers.find(([pattern]) => pattern.test(metric))?.[1] ?? '';
  return `${prefix}${base}`;
}

const negation: Readonly<Record<ComparisonOp, ComparisonOp>> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '==': '==' };

/** The healthy condition over `subject`: an alert threshold (`CPU > 80%`) is negated (`value <= 80%`). */
export function conditionOf(threshold: Threshold, subject: string, alert: boolean): string {
  const op = alert ? negation[threshold.op] : threshold.op;
  if (alert && threshold.op === '==') return `${subject} != ${literal(threshold.value)}`;
  return `${subject} ${op} ${literal(threshold.value)}`;
}

/** The condition exactly as written, over `subject` (for rollback triggers). */
export function triggerOf(threshold: Threshold, subject: string): string {
  return `${subject} ${threshold.op} ${literal(threshold.value)}`;
}

function literal(value: string): string {
  return /^\d+(\.\d+)?(%|ms|s|m|h|d|KB|MB|GB)?$/.test(value) ? value : JSON.stringify(value);
}
