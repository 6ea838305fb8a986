import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule, type RuleHit } from '../rule.js';
import { entropy, isPlaceholder, randomValue } from '../values.js';

const pemHeader = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** The base64 body that follows a PEM header, across escaped (`\n`) or real line breaks; undefined when there is none. */
function pemBody(rest: string): string | undefined {
  const end = rest.indexOf('-----END');
  const body = end === -1 ? rest : rest.slice(0, end);
  const run = /[A-Za-z0-9+/]{40,}/.exec(body.replace(/\\[nr]/g, '\n'));
  if (run === null) return undefined;
  const value = run[0];
  return entropy(value) >= 3.0 && !isPlaceholder(value) ? value : undefined;
}

export const privateKey: Rule = {
  id: 'private-key',
  description: bi('Private key (RSA, EC, DSA, PKCS#8, encrypted, OpenSSH, PGP)', '私钥（RSA、EC、DSA、PKCS#8、加密、OpenSSH、PGP）'),
  severity: 'critical',
  category: 'secret',
  keywords: ['private key'],
  find(line: LineView): RuleHit[] {
    const hits: RuleHit[] = [];
    pemHeader.lastIndex = 0;
    for (let m = pemHeader.exec(line.text); m !== null; m = pemHeader.exec(line.text)) {
      const headerEnd = m.index + m[0].length;
      const sameLine = line.text.slice(headerEnd);
      const body = pemBody(`${sameLine}\n${line.following(4000)}`);
      if (body === undefined) continue;
      // When the body sits on the same line (JSON, escaped \n), the whole rest of the line is the secret.
      const end = pemBody(sameLine) === undefined ? headerEnd : line.text.length;
      hits.push({ start: m.index, end, value: body.slice(0, 120), redactAs: `${m[0]}••••` });
    }
    return hits;
  },
};

function passwordOk(user: string, password: string): boolean {
  if (password.length < 3 || password === user) return false;
  return !isPlaceholder(password) && !isPlaceholder(decodeURIComponentSafe(password));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const connectionStringPassword: Rule = {
  id: 'connection-string-password',
  description: bi(
    'Database or queue connection string with a password (MySQL, PostgreSQL, MongoDB, Redis, JDBC, AMQP …)',
    '带密码的数据库或队列连接串（MySQL、PostgreSQL、MongoDB、Redis、JDBC、AMQP 等）',
  ),
  severity: 'critical',
  category: 'secret',
  keywords: ['mysql', 'mariadb', 'postgres', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'oracle', 'clickhouse', 'jdbc'],
  find: regexFind(
    /(?<![A-Za-z0-9+.-])(?:jdbc:)?(?:mysqlx?|mariadb|postgres(?:ql)?|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse):\/\/([^\s:@/'"`]{0,128}):([^\s/'"`]{1,256})@(?=[\w.[-])/i,
    { group: 2, validate: (password, _line, m) => passwordOk(m[1] ?? '', password) },
  ),
};

export const urlCredentials: Rule = {
  id: 'url-credentials',
  description: bi('URL with a user name and password (basic auth)', '带用户名和密码的 URL（Basic 认证）'),
  severity: 'high',
  category: 'secret',
  keywords: ['http://', 'https://', 'ftp://', 'ftps://', 'sftp://', 'ssh://', 'smtp', 'ldap', 'git://'],
  find: regexFind(/(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|ssh|smtps?|ldaps?|git):\/\/([^\s:@/'"`]{1,128}):([^\s/'"`@]{1,256})@(?=[\w.[-])/i, {
    group: 2,
    validate: (password, _line, m) => passwordOk(m[1] ?? '', password) && !/^\d{1,5}$/.test(password),
  }),
};

/** Names that hold something about a secret, not the secret: `tokenTtl`, `passwordField`, `secretName`. */
const notTheSecret =
  /(?:name|id|ids|path|file|dir|url|uri|ttl|expir\w*|expires?_?in|length|len|type|field|header|env|ref|count|timeout|prefix|suffix|endpoint|version|hash|hashed|salt|mode|format|rule|regex|pattern|policy|label|placeholder|hint|key_?name|provider|store|strategy|manager|service|ms|sec|seconds|s)$/i;
const codeReference = /^[A-Za-z_$][\w$]*(?:(?:\.|\?\.|::|->)[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][\w$]*\($|^(?:true|false|null|nil|none|undefined)$/i;

export const genericSecretAssignment: Rule = {
  id: 'generic-secret',
  description: bi(
    'Hard-coded password, secret, token or API key assigned in code or configuration',
    '代码或配置中硬编码的密码、密钥、令牌或 API Key',
  ),
  severity: 'high',
  category: 'secret',
  generic: true,
  keywords: ['password', 'passwd', 'passphrase', 'pwd=', 'pwd:', 'pwd"', "pwd'", 'secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'access-key', 'auth_key', 'authkey', 'credential'],
  find: regexFind(
    /(?<![A-Za-z])(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|credentials?)([A-Za-z0-9_.-]{0,24})["'\]]{0,2}\s{0,4}(?:=|:=|=>|:|\+=)\s{0,4}(?:["'`]|\$\{?|)([^\s"'`,;(){}[\]<>]{8,200})/i,
    {
      group: 2,
      validate: (value, _line, m) => {
        if (notTheSecret.test(m[1] ?? '')) return false;
        if (m[0].includes('${') || /^[$%@&]/.test(value)) return false;
        if (codeReference.test(value) || /^\d+$/.test(value) || /^(?:https?|wss?|file):/i.test(value) || /^[./~]/.test(value)) return false;
        // A relative file path (`bin/secretlint.js` in package.json) names a file, not a secret.
        if (/^[\w@.-]+(?:\/[\w@.-]+)+\.[A-Za-z]{1,5}$/.test(value)) return false;
        if (!/[0-9]/.test(value) && !/[^A-Za-z0-9]/.test(value)) return false;
        return randomValue(3.0, 2)(value);
      },
    },
  ),
};
