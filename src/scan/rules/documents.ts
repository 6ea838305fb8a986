import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule, type RuleHit } from '../rule.js';
import { looksLikePassword } from '../values.js';

/** Something on the line (or the one before) that says this is about logging into a machine or an account. */
const credentialContext = /\b\d{1,3}(?:\.\d{1,3}){3}\b|ssh|服务器|server|host|主机|账号|帐号|账户|用户名|密码|password|login|登录|credential|凭据/i;

export const serverCredentialPair: Rule = {
  id: 'server-credentials',
  description: bi('Plaintext server login written as user/password (e.g. root/…)', '明文服务器登录信息（如 root/密码）'),
  severity: 'critical',
  category: 'secret',
  keywords: ['root/', 'root /', 'admin/', 'admin /', 'administrator/', 'ubuntu/', 'centos/', 'ec2-user/', 'deploy/', 'user/'],
  find: regexFind(
    /(?<![\w/.~-])(?:root|admin|administrator|ubuntu|centos|ec2-user|deploy|user)\s?\/\s?([^\s/()（）,，。;；'"`|<>]{6,64})(?=$|[\s)）,，。;；'"`|])/i,
    { group: 1, validate: (v, line) => looksLikePassword(v) && credentialContext.test(`${line.before(1).join('')}\n${line.text}`) },
  ),
};

export const labelledPassword: Rule = {
  id: 'plaintext-password',
  description: bi('Plaintext password written after 密码 / 口令 in a document', '文档中“密码 / 口令”后写出的明文密码'),
  // A password without the host it opens: serious, but not a working credential on its own.
  severity: 'high',
  category: 'secret',
  keywords: ['密码', '口令'],
  // The label must be followed by `：`, `=`, 是 or 为: `placeholder:"输入密码"` in a bundle is a label, not a value.
  find: regexFind(/(?:密码|口令)\s{0,3}(?:[:：=]|是|为)\s{0,3}[`'"]?([A-Za-z0-9!@#$%^&*_~][^\s`'"，。；;|<>（）()\u3000-\u9fff\uff00-\uffef]{5,63})(?=$|[\s`'"，。,；;|）)])/, {
    group: 1,
    validate: (v) => looksLikePassword(v),
  }),
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
  if (!looksLikePassword(value)) return [];
  let offset = row.indexOf('|') + 1;
  for (let i = 0; i < column; i++) offset += (rowCells[i] ?? '').length + 1;
  const start = row.indexOf(value, offset);
  return start === -1 ? [] : [{ start, end: start + value.length }];
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
