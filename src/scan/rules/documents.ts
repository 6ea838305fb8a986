import { bi } from '../../core/text.js';
import { regexFind, type HitRating, type LineView, type Rule, type RuleHit } from '../rule.js';
import { hasFormatSlot, hostKind, isCodeFile, isCommonPassword, isPathName, looksLikePassword, namesItsSetup, type HostKind } from '../values.js';
import { labelAbove } from './names.js';

/**
 * A password a person wrote into a document: not a placeholder, not a format slot (`userId={}` after a 密码 label in a
 * log message), not a name (`node_modules` in `admin/node_modules`: words joined by `_`, `-` or `.` name a directory or
 * a page, a password has digits or symbols), nor a heading's product name (`RHEL:**` of `**CentOS/RHEL:**`), nor a
 * form field's name (`line_config[channel_secret]`, where a settings page stores it).
 */
function writtenPassword(value: string): boolean {
  // Also not a template's fragment (`<header th:replace="admin/header::header-fragment">`, Thymeleaf's `page::name`).
  if (/^[A-Za-z_][\w.-]*(?:\[[\w.-]*\])+$/.test(value) || /^[\w.-]+\s?::\s?[\w.-]+/.test(value) || isPathName(value)) return false;
  // Nor a source file's name (`admin/admin-auth.controller.ts:login`, a test's case label).
  if (/^[\w.-]+\.(?:[cm]?[jt]sx?|vue|php|py|java|go|kt|rb|cs)(?::[\w.-]+)?$/.test(value)) return false;
  // Nor a validation annotation (`| password | @NotBlank |` in a table of fields).
  if (/^@[A-Z]\w*(?:\(.*)?$/.test(value)) return false;
  // Nor a column's type in a data dictionary (`password | varchar(255) | 登录密码`).
  if (/^(?:var)?char\(\d+\)|^(?:tiny|medium|long)?(?:text|blob)$|^(?:big|small|tiny)?int(?:eger)?(?:\(\d+\))?$/i.test(value)) return false;
  // Nor a route's handler (`'admin/login': 'admin/admin_mgr_controller@adminLogin'`).
  if (/^\w*(?:controller|ctrl|handler|action)@\w+(?:#\w+)?$/i.test(value)) return false;
  return looksLikePassword(value) && !hasFormatSlot(value) && !/^[A-Za-z]+(?:[_.-][A-Za-z]+)*[:：*]*$/.test(value);
}

/** Words that call a login a default or demo one (`默认密码`, `演示账号`). */
const defaultWords = /默认|初始|缺省|演示|体验|示例|样例|(?<![a-z])(?:default|initial|demo|sample|example)(?![a-z])/i;
/** A test case's row: the login is an input, and the row says what the page should show (`提示 "用户名或密码输入错误"`). */
const testCaseWords = /测试用例|用例|预期|期望结果|输出结果|提示|输入错误|登录失败/;
const testDirectory = /(?:^|\/)(?:tests?|testing|__tests__|e2e|qa|specs?|fixtures?|mocks?|demos?|examples?)\//i;

/**
 * A login that says it is a default, demo or local one (`admin123`, `默认密码`, `Demo2026`, `Mysql@Local123!`), or one in test material (a file
 * under `testing/`): published so that people type it in. Rated `unreported`: masked, not a finding. A test account
 * written into a launch document (`测试账号 13800138000 / Test@1234`) is not one of these: it logs into the real
 * application (seed 003 lists them, and a launch step cleans them up), so it is reported.
 */
function isDefaultLogin(password: string, text: string, file: string): boolean {
  return isCommonPassword(password) || namesItsSetup(password) || /demo|sample|example/i.test(password) || defaultWords.test(text) || testCaseWords.test(text) || testDirectory.test(file);
}

/**
 * The line and the nearest non-blank line above it: where a document says what a login opens. A Markdown table row
 * stands alone: the row above is another record (`服务器密码` in row S6 says nothing about row S7's `admin/…`).
 */
function around(line: LineView): string {
  if (line.text.trimStart().startsWith('|')) return line.text;
  return `${lineAbove(line)}\n${line.text}`;
}

/** The nearest non-blank line of the two above a line ('' when both are blank). */
function lineAbove(line: LineView): string {
  return line.before(2).filter((text) => text.trim() !== '').at(-1) ?? '';
}

const ipv4 = String.raw`(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])`;
const ipAddresses = new RegExp(ipv4, 'g');
const hosts = new RegExp(String.raw`(${ipv4})|:\/\/([\w.-]+)|\b(localhost)\b`, 'gi');

/** Where the hosts named in `text` point: IPv4 addresses, URL hosts and `localhost`. */
export function hostKinds(text: string): Set<HostKind> {
  return new Set([...text.matchAll(hosts)].map((m) => hostKind(m[1] ?? m[2] ?? m[3] ?? '')));
}

/** A public IPv4 address: a machine, where a URL's domain may be a web application's published demo. */
function namesPublicMachine(text: string): boolean {
  return [...text.matchAll(ipAddresses)].some((m) => hostKind(m[0]) === 'public');
}

/**
 * A login written next to loopback or a documentation address, and no public one (`后台 http://127.0.0.1:3000；超管
 * admin/…`): a local instance's, which opens nothing anyone else can reach, like `root:root@127.0.0.1`.
 */
export function forLocalInstance(hosts: Set<HostKind>): boolean {
  return !hosts.has('public') && (hosts.has('local') || hosts.has('example'));
}

/** Words that say a login is for a machine, not for an application's own admin page. */
const machineWords = /ssh|sftp|服务器|主机|堡垒机|宝塔|(?<![a-z])(?:ecs|vps|cvm)(?![a-z])/i;
/** Words that say a user/password pair is a login at all (`catalog index` is not `log in`). */
const loginWords = /账号|帐号|账户|用户名|密码|口令|密钥|秘钥|登录|登陆|管理员|超管|后台|凭据|凭证|password|passwd|credential|(?<![a-z])(?:log ?in|sign ?in|account)/i;

/**
 * How serious a written login is, from what `context` says it opens — by default the line and the line above it
 * (undefined: not a login anyone else could use); `own` is the text that may call it a default (by default its line).
 * A public IP address or ssh/服务器 makes it a server login, critical whatever the password (high on an internal
 * address). Otherwise it is an application's own login (`登录 admin/…`): critical at a public URL, high without one,
 * unreported (masked, not a finding) when it is a default or test one (`演示地址 https://… admin/admin123`).
 */
function rateLoginPair(password: string, line: LineView, context = around(line), own = line.text): HitRating | undefined {
  const kinds = hostKinds(context);
  if (namesPublicMachine(context)) return 'critical';
  if (forLocalInstance(kinds)) return undefined;
  if (machineWords.test(context)) return kinds.has('private') ? 'high' : 'critical';
  if (!kinds.has('public') && !loginWords.test(context)) return undefined;
  if (isDefaultLogin(password, own, line.file)) return 'unreported';
  return kinds.has('public') ? 'critical' : 'high';
}

/** A written login's checks for `regexFind`: a password a person wrote, rated by what the document says it opens. */
const ratedByWhatItOpens = {
  validate: (v: string, line: LineView) => writtenPassword(v) && rateLoginPair(v, line) !== undefined,
  rate: (v: string, line: LineView) => rateLoginPair(v, line),
};

/** Labels a document writes before an account name (`账号：shopadmin`, `登录 admin`). */
const accountLabel = String.raw`(?:账号|帐号|账户|用户名?|登录|登陆|管理员|超管)`;
/** An account name: a word, a phone number or a mail address — never a path or a domain (`登录 github.com/…`). */
const accountName = String.raw`[A-Za-z0-9][\w-]{1,31}(?:@[\w.-]{1,64})?`;
/**
 * What a person types as a password in a document: up to a space, a quote, a bracket or Chinese punctuation, and not
 * the sentence's comma or full stop after it (`密码是 123456, 存到…`: the preview masked `123456,` and showed the same
 * value later on the line).
 */
const writtenValue = String.raw`[A-Za-z0-9!@#$%^&*_~][^\s\x60'"\u2018-\u201f，。；;|<>（）()\u3000-\u9fff\uff00-\uffef]{5,63}(?<![,.:])`;

/**
 * A user and a password written `user/password`: a stock machine or admin account (`root/…`, `admin /…`), or any
 * account right after its label (`登录：shopadmin/…`, `账号: 13800138000 / …`; a label says it is a login, so the
 * name may be anything).
 */
const loginPair = new RegExp(
  String.raw`(?:(?<![\w/.~-])(?:root|admin|administrator|ubuntu|centos|ec2-user|deploy|user)|${accountLabel}\s{0,3}[:：]?\s{0,3}${accountName})` +
    String.raw`\s?\/\s?([^\s/()（）,，。;；'"\x60|<>]{6,64})(?=$|[\s)）,，。;；'"\x60|])`,
  'i',
);

export const serverCredentialPair: Rule = {
  id: 'server-credentials',
  description: bi('Plaintext login written as user/password (e.g. root/… next to a server address)', '写成 用户/密码 的明文登录信息（如服务器地址旁的 root/密码）'),
  severity: 'critical',
  category: 'secret',
  keywords: ['root/', 'root /', 'admin/', 'admin /', 'administrator/', 'ubuntu/', 'centos/', 'ec2-user/', 'deploy/', 'user/', '账号', '帐号', '账户', '用户', '登录', '登陆', '管理员', '超管'],
  find: regexFind(loginPair, { group: 1, ...ratedByWhatItOpens }),
};

/**
 * A password after its label, bold or not (`**密码**：…`): `密码：…`, `口令=…`, `密码是…`, a Markdown code span
 * (`服务器密码 \`…\``), the last word of its line after a space (`数据库密码 …`), or, after an account and its name,
 * nothing more (`账号 root 密码 …`, `账号 root 密码…`).
 * Anything else is a label (`placeholder:"输入密码"` in a bundle). In `账号密码：admin/…` the password is what follows
 * the slash (the lookahead and back reference take the user whole, so it is never split differently).
 */
const userThenSlash = String.raw`[A-Za-z0-9][\w.@-]{0,31}\s?\/\s?`;
const labelledValue = new RegExp(
  String.raw`(?:密码|口令|密钥|秘钥)\*{0,2}(?:\s{0,3}(?:[:：=]|是|为)\*{0,2}\s{0,3}[\x60'"“‘「]?|\s{0,3}\x60(?=[^\x60\s]{6,96}\x60)|\s{1,3}(?=\S{6,64}\s*$)|(?<=${accountLabel}\s{0,3}[:：]?\s{0,3}${accountName}\s{1,3}(?:密码|口令))\s{0,3})` +
    String.raw`(?:(?=(${userThenSlash}))\1|(?!${userThenSlash}))(${writtenValue})(?=$|[\s\x60'"”’」，。,；;|）)])`,
);

/**
 * A value after its label and a space only (`密码 …`), in code: only on a comment line of its own. After code
 * (`password = db.Column(…)  #密码 pwd123`) a comment explains the column with an example.
 */
function spacedLabelInCode(v: string, line: LineView, m: RegExpExecArray): boolean {
  const between = m[0].slice(0, m[0].length - v.length);
  if (!isCodeFile(line.file) || !/^(?:密码|口令|密钥|秘钥)\s+$/.test(between)) return false;
  return !/^\s*(?:\/\/|#|\*|\/\*|--)/.test(line.text);
}

/** What a sentence says a key is made of or with (`密钥为 Base64 编码的 32 字节随机值`), not a key. */
const encodingName = /^(?:base64(?:url)?|hex|utf-?8|ascii|md5|sha-?\d*|aes(?:-?\d+)?(?:-[a-z]+)?|rsa(?:-?\d+)?|hmac[\w-]*|bcrypt|des|sm[234]|jwt|pem|pkcs#?\d+)$/i;

const findLabelledValue = regexFind(labelledValue, {
  group: 2,
  validate: (v, line, m) => ratedByWhatItOpens.validate(v, line) && !spacedLabelInCode(v, line, m) && !encodingName.test(v),
  rate: ratedByWhatItOpens.rate,
});

/** A label's word for a password or a key in Chinese. */
const chineseSecretWord = /密码|口令|密钥|秘钥/;
/**
 * An English label: a setting's name alone (`DB_PASSWORD`, `Secret Key`), and its line says it is a label by a colon
 * at its end, bold or a heading (`- DB_PASSWORD:`, `**Password**`), unlike a line of an ini sample (`password=…`).
 */
const englishSecretLabel = /^[A-Za-z][\w .-]*(?:password|passwd|(?<![a-z])pwd|secret)[\w .-]*$/i;
const labelMark = /[:：]\s*(?:\*\*|__)?\s*$|^\s*(?:[-*+]\s+)?(?:#{1,6}\s|\*\*|__)/;

function secretLabel(label: string, labelLine: string): boolean {
  return chineseSecretWord.test(label) || (englishSecretLabel.test(label) && labelMark.test(labelLine));
}

/**
 * A password on the line below its label in a Markdown document (`**数据库密码**` or `- DB_PASSWORD:`, then the
 * password alone, indented or fenced), rated by what the label and the value's line say it opens. A sentence below the
 * label is prose.
 */
function findPasswordBelowLabel(line: LineView): RuleHit[] {
  const below = labelAbove(line);
  if (below === undefined || !namesSecret(below.label) || !secretLabel(below.label, below.labelLine) || !writtenPassword(below.value)) return [];
  const told = `${below.labelLine}\n${line.text}`;
  const severity = rateLoginPair(below.value, line, told, told);
  if (severity === undefined) return [];
  const start = line.text.indexOf(below.value);
  return [{ start, end: start + below.value.length, severity }];
}

export const labelledPassword: Rule = {
  id: 'plaintext-password',
  description: bi('Plaintext password or key written after 密码 / 口令 / 密钥 in a document', '文档中“密码 / 口令 / 密钥”后写出的明文密码或密钥'),
  // A password without the host it opens: serious, but not a working credential on its own; the line may say more.
  severity: 'high',
  category: 'secret',
  // 秘钥 is how many write 密钥 (a key): `秘钥:…` in a team's notes.
  // The English words wake a label above a value (`- DB_PASSWORD:`), which `labelledValue` never reads.
  keywords: ['密码', '口令', '密钥', '秘钥', 'password', 'passwd', 'secret'],
  // A value may stand below its label, maybe inside a code fence.
  reachAfter: 2,
  find: (line) => [...findLabelledValue(line), ...findPasswordBelowLabel(line)],
};

/** A cell of a Markdown table row: its text, trimmed, and where that text starts in the row. */
interface Cell {
  readonly text: string;
  readonly start: number;
}

const tableSeparator = /^\s*\|[\s:|-]+\|?\s*$/;

/** The cells of a Markdown table row (`| a | b |`). */
function cellsOf(row: string): Cell[] {
  const cells = [...row.matchAll(/(?<=\|)[^|]*/g)].map((m) => {
    const text = m[0].trim();
    return { text, start: m.index + m[0].indexOf(text) };
  });
  // The closing bar leaves an empty cell after it.
  if (cells.at(-1)?.text === '') cells.pop();
  return cells;
}

/** The header row of the table a row is in: the row above the `|---|` separator (undefined for the header itself). */
function tableHeader(line: LineView): string | undefined {
  const above = line.before(200);
  for (let i = above.length - 1; i >= 1; i--) {
    const row = above[i] ?? '';
    if (!row.trimStart().startsWith('|')) return undefined;
    if (tableSeparator.test(row)) return above[i - 1];
  }
  return undefined;
}

const secretName = /(?:密码|口令|密钥|秘钥|password|passwd|pwd|(?<![a-z])pass|secret|secret[ _-]?key)$/i;
/** An action on a secret: a page, a form field or an API (`| 修改密码 | updatePwd2 |`), not the secret. */
const secretAction = /^(?:修改|重置|忘记|找回|设置|输入|确认|更新|校验|验证|(?:forgot|reset|change|update|set|confirm|verify)\b)/i;

/**
 * A header or key cell that names a secret — `密码`, `数据库密码`, `**Password**`, `AccessKey Secret`, `密钥（生产）` —
 * not a sentence that happens to end in one, nor an action on one.
 */
function namesSecret(cell: string): boolean {
  const name = cell.replace(/[*\x60]/g, '').replace(/\s*[(（][^)）]*[)）]$/, '').trim();
  return name.length <= 32 && secretName.test(name) && !secretAction.test(name);
}

/**
 * The columns of a row that hold a secret: those its header names one (`| 名称 | 地址 | 用户名 | 密码 |`), and those
 * right of a cell that names one (`| 数据库密码 | … |`, `| DB_PASSWORD | … |`: a key/value table).
 */
function secretColumns(row: readonly Cell[], header: readonly Cell[]): number[] {
  return row.map((_, i) => i).filter((i) => namesSecret(header[i]?.text ?? '') || namesSecret(row[i - 1]?.text ?? ''));
}

/** A cell holding one written value, maybe in a code span: never a sentence, a type (`varchar(64)`) or a path. */
const cellValue = new RegExp(`^\x60?(${writtenValue})\x60?$`);

/**
 * How serious a secret in a table is: by what its row and the header above say it opens, like a written login (the
 * MySQL row at a public address is critical); a secret column that says nothing of a login (`AccessKey Secret`) is
 * high. A default or test one is unreported: the row says so, or its column holds defaults or examples (`| 变量 |
 * 默认值 | 说明 |`, an environment table's `POSTGRES_PASSWORD` row).
 */
function rateTableSecret(value: string, line: LineView, header: string, columnHeader: string): HitRating {
  const own = `${line.text}\n${columnHeader}`;
  return rateLoginPair(value, line, `${header}\n${line.text}`, own) ?? (isDefaultLogin(value, own, line.file) ? 'unreported' : 'high');
}

/** Finds the secrets of a Markdown table row. A row is judged by itself and its header: other rows are other records. */
function findTableSecrets(line: LineView): RuleHit[] {
  const row = line.text;
  if (!row.trimStart().startsWith('|') || tableSeparator.test(row) || forLocalInstance(hostKinds(row))) return [];
  const header = tableHeader(line) ?? '';
  const [cells, headerCells] = [cellsOf(row), cellsOf(header)];
  const hits: RuleHit[] = [];
  for (const column of secretColumns(cells, headerCells)) {
    const cell = cells[column] as Cell;
    const value = cellValue.exec(cell.text)?.[1];
    if (value === undefined || !writtenPassword(value)) continue;
    const start = cell.start + cell.text.indexOf(value);
    hits.push({ start, end: start + value.length, severity: rateTableSecret(value, line, header, headerCells[column]?.text ?? '') });
  }
  return hits;
}

/** Words a secret column's header or a key cell ends in (or starts with), as a table writes them. */
const tableSecretWords = ['密码', '口令', '密钥', '秘钥', 'password', 'passwd', 'secret', 'pwd'];

export const passwordTableColumn: Rule = {
  id: 'password-in-table',
  description: bi(
    'Plaintext password or secret in a Markdown table: under a 密码 / Password / Secret column, or beside a cell naming one',
    'Markdown 表格中的明文密码或密钥：“密码 / Password / Secret”列下，或写在这类名称的右侧',
  ),
  severity: 'high',
  category: 'secret',
  // A cell starts or ends with the word (`| 密码`, `数据库密码 |`, padded `Password   `, bold `密码**`); the rows below
  // the header are reached from it.
  keywords: tableSecretWords.flatMap((w) => [`| ${w}`, `|${w}`, `${w} |`, `${w}|`, `${w}  `, `${w}**`]),
  reachAfter: 200,
  find: findTableSecrets,
};

/** A prompt an expect script waits for before typing a password: `expect "*password:*"`, `"*assword*" {`. */
const passwordPrompt = /"[^"]*(?:assword|passwd|口令|密码)[^"]*"/i;

/**
 * What a script says its password opens: the line, the prompt above it, and the commands an expect script spawns
 * around it (`spawn ssh root@47.96.…`), which come before the password is typed or after it is `set`.
 */
function scriptContext(line: LineView): string {
  const spawned = [...line.before(12), ...line.after(12)].filter((text) => /^\s*spawn\s/.test(text));
  return [...spawned, around(line)].join('\n');
}

/**
 * Where a script hands a login its password: expect's `send "…\r"` after a password prompt (on its line or the line
 * above), a Tcl `set password "…"`, `sshpass -p '…'`.
 */
const scriptedValue = String.raw`([A-Za-z0-9!@#%^&*_~][^\s"'\\]{5,63})`;
const scriptedPassword = new RegExp(
  [
    String.raw`\bsend\s+(?:--\s+)?"${scriptedValue}(?:\\[rn])?"`,
    String.raw`^\s*set\s+\w*(?:pass|pwd)\w*\s+"?${scriptedValue}"?\s*(?:;.*)?$`,
    String.raw`\bsshpass\s+-p\s?(['"]?)${scriptedValue}\3(?=\s)`,
  ].join('|'),
  'i',
);

/** The password of a `send` only when the script was asked for one: `send "yes\r"` answers a host key question. */
function sentAfterPrompt(line: LineView, at: number): boolean {
  const before = line.text.slice(0, at);
  return passwordPrompt.test(before.trim() === '' ? lineAbove(line) : before);
}

function findScriptedPassword(line: LineView): RuleHit[] {
  const m = scriptedPassword.exec(line.text);
  const value = m?.[1] ?? m?.[2] ?? m?.[4];
  if (m === null || value === undefined || !writtenPassword(value)) return [];
  if (m[1] !== undefined && !sentAfterPrompt(line, m.index)) return [];
  const severity = rateLoginPair(value, line, scriptContext(line));
  if (severity === undefined) return [];
  const start = m.index + m[0].indexOf(value);
  return [{ start, end: start + value.length, severity }];
}

export const scriptedLogin: Rule = {
  id: 'scripted-password',
  description: bi(
    'Password a script types into a login: expect send after a password prompt, Tcl set password, sshpass -p',
    '脚本自动输入的登录密码：expect 在密码提示后 send、Tcl set password、sshpass -p',
  ),
  severity: 'high',
  category: 'secret',
  keywords: ['send "', 'send --', 'set pass', 'set pwd', 'sshpass'],
  find: findScriptedPassword,
};
