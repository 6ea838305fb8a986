import { bi } from '../../core/text.js';
import { regexFind, type HitRating, type LineView, type Rule, type RuleHit } from '../rule.js';
import { hasFormatSlot, hostKind, isCommonPassword, looksLikePassword, type HostKind } from '../values.js';

/**
 * A password a person wrote into a document: not a placeholder, not a format slot (`userId={}` after a 密码 label in a
 * log message), not a name (`node_modules` in `admin/node_modules`: words joined by `_`, `-` or `.` name a directory or
 * a page, a password has digits or symbols).
 */
function writtenPassword(value: string): boolean {
  return looksLikePassword(value) && !hasFormatSlot(value) && !/^[A-Za-z]+(?:[_.-][A-Za-z]+)+$/.test(value);
}

/** Words that call a login a default or demo one (`默认密码`, `演示账号`). */
const defaultWords = /默认|初始|缺省|演示|体验|示例|样例|(?<![a-z])(?:default|initial|demo|sample|example)(?![a-z])/i;
const testDirectory = /(?:^|\/)(?:tests?|testing|__tests__|e2e|qa|specs?|fixtures?|mocks?|demos?|examples?)\//i;

/**
 * A login that says it is a default or demo one (`admin123`, `默认密码`, `Demo2026`), or one in test material (a file
 * under `testing/`): published so that people type it in. Rated `unreported`: masked, not a finding. A test account
 * written into a launch document (`测试账号 13800138000 / Test@1234`) is not one of these: it logs into the real
 * application (seed 003 lists them, and a launch step cleans them up), so it is reported.
 */
function isDefaultLogin(password: string, text: string, file: string): boolean {
  return isCommonPassword(password) || /demo|sample|example/i.test(password) || defaultWords.test(text) || testDirectory.test(file);
}

/**
 * The line and the nearest non-blank line above it: where a document says what a login opens. A Markdown table row
 * stands alone: the row above is another record (`服务器密码` in row S6 says nothing about row S7's `admin/…`).
 */
function around(line: LineView): string {
  if (line.text.trimStart().startsWith('|')) return line.text;
  const above = line.before(2).filter((text) => text.trim() !== '');
  return `${above.at(-1) ?? ''}\n${line.text}`;
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
const loginWords = /账号|帐号|账户|用户名|密码|口令|登录|登陆|管理员|超管|后台|凭据|凭证|password|passwd|credential|(?<![a-z])(?:log ?in|sign ?in|account)/i;

/**
 * How serious a `user/password` pair is, from what its line and the line above say it opens (undefined: not a login
 * anyone else could use). A public IP address or ssh/服务器 makes it a server login, critical whatever the password
 * (high on an internal address). Otherwise it is an application's own login (`登录 admin/…`): critical at a public
 * URL, high without one, unreported (masked, not a finding) when it is a default or test one (`演示地址 https://… admin/admin123`).
 */
function rateLoginPair(password: string, line: LineView): HitRating | undefined {
  const text = around(line);
  const kinds = hostKinds(text);
  if (namesPublicMachine(text)) return 'critical';
  if (forLocalInstance(kinds)) return undefined;
  if (machineWords.test(text)) return kinds.has('private') ? 'high' : 'critical';
  if (!kinds.has('public') && !loginWords.test(text)) return undefined;
  if (isDefaultLogin(password, line.text, line.file)) return 'unreported';
  return kinds.has('public') ? 'critical' : 'high';
}

export const serverCredentialPair: Rule = {
  id: 'server-credentials',
  description: bi('Plaintext login written as user/password (e.g. root/… next to a server address)', '写成 用户/密码 的明文登录信息（如服务器地址旁的 root/密码）'),
  severity: 'critical',
  category: 'secret',
  keywords: ['root/', 'root /', 'admin/', 'admin /', 'administrator/', 'ubuntu/', 'centos/', 'ec2-user/', 'deploy/', 'user/'],
  find: regexFind(
    /(?<![\w/.~-])(?:root|admin|administrator|ubuntu|centos|ec2-user|deploy|user)\s?\/\s?([^\s/()（）,，。;；'"`|<>]{6,64})(?=$|[\s)）,，。;；'"`|])/i,
    {
      group: 1,
      validate: (v, line) => writtenPassword(v) && rateLoginPair(v, line) !== undefined,
      rate: (v, line) => rateLoginPair(v, line),
    },
  ),
};

export const labelledPassword: Rule = {
  id: 'plaintext-password',
  description: bi('Plaintext password written after 密码 / 口令 in a document', '文档中“密码 / 口令”后写出的明文密码'),
  // A password without the host it opens: serious, but not a working credential on its own.
  severity: 'high',
  category: 'secret',
  keywords: ['密码', '口令'],
  // The label must be followed by `：`, `=`, 是 or 为 (`placeholder:"输入密码"` in a bundle is a label, not a value), or
  // by a Markdown code span (`服务器密码 \`…\``). `账号密码：admin/…` gives a user and its password: the password is
  // what follows the slash (the lookahead and back reference take the user whole, so it is never split differently).
  find: regexFind(
    /(?:密码|口令)\s{0,3}(?:(?:[:：=]|是|为)\s{0,3}[`'"]?|`(?=[^`\s]{6,96}`))(?:(?=([A-Za-z][\w.-]{0,31}\/))\1|(?![A-Za-z][\w.-]{0,31}\/))([A-Za-z0-9!@#$%^&*_~][^\s`'"，。；;|<>（）()\u3000-\u9fff\uff00-\uffef]{5,63})(?=$|[\s`'"，。,；;|）)])/,
    {
      group: 2,
      validate: (v, line) => writtenPassword(v) && !forLocalInstance(hostKinds(around(line))),
      rate: (v, line) => (isDefaultLogin(v, line.text, line.file) ? 'unreported' : undefined),
    },
  ),
};

const passwordHeader = /^(?:密码|口令|初始密码|登录密码|password|passwd|pwd|pass)$/i;

function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|');
}

/** Finds the password cell of a Markdown table row by walking up to the table's header row. */
function findTableCell(line: LineView): RuleHit[] {
  const row = line.text;
  if (!row.trimStart().startsWith('|') || /^\s*\|[\s:|-]+\|?\s*$/.test(row)) return [];
  const above = line.before(200);
  let header: string | undefined;
  let sawSeparator = false;
  for (let i = above.length - 1; i >= 0; i--) {
    const candidate = above[i] ?? '';
    if (!candidate.trimStart().startsWith('|')) break;
    if (/^\s*\|[\s:|-]+\|?\s*$/.test(candidate)) {
      sawSeparator = true;
      header = above[i - 1];
      break;
    }
  }
  if (!sawSeparator || header === undefined) return [];
  const column = cells(header).findIndex((cell) => passwordHeader.test(cell.trim()));
  if (column === -1) return [];
  const rowCells = cells(row);
  const cell = rowCells[column];
  if (cell === undefined) return [];
  const value = cell.trim().replace(/^`|`$/g, '');
  if (!writtenPassword(value) || forLocalInstance(hostKinds(row))) return [];
  let offset = row.indexOf('|') + 1;
  for (let i = 0; i < column; i++) offset += (rowCells[i] ?? '').length + 1;
  const start = row.indexOf(value, offset);
  if (start === -1) return [];
  // A QA account table (`qa_staff`, a file under `testing/`) or a default password in a cell is a test login.
  return [isDefaultLogin(value, row, line.file) ? { start, end: start + value.length, severity: 'unreported' } : { start, end: start + value.length }];
}

export const passwordTableColumn: Rule = {
  id: 'password-in-table',
  description: bi('Plaintext password in a table column headed 密码 / Password', '表格“密码 / Password”列中的明文密码'),
  severity: 'high',
  category: 'secret',
  keywords: ['| 密码', '|密码', '| 口令', '| password', '|password', '| passwd', '| pwd'],
  reachAfter: 200,
  find: findTableCell,
};
