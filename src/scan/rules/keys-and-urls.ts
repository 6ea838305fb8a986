import { bi } from '../../core/text.js';
import { regexFind, type HitRating, type LineView, type Rule, type RuleHit } from '../rule.js';
import type { Severity } from '../types.js';
import {
  entropy,
  hasFormatSlot,
  hasTypingRun,
  hostKind,
  isCodeFile,
  isCodeValue,
  isConfigFile,
  isCiFile,
  isCommonPassword,
  isDevEnvFile,
  isExpiredJwt,
  isGuessable,
  isBase64Digest,
  isValidatorRule,
  isHexDigest,
  isMachineHex,
  isMarkdown,
  isPasswordDigest,
  isPlaceholder,
  isPublicKey,
  isPublishedKey,
  isStyleFile,
  isTemplate,
  isTemplateFile,
  isPathName,
  isProgramName,
  isTestFile,
  isVendorExample,
  isWechatUserId,
  looksGenerated,
  namesAPassword,
  namesItsSetup,
  randomValue,
  type HostKind,
} from '../values.js';
import { blockAround, nameWords, settingsIn, sharePrefix, type Block, type Setting } from './blocks.js';
import { forLocalInstance, hostKinds } from './documents.js';
import { assignedName, calledMadeUp, inDocumentedSample, keyWords, near, parentKey, tokenInResponseSample } from './names.js';

const pemHeader = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** A line of a PEM body once the quotes, concatenation and escapes of code around it are gone: base64 only. */
const pemBodyLine = /^=?[A-Za-z0-9+/]+={0,2}$/;
/** A header field before the body (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, PGP's `Version: …`). */
const pemHeaderField = /^[A-Za-z][\w-]*: /;
/** Fewer base64 characters than the smallest private key (an EC P-256 SEC1 key has 164) is a sample's first line. */
const minPemBody = 150;

/** A line of `rest` without the quotes, concatenation and trailing escapes code writes around a key's line. */
function unwrappedLine(text: string): string {
  return text.trim().replace(/^[\s"'\x60+]+|[\s"'\x60+,;\\]+$/g, '');
}

/**
 * The base64 body that follows a PEM header, across escaped (`\n`) or real line breaks: the base64 lines right after the
 * header (and its fields), running up to the END line or the end of `rest`. Undefined for a sample — a header quoted in
 * a sentence, one line then `... (省略) ...` — or anything shorter than a key.
 */
function pemBody(rest: string): string | undefined {
  const end = rest.indexOf('-----END');
  const lines = (end === -1 ? rest : rest.slice(0, end)).replace(/\\[nr]/g, '\n').split('\n').map(unwrappedLine);
  let i = 0;
  while (i < lines.length && (lines[i] === '' || pemHeaderField.test(lines[i] ?? ''))) i++;
  let body = '';
  for (; i < lines.length && (lines[i] === '' || pemBodyLine.test(lines[i] ?? '')); i++) body += lines[i];
  // Anything else before the END line (prose, an elision) makes the block an illustration.
  if (i < lines.length || body.length < minPemBody) return undefined;
  return entropy(body) >= 3.0 && !isPlaceholder(body) ? body : undefined;
}

/**
 * The base64 start of a private key's DER (Alipay and WeChat Pay SDKs take the key as a bare string, without a PEM
 * header): PKCS#8 RSA (`MIIEvQIBADANBgkqhkiG9w0BAQEFAASC`), PKCS#1 RSA (`MIIEowIBAAKCAQEA`, 1024 bits `MIICXQIBAAKBgQ`),
 * PKCS#8 EC (`MIGHAgEAMBMGByqGSM49AgEG`, Apple's `.p8`) and SEC1 EC P-256 (`MHcCAQEEI`). A public key's DER starts
 * otherwise (`MIIBIjANBgkqhkiG9w0BAQEFAAOC`, `MIGfMA0G…`). Its run may hold JSON's escaped `\/`.
 */
const derPrivateKey =
  /(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{2}[AQgw]IBADANBgkqhkiG9w0BAQEFAASC|MII[A-Za-z0-9+/]{2}[AQgw]IBAAK[BC]|MIG[A-Za-z0-9+/]AgEAMB[AM]GByqGSM49AgEG|MHcCAQEEI)(?:[A-Za-z0-9+/]|\\\/)*/g;

/** The key's length in base64 characters, read from the DER sequence header its first six bytes hold. */
function derLength(base64: string): number {
  const head = Buffer.from(base64.slice(0, 8), 'base64');
  const first = head[1] ?? 0;
  const bytes = first === 0x82 ? 4 + (((head[2] ?? 0) << 8) | (head[3] ?? 0)) : first === 0x81 ? 3 + (head[2] ?? 0) : 2 + first;
  return Math.ceil((bytes * 4) / 3);
}

/**
 * One piece of a key written over several lines, and what stands before it: a line break (real or escaped) with quotes,
 * concatenation and indentation around it (`…\n" +⏎    "…`, `…" .⏎'…`, a properties line's `\⏎`). A break is
 * required, so the prose after a truncated sample (`MIIEvQ… then configure`) adds nothing.
 */
const keyContinuation = /(?:[\s"'\x60+.\\]|\\[nr]){0,80}?(?:\n|\\[nr])(?:[\s"'\x60+.\\]|\\[nr]){0,80}?((?:[A-Za-z0-9+/]|\\\/)+)/y;

/** Base64 characters of the key that starts `text`, across the lines it continues on, up to `wanted`. */
function keyCharacters(text: string, first: string, wanted: number): number {
  let count = first.replaceAll('\\/', '/').length;
  keyContinuation.lastIndex = first.length;
  for (let m = keyContinuation.exec(text); m !== null && count < wanted; m = keyContinuation.exec(text)) {
    count += (m[1] ?? '').replaceAll('\\/', '/').length;
  }
  return count;
}

/**
 * Private keys as a bare base64 string (`private_key = MIIEv…`, `ALI_PRIVATE_KEY=MIIEow…`, a Java `"MIIEv…\n" +`
 * concatenation): whole keys only, as long as their DER header says, so a README's truncated sample is none. A body
 * under a PEM header is the header's finding.
 */
function bareKeyHits(line: LineView): RuleHit[] {
  const hits: RuleHit[] = [];
  derPrivateKey.lastIndex = 0;
  for (let m = derPrivateKey.exec(line.text); m !== null; m = derPrivateKey.exec(line.text)) {
    if (/PRIVATE KEY(?: BLOCK)?-----/.test(`${line.before(1).join('')}${line.text.slice(0, m.index)}`)) continue;
    if (isPublishedKey(line.text.slice(m.index, m.index + 100))) continue;
    const wanted = derLength(m[0]);
    const rest = `${line.text.slice(m.index)}\n${line.following(8000)}`;
    if (keyCharacters(rest, m[0], wanted) < wanted) continue;
    hits.push({ start: m.index, end: m.index + m[0].length, value: m[0].slice(0, 120) });
  }
  return hits;
}

/** Private keys under a PEM header (`-----BEGIN RSA PRIVATE KEY-----`), also JSON-escaped on one line. */
function pemKeyHits(line: LineView): RuleHit[] {
  const hits: RuleHit[] = [];
  pemHeader.lastIndex = 0;
  for (let m = pemHeader.exec(line.text); m !== null; m = pemHeader.exec(line.text)) {
    const headerEnd = m.index + m[0].length;
    const sameLine = line.text.slice(headerEnd);
    const body = pemBody(`${sameLine}\n${line.following(4000)}`);
    // A public key (SubjectPublicKeyInfo) pasted under a PRIVATE header, as Alipay tutorials do, opens nothing.
    if (body === undefined || isPublicKey(body)) continue;
    // When the body sits on the same line (JSON, escaped \n), the secret runs to its END line, or to the line's end
    // without one: a dump's row goes on with other fields after it.
    const endMarker = /-----END [A-Z0-9 ]{0,40}-----/.exec(sameLine);
    const blockEnd = endMarker === null ? line.text.length : headerEnd + endMarker.index + endMarker[0].length;
    const end = pemBody(sameLine) === undefined ? headerEnd : blockEnd;
    hits.push({ start: m.index, end, value: body.slice(0, 120), redactAs: `${m[0]}••••` });
  }
  return hits;
}

export const privateKey: Rule = {
  id: 'private-key',
  description: bi('Private key (RSA, EC, DSA, PKCS#8, encrypted, OpenSSH, PGP)', '私钥（RSA、EC、DSA、PKCS#8、加密、OpenSSH、PGP）'),
  severity: 'critical',
  category: 'secret',
  // The DER starts by pieces no other text has (`IBADANBgkqhkiG9w0BAQEFAASC`; a public key has `IjANBgkq…AAOC`).
  keywords: ['private key', 'ibadanbgkqhkig9w0baqefaasc', 'ibaakca', 'ibaakbgq', 'byqgsm49ageg', 'mhccaqeei'],
  find(line: LineView): RuleHit[] {
    return [...pemKeyHits(line), ...bareKeyHits(line)];
  },
};

/**
 * A password in a connection string counts when it is not a template and its host is somewhere: a weak one (`123456`,
 * `root`) only when the host is public (`mongodb://shop:123456@<public address>` opens a database). Loopback and
 * documentation hosts (`127.0.0.1`, `example.com`, `somehost`) are a developer's laptop or a README's sample. A
 * password that is the field's name (`user:pass@`, `username:password@`, `admin:new_password@`) is a format.
 */
export function passwordOk(user: string, password: string, host: HostKind): boolean {
  if (namesAPassword(password) || isTemplate(password) || isTemplate(decodeURIComponentSafe(password))) return false;
  // On a public host even the user's own name as its password (`root:root@47.…`) logs in, and is the first one tried.
  if (host === 'public') return true;
  if (password === user) return false;
  if (password.length < 3 || host === 'local' || host === 'example') return false;
  return !isPlaceholder(password) && !isPlaceholder(decodeURIComponentSafe(password));
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A working credential is critical when its host is reachable from anywhere, high when it sits on an internal name. */
export function hostSeverity(host: HostKind): Severity {
  return host === 'public' ? 'critical' : 'high';
}

/** How a connection string's password (group 2) is judged, with its user in group 1 and its host in group 3. */
const connectionPasswordJudged = {
  group: 2,
  validate: (password: string, line: LineView, m: RegExpExecArray) =>
    passwordOk(m[1] ?? '', password, serverHostKind(m[3] ?? '', line.file)) || loopbackInServerCode(m, password, line.file),
  rate: (password: string, line: LineView, m: RegExpExecArray): HitRating => {
    if (testFixture(password, line.file) || labelledExample(line, m.index) || developmentStandIn(m[1] ?? '', password, m[3] ?? '', line.file)) return 'unreported';
    return loopbackInServerCode(m, password, line.file) ? 'medium' : hostSeverity(serverHostKind(m[3] ?? '', line.file));
  },
};

/** A development profile by name: `docker-compose.dev.yml`, `application-dev.yml`, `.env.development`, `config.dev.js`. */
const developmentProfile = /(?:^|[-_.])(?:dev|development)(?:[-_.]|$)/i;

/**
 * A guessable password (`shop123`, the user's name and digits, a common one) on a compose service or loopback in a
 * development profile: the throwaway database `docker compose -f docker-compose.dev.yml up` starts on a laptop.
 */
function developmentStandIn(user: string, password: string, host: string, file: string): boolean {
  const kind = hostKind(host);
  if ((kind !== 'private' && kind !== 'local') || !developmentProfile.test(file.slice(file.lastIndexOf('/') + 1))) return false;
  const userAndDigits = user.length >= 3 && password.toLowerCase().startsWith(user.toLowerCase()) && /^[\d!@#._-]*$/.test(password.slice(user.length));
  return userAndDigits || isCommonPassword(password) || isGuessable(password);
}

const findConnectionUrl = regexFind(
  /(?<![A-Za-z0-9+.-])(?:jdbc:)?(?:mysqlx?|mariadb|postgres(?:ql)?|mongodb|rediss?|amqps?|mssql|sqlserver|oracle|clickhouse)(?:\+[a-z]\w{1,19})?:\/\/([^\s:@/'"`]{0,128}):([^\s/'"`]{1,256})@(?=\[?([\w.-]{1,253}))/i,
  connectionPasswordJudged,
);

/**
 * Go's go-sql-driver/mysql DSN: `user:password@tcp(host:port)/db`, or `@unix(/path)` for a socket on the machine. The
 * driver splits at the last `@`, so the password may hold one (`root:shop@admin@tcp(…)`).
 */
const findGoMysqlDsn = regexFind(/(?<![\w.:/-])([\w.-]{1,64}):([^\s'"`/]{1,128}?)@(?:tcp|unix)\((?=\[?([\w.-]{1,253}|\/))/, connectionPasswordJudged);

export const connectionStringPassword: Rule = {
  id: 'connection-string-password',
  description: bi(
    'Database or queue connection string with a password (MySQL, PostgreSQL, MongoDB, Redis, JDBC, AMQP …)',
    '带密码的数据库或队列连接串（MySQL、PostgreSQL、MongoDB、Redis、JDBC、AMQP 等）',
  ),
  severity: 'critical',
  category: 'secret',
  // `@tcp(`, `@unix(`: Go's MySQL driver writes its DSN without a scheme (`root:…@tcp(rm-….rds.aliyuncs.com:3306)/shop`).
  keywords: ['mysql', 'mariadb', 'postgres', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver', 'oracle', 'clickhouse', 'jdbc', '@tcp(', '@unix('],
  find: (line) => [...findConnectionUrl(line), ...findGoMysqlDsn(line)],
};

/**
 * A connection string on loopback in a server's own code (`new MongoStore({ url: 'mongodb://weapp:…@127.0.0.1/weapp' })`):
 * the database on the machine the server is deployed to. Outside tests, and not a common password (a developer's default).
 */
function loopbackInServerCode(m: RegExpExecArray, password: string, file: string): boolean {
  return loopbackLoginInServerCode(m[3] ?? '', m[1] ?? '', password, file);
}

/** `loopbackInServerCode` for a login given as a host, a user and a password wherever they were read from. */
export function loopbackLoginInServerCode(host: string, user: string, password: string, file: string): boolean {
  if (hostKind(host) !== 'local' || !isCodeFile(file) || isTestFile(file) || isCommonPassword(password)) return false;
  return passwordOk(user, password, 'private');
}

/**
 * True for a typed value in a test or a CI pipeline: what the test needs (`mongodb://user:p@ssw0rd!@…` in a unit test,
 * `JWT_SECRET: test-jwt-ci` in a workflow). A generated one may be a real key copied in; a common password is typed
 * however its characters alternate.
 */
export function testFixture(value: string, file: string): boolean {
  return (isTestFile(file) || isCiFile(file)) && (!looksGenerated(value) || isCommonPassword(value));
}

/** Words that introduce a format or an example (`# 格式: mongodb+srv://…`, `例如`, `示例：`, `或:`, `e.g.`). */
const exampleLabel = /格式|示例|例如|比如|或[:：]|(?<![a-z])(?:format|e\.g\.|for example)(?![a-z])/i;

/** True when the text before a value on its line says that the line shows a format or an example. */
function labelledExample(line: LineView, at: number): boolean {
  return exampleLabel.test(line.text.slice(0, at));
}

export const urlCredentials: Rule = {
  id: 'url-credentials',
  description: bi('URL with a user name and password (basic auth)', '带用户名和密码的 URL（Basic 认证）'),
  severity: 'high',
  category: 'secret',
  keywords: ['http://', 'https://', 'ftp://', 'ftps://', 'sftp://', 'ssh://', 'smtp', 'ldap', 'git://'],
  find: regexFind(/(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|ssh|smtps?|ldaps?|git):\/\/([^\s:@/'"`]{1,128}):([^\s/'"`@]{1,256})@(?=\[?([\w.-]{1,253}))/i, {
    group: 2,
    // `http://mailto:sales@shop.com`, a link written wrong, is a mail address.
    validate: (password, _line, m) => passwordOk(m[1] ?? '', password, hostKind(m[3] ?? '')) && !/^\d{1,5}$/.test(password) && !/^mailto$/i.test(m[1] ?? ''),
  }),
};

/**
 * Names that hold something about a secret, not the secret: `tokenTtl`, `passwordField`, `secretName`, an error's code
 * (`PASSWORD_REUSED_CODE`), a class or component of the code that handles it (`CompositeTokenGranter`, `TokenFilter`:
 * a sequence diagram's `TokenEndpoint <-- CompositeTokenGranter: OAuth2AccessToken` labels a class).
 */
const notTheSecret =
  /(?:name|id|ids|path|file|dir|url|uri|ttl|expir\w*|expires?_?in|length|len|type|field|header|env|ref|count|timeout|prefix|suffix|endpoint|version|hash|hashed|salt|mode|format|rule|regex|pattern|policy|label|placeholder|hint|key_?name|provider|store|strategy|manager|service|granter|generator|handler|filter|interceptor|converter|enhancer|resolver|factory|builder|utils?|helper|controller|repository|mapper|dao|dto|listener|validator|parser|ms|sec|seconds|s|visible|show|shown|hidden|input|error|err|msg|message|tip|tips|text|title|icon|valid|confirm|again|repeat|rules?|min|max|enabled?|required|reset|forgot|change|login|status|flag|check|algo|algorithm|(?:error|err|reused|invalid|expired|wrong|failed|failure|result)[_-]?code)$/i;
/**
 * Public keys travel under secret-sounding names (`pwdPublicKey`, `rsa_pub_key`) and are published on purpose; a CSRF
 * token (`X-CSRF-Token`) is a page's, issued per session and sent with every form.
 */
const publicName = /public|pub[_.-]?key|csrf|xsrf/i;
/** Quotes that open and close a value: ASCII ones, and the full-width ones Chinese documents and comments type (`“…”`, `‘…’`, `「…」`). */
const openingQuotes = String.raw`"'\x60“‘「`;
const closingQuotes = String.raw`"'\x60”’」`;
const fullWidthClosers: Readonly<Record<string, string>> = { '“': '”', '‘': '’', '「': '」' };
/** The quote that closes `quote`. */
function closingQuote(quote: string): string {
  return fullWidthClosers[quote] ?? quote;
}
/**
 * A value stops at whitespace, quotes, brackets, separators, at an escaped newline (`\n` in a SQL dump or JSON) and at
 * the next pair of a query string (`?secret=SECRET&js_code=CODE`).
 */
const valueChars = String.raw`(?:(?!\\[nrt]|&[A-Za-z_][\w.-]{0,30}=)[^\s${openingQuotes}${closingQuotes},;(){}[\]<>])`;

/** The key a generic match assigns to: the name before the value, or the matched keyword and suffix. */
function nameOf(line: LineView, m: RegExpExecArray, valueGroup: number): string {
  const at = m.indices?.[valueGroup]?.[0] ?? m.index;
  return assignedName(line.text, at) ?? m[0].slice(0, m[0].search(/["'\]\s=:]/));
}

/** The JSON Web Token starting at `index` of a line, whole, or undefined when none starts there. */
function jwtAt(text: string, index: number): string | undefined {
  return /^eyJ[\w-]*\.[\w-]*\.[\w-]*/.exec(text.slice(index, index + 20000))?.[0];
}

/**
 * True when an assigned literal is not a credential at all: code, a call (`ENC(…)`, `decrypt(…)`), a template, a
 * digest, a public key, a path. `valueGroup` is the regular expression's group holding the value.
 */
function notAValue(line: LineView, m: RegExpExecArray, valueGroup: number, quote: string): boolean {
  const value = m[valueGroup] ?? '';
  const name = nameOf(line, m, valueGroup);
  // A call or an index follows the value: `ENC(…)`, `decrypt(…)`, `auth.split(':')[1]`.
  if (/[([]/.test(line.text.charAt(m.indices?.[valueGroup]?.[1] ?? 0))) return true;
  // A coverage badge's `?token=` is published in every README that shows the badge, and a QQ group's invite link
  // (`qm.qq.com/cgi-bin/qm/qr?k=…&authKey=…`, `shang.qq.com/wpa/qunwpa?idkey=…`) in every page that invites.
  if (/badge\.svg\?/.test(line.text.slice(Math.max(0, m.index - 60), m.index))) return true;
  if (/(?:qm|jq|shang|qun)\.qq\.com\/[^\s"'<>]*$/.test(line.text.slice(Math.max(0, m.index - 300), m.index))) return true;
  // A WeChat console's page (`mp.weixin.qq.com/cgi-bin/…&token=…`, a document link copied from the open platform's
  // console): the token is the console's login session, in every link it shows.
  if (/(?:mp|open)\.weixin\.qq\.com\/cgi-bin\/[^\s"'<>]*$/.test(line.text.slice(Math.max(0, m.index - 300), m.index))) return true;
  // A cloud storage's signed URL (`…?X-Goog-Algorithm=…&X-Goog-Credential=…&X-Goog-Signature=…`) opens one object
  // until it expires; its parts are no key.
  if (/[?&]X-(?:Goog|Amz)-(?:[\w-]+=)?$/i.test(line.text.slice(Math.max(0, m.index - 40), m.index))) return true;
  // A variable or a reference (`$pass`, `${DB_PASS}`, `%DB_PASS%`, `@db.pass`, Maven's `@db.pass@`): wholly one, or
  // anything unquoted. A quoted literal may start with such a character (Django's generated `SECRET_KEY = '$7_k…'`),
  // and in configuration a quoted `@…` is one (`password: '@Shop2019'`: a YAML plain scalar cannot start with `@`).
  if (quote.startsWith('$') || /^(?:\$\{?[A-Za-z_][\w.]*\}?|%[\w.]+%|@[\w.-]+@)$/.test(value) || (quote === '' && /^[$%@&]/.test(value))) return true;
  if (/^[@&][\w.]+$/.test(value) && !isConfigFile(line.file)) return true;
  if (publicName.test(name) || isPublicKey(value) || isPasswordDigest(value) || isTemplate(value) || isWechatUserId(value)) return true;
  // Tokens that no longer open anything: an expired JWT (read whole: a value pattern stops at 200 characters), and
  // WeChat's `access_token` (`12_…`), which lives two hours.
  if (isExpiredJwt(jwtAt(line.text, m.indices?.[valueGroup]?.[0] ?? 0) ?? value)) return true;
  if (/access_?token/i.test(name) && /^\d{1,3}_[\w-]{60,}$/.test(value)) return true;
  // A CDN's signed URL (Aliyun's and Tencent's type A: `auth_key=<expiry>-<rand>-<uid>-<md5>`) carries a signature for
  // one file until its expiry, not the key that made it.
  if (/^\d{10}-\w{1,32}-\w{1,32}-[0-9a-f]{32}$/.test(value)) return true;
  if (/pass|pwd/i.test(name) && (isHexDigest(value) || isBase64Digest(value))) return true;
  if (isValidatorRule(value)) return true;
  // A Django migration's name (`("token_blacklist", "0003_auto_20171017_2007")`) and a rate limit (allauth's
  // `"reset_password": "20/m/ip,5/m/key"`) under names that mention a token or a password.
  if (/^\d{4}_[A-Za-z0-9_]+$/.test(value) || /^\d+\/\d*[smhd](?:\/\w+)?(?:,\d+\/\d*[smhd](?:\/\w+)?)*$/.test(value)) return true;
  // An environment lookup's fallback is what runs when the variable is unset, however it is named
  // (`process.env.JWT_SECRET || 'shopapp-jwt-secret'`), and a JWT key in a module that signs tokens is what it signs
  // with (`JWT_SECRET = 'shop_wechat_jwt_secret'` above `jwt.encode(…)`): neither names a key it is stored under.
  const quoted = quote !== '' || inQueryString(line.text, m.indices?.[valueGroup]?.[0] ?? 0);
  const inUse = readsEnvFallback(line, m, valueGroup) || (/jwt/i.test(name) && signsTokensNear(line));
  if (isCodeValue(value, name, quoted, isCodeFile(line.file), inUse)) return true;
  if (/^(?:https?|wss?|file):/i.test(value) || /^[./~]/.test(value) || /^[A-Za-z]:[\\/]/.test(value)) return true;
  // A Go module or a route path (`github.com/golang-jwt/jwt/v5`, `pages/reset-password/index`), a regular expression
  // (`PASSWORD = "^(?=.*\d).{8,}$"`), and a `sed` command's substitution (`s/password: .*/password: ${X}/`) are code.
  const before = line.text.slice(0, m.indices?.[valueGroup]?.[0] ?? 0);
  if (isPathName(value) || /^\^.*\$$/.test(value) || /\bsed\s[^\n]*?["'\s]s[/|#]/.test(before)) return true;
  // An SMS template's code (`forgetPassword: SMS_271525576`): it names a message, not a password.
  if (/^SMS_\d{6,}$/.test(value)) return true;
  // Bash's substring of a variable (`${MYSQL_ROOT_PASSWORD:0:4}***` in a deploy script's log line).
  if (/\$\{[\w.-]{1,60}:$/.test(before) && /^\d{1,4}(?::\d{1,4})?$/.test(value)) return true;
  // A format string's slot (`"auth:refresh:{0}"`, a cache key's template in C#) is filled at run time.
  if (hasFormatSlot(value)) return true;
  // A dependency's version (`"@inquirer/password": "^4.0.1"` in package.json) is not its value.
  if (/^[\^~>=<]*v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/.test(value)) return true;
  // A relative file path (`bin/secretlint.js` in package.json) names a file, not a secret.
  return /^[\w@.-]+(?:[\\/][\w@.-]+)+\.[A-Za-z]{1,5}$/.test(value);
}

/**
 * True when the value at `index` follows a query string's `?name=` or `&name=`: it is part of a URL written as a
 * literal (`` `…/orders?token=<hex>&page=${page}` ``), not a variable, even though no quote of its own opens it.
 */
function inQueryString(text: string, index: number): boolean {
  return /[?&][\w.-]{1,40}=$/.test(text.slice(Math.max(0, index - 42), index));
}

/** A literal strong enough to be a generated secret: long, mixed, not a placeholder, a number or a common password. */
export function strongLiteral(value: string): boolean {
  // Only digits: a number (a phone, an id, a date), unless it is longer than any of those (a 40-digit storage key).
  if (/^\d+$/.test(value)) return value.length >= 24 && entropy(value) >= 3.0 && !hasTypingRun(value);
  if (value.length < 8 || isCommonPassword(value)) return false;
  // Generated secrets are printable ASCII; `Neočekávaný` is a word of a translated message.
  if (/[^\x21-\x7e]/.test(value)) return false;
  // Words joined by `_`, `-`, `.` or `:` (`shop_msg_token`, a Redis key `wecom:corp:access_token` or its prefix
  // `login_tokens:`) name something; a generated secret has digits or symbols.
  if (!/[^A-Za-z_.:-]/.test(value)) return false;
  // A word and the digits anyone tries next is typed: a weak secret at most (up to the length `weakSecret` reads).
  if (value.length <= 16 && isGuessable(value)) return false;
  // Ten hex digits cannot reach 3 bits a character, yet no one types `9f3c0a7e1d`: a generated password.
  if (isMachineHex(value)) return randomValue(2.5)(value);
  return randomValue(3.0, 2)(value);
}

/** A call that reads an environment variable and takes a fallback: `os.getenv(`, `os.environ.get(`, PHP's `env(`, ThinkPHP's `Env::get(`. */
const envLookup = String.raw`(?:os\.getenv|os\.environ\.get|(?<![\w$.])(?:env|getenv|environ\.get)|(?<![\w$])Env::get)\(`;
/** NestJS's and similar configuration services' lookup: `this.config.get<string>('JWT_SECRET')`, `configService.get('…')`. */
const configLookup = String.raw`(?<![\w$])(?:this\.)?(?:config|configService|conf)\.get(?:<\w{1,20}>)?\(\s{0,4}["'][\w.-]{1,60}["']\s{0,4}\)`;
/**
 * An environment variable read with a literal fallback: `${DB_PASSWORD:-…}` (shell, compose), `${jwt.secret:…}`
 * (Spring), a deploy script's argument `${1:-…}`, `process.env.DB_PASSWORD || '…'` (or a configuration service's `get('…') || '…'`), `os.getenv('DB_PASSWORD', '…')`,
 * `env('DB_PASSWORD', '…')` (PHP), `Env::get('database.password', '…')` (ThinkPHP). The fallback is what runs when the
 * variable is unset, so it is a value.
 */
const envFallback = String.raw`(?:\$\{(?:[A-Za-z_][\w.-]{0,60}|[1-9]):(?!\d{1,4}(?::\d{1,4})?\})[-=]?|(?:process\.env\.[A-Za-z_]\w{0,60}|${configLookup})\s{0,4}(?:\|\||\?\?)\s{0,4}|${envLookup}\s{0,4}["'][\w.-]{1,60}["']\s{0,4},\s{0,4})`;
/** Go turns a literal into the bytes it signs with: `JwtSecret = []byte("…")`. */
const goBytes = String.raw`(?:\[\]byte\()?`;
/**
 * A conditional's head before the value (`access_token = prod ? '<token>' : '<token>'`, a call's `isBlank(secret) ?
 * "…" : secret`): the literal chosen when the condition holds is the name's value as much as a plain one is.
 */
const conditionHead = String.raw`(?:[\w.!]{1,40}(?:\([\w.,\s]{0,40}\))?\s{0,4}\?(?![?.])\s{0,4})?`;
/** Text before a value that ends in such a lookup: the value is its fallback. */
const endsInEnvFallback = new RegExp(String.raw`${envFallback}["'\x60]?$`);
/**
 * Between the variable's own name in such a lookup and the fallback (`env('DB_PASSWORD', '…')`, `process.env.DB_PASS ||
 * '…'`): the variable's name says what the fallback is, whatever the code assigns it to (`'pw' => env(…)`, `const a = …`).
 */
const envNameEnd = String.raw`(?<=${envLookup}\s{0,4}["'][\w.-]{1,60}["']\s{0,24}),|(?<=process\.env\.\w{1,60}\s{0,24})(?:\|\||\?\?)`;
/**
 * The comma after a key-value table's key in a row of values (`('oss.accessKeySecret', '…', 'OSS 密钥', TRUE),` under
 * `INSERT INTO system_config … VALUES`): the row opens a line, follows `VALUES` or another row, and the key is quoted,
 * maybe after other columns. A call's quoted arguments (`setItem('token', …)`, `map.put("secret", …)`) are not a row.
 */
const sqlRowKey = String.raw`(?<=(?:^\s*|\b(?:VALUES|values)\s*|\),\s*)\((?:[^()"']*,\s*)?["'][\w.-]{1,60}["']\s{0,4}),`;

/**
 * The comma after the quoted key of a setter that stores a setting under it (`initParams.put("loginPassword", "…")`,
 * Druid's console login; `props.setProperty("password", "…")`, a request's `setRequestProperty("apikey", "…")`): the
 * value is the next argument.
 */
const setterKey = String.raw`(?<=\.(?:put|setProperty|addInitParameter|setInitParameter|setRequestProperty|setHeader|addHeader)\(\s{0,4}["'][\w.-]{1,60}["']\s{0,4}),`;
/**
 * A Java bean's setter given a literal (`settings.setEncodingAesKey("…")`, `config.setAppSecret("…")`): the setting's
 * name follows `set`. Not a password's: `user.setPassword("…")` is most often a new user's default.
 */
const beanSetter = String.raw`(?<=\.set(?!Pass|Pwd)[A-Z]\w{0,60})\((?=\s{0,4}["'])`;

/**
 * The comma after a constant's or an option's quoted name in a `define` call: PHP's `define('DB_PASS', '…')` and
 * Tornado's `define("pay_key", default='…', help=…)`.
 */
const defineKey = String.raw`(?<=\bdefine\(\s{0,4}["'][\w.-]{1,60}["']\s{0,4}),(?:\s{0,4}default\s{0,4}=)?`;

/** Kotlin's pair of a quoted key and a quoted value (`mapOf("client_secret" to "…")`). */
const kotlinPair = String.raw`(?<=["']\s{1,4})to(?=\s{1,4}["'])`;

/** A Dockerfile's older `ENV DB_PASSWORD value` form: the space after the variable's name. */
const dockerEnvSpace = String.raw`(?<=^\s*ENV\s+[A-Za-z_]\w{0,60}\s+)(?=[^\s=])`;

/**
 * Between a key and its value: `=`, `:=`, `=>`, `:` but not `::` (`FormulaToken::TOKEN_TYPE` is a class constant), the full-width `：`,
 * the shell's default operator `:-` (`${REDIS_PASSWORD:-…}` inside a command), and a string type annotation
 * (`SECRET_KEY: str = …` in Python, `secret: string = …` in TypeScript, `val key: String = …` in Kotlin, Go's typed
 * constant `WX_APP_SECRET string = …`). The key may
 * close a quote or a backtick: a Markdown checklist writes ``- `app-secret`: …``. In a row of values the comma after a
 * quoted key is one too (`sqlRowKey`), and so is the space in a Dockerfile's `ENV NAME value` (`dockerEnvSpace`), and
 * what follows a variable's name in an environment lookup (`envNameEnd`).
 * A comparison with a quoted literal is one as well: `user.password === '…'` checks a password written into the code.
 * So is the comma after a setter's quoted key (`setterKey`), Kotlin's `to` in a pair (`kotlinPair`), and a Markdown key
 * may close its bold (`- **Password**: …`).
 * Up to 24 spaces may align it on either side: ThinkPHP's stock `config/database.php` pads every key to one column
 * (`'password'        => '…'`), and so do aligned JavaScript objects (`appSecret:        '…'`).
 */
const separator = String.raw`(?:\\?["'\]\x60]|\*\*){0,2}\s{0,24}(?:={2,3}(?=\s{0,4}["'\x60])|${setterKey}|${beanSetter}|${defineKey}|${kotlinPair}|:\s{0,4}(?:str|string|String|SecretStr|Optional\[str\])\s{0,4}=(?![=>])|\s{1,4}string\s{0,4}=(?![=>])|=|:=|=>|:-|:(?!:)|：|${sqlRowKey}|${dockerEnvSpace}|${envNameEnd})\s{0,24}`;
/**
 * Inside quotes a value runs to the closing quote: a signing key may hold `,`, `;` or brackets. The quote may be
 * escaped: JSON kept in a SQL dump's string (`'{\"access_token\":\"…\"}'`).
 */
const quotedValueChars = String.raw`(?:(?!\\[nrt"'])[^\s${openingQuotes}${closingQuotes}])`;

/** A value of `min` to `max` characters: quoted (to its closing quote) or bare (to the first separator). */
function valuePattern(min: number, max: number): string {
  return String.raw`(?:(?<=[${openingQuotes}])${quotedValueChars}{${min},${max}}(?=\\?[${closingQuotes}])|${valueChars}{${min},${max}})`;
}

/**
 * True when a generic or weak match is not an assignment at all: a stylesheet (`.icon-password:before`), a markup
 * attribute after a boolean one (`password :cursor-spacing="…"`: the "value" is the next attribute's name), or the
 * literal head of a template string (`` `MOCK_${Date.now()}` ``).
 */
function notAnAssignment(line: LineView, m: RegExpExecArray, valueGroup: number): boolean {
  if (isStyleFile(line.file)) return true;
  const value = m[valueGroup] ?? '';
  const next = line.text.charAt(m.indices?.[valueGroup]?.[1] ?? 0);
  // base64's padding also ends a value in `=` (a LINE channel token `'…/…=='`): a body of 16 or more is a value.
  const attributeName = value.endsWith('=') && !/^[A-Za-z0-9+/_-]{16,}={1,2}$/.test(value);
  return (attributeName && /["']/.test(next)) || (value.endsWith('$') && next === '{');
}

/**
 * An app key is the secret half of a pair beside an app id (QQ Connect's `APPID`/`APPKEY`); beside an app secret it is
 * the public id itself (Taobao's `app_key`/`app_secret`). Alone it is usually a client key (Umeng, JPush, a map SDK:
 * hex or one case), unless it mixes both cases and digits (`appkey: "Tq8Lm2Rx7Kp4Zs9W"` of a course API, Laravel's
 * `APP_KEY=base64:…` that encrypts its sessions) under the bare name: `appkey_ios` is a platform's client key.
 */
function appKeyIsSecret(value: string, line: LineView, m: RegExpExecArray): boolean {
  const around = near(line, m.index, 3);
  if (/secret/i.test(around)) return false;
  return /app[_-]?id/i.test(around) || (m[1] === '' && mixedCaseKey(value));
}

/** Sixteen or more characters with both cases and digits, not hex: generated for a service, not an SDK's client id. */
function mixedCaseKey(value: string): boolean {
  return value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value) && !/^[0-9a-fA-F-]+$/.test(value);
}

/**
 * Sixteen or more letters of both cases in no words (`appkey: 'QmTrVxKpLwZnBsHd'`, a Tencent AI app key): generated.
 * Camel-case words (`ShopAppKeyForTest`) have long lower-case runs and fewer capitals.
 */
function randomMixedCaseLetters(value: string): boolean {
  if (value.length < 16 || !/^[A-Za-z]+$/.test(value) || entropy(value) < 3.5) return false;
  const capitals = value.replace(/[a-z]/g, '').length / value.length;
  return capitals >= 0.3 && capitals <= 0.7 && (value.match(/[a-z]{4,}/g) ?? []).length <= 1;
}

/**
 * Twenty or more letters of one case drawn at random (uni-id's `tokenSecret` in uni-admin's `config.json`): few vowels,
 * where words run together have one letter in three or more.
 */
function randomOneCaseLetters(value: string): boolean {
  if (!/^(?:[a-z]{20,}|[A-Z]{20,})$/.test(value) || entropy(value) < 3.6 || hasTypingRun(value)) return false;
  return (value.match(/[aeiou]/gi)?.length ?? 0) / value.length < 0.27;
}

/**
 * uni-id's `passwordSecret` (it salts every user's password digest) and `tokenSecret` (it signs every login): the
 * template ships `passwordSecret-demo`, so whatever else stands there, a run of letters typed at the keyboard included,
 * is the app's own.
 */
function uniIdSecret(value: string, name: string): boolean {
  return /^(?:passwordSecret|tokenSecret)$/.test(name) && value.length >= 8 && !isPlaceholder(value) && !namesItsSetup(value);
}

/**
 * WeChat's EncodingAESKey is 43 letters and digits, whatever they are (the platform generates it, letters only now and
 * then): under its name, or the open platform's `component_key`, that length is the key.
 */
function encodingAesKey(value: string, m: RegExpExecArray): boolean {
  return /^(?:encoding[_-]?aes|component)[_-]?key/i.test(m[0]) && /^[A-Za-z0-9]{43}$/.test(value) && !isPlaceholder(value) && !hasTypingRun(value);
}

/**
 * QQ and 163 mail give programs a 16-letter authorisation code to log in over SMTP (`const PSD = 'qwhzkeyrtmbnaplo'`
 * beside `HOST = 'smtp.qq.com'`): letters only, yet generated. It counts as a password beside the SMTP host it opens.
 */
function mailAuthCode(value: string, line: LineView, m: RegExpExecArray): boolean {
  // QQ mail's codes are lower case, 163's and 126's upper case.
  return /^(?:[a-z]{16}|[A-Z]{16})$/.test(value) && /^(?:pass|pw|psd|pswd|secret|auth)/i.test(m[0]) && mailServerNear.test(near(line, m.index, 4)) && entropy(value) >= 3.0;
}

/**
 * An SMTP host, nodemailer's name for QQ's and 163's servers (`createTransport({ service: 'qq', auth: { … } })`), or a
 * mailbox of theirs as the login (`'Username' => '<digits>@qq.com'`).
 */
const mailServerNear = /smtp\.|service\s{0,4}:\s{0,4}["'](?:qq|qqex|163|126|yeah)["']|@(?:qq|foxmail|163|126|yeah)\.(?:com|net)\b/i;

/** A SQL statement's first line; an INSERT's names its table (`INSERT INTO coldchain.sys_oper_log (…) VALUES`). */
const statementStart = /^\s*(?:(?:INSERT|REPLACE)\s+INTO\s+(?:[`"]?\w+[`"]?\.)?[`"]?([\w-]+)|CREATE|ALTER|DROP|UPDATE|DELETE)\b/i;
/**
 * Tables that record what happened (`sys_oper_log`, `sys_job_log`, `sys_logininfor`, an app's `mzc-exception` with each
 * failed request's headers), not how the system is set up.
 */
export const logTable = /(?:^|[_-])(?:logs?|exceptions?)$|logininfor$/i;
/** How many lines up a dumped row may start: a logged JSON response, pretty-printed, spreads one row over tens of lines. */
const rowReach = 60;

/**
 * True when a line of a SQL dump belongs to a row of a log table: its `json_result` holds the session tokens of logins
 * long past and its parameters what users typed, never the system's own keys. A config centre's rows (`config_info`)
 * are read as usual. Asked only of hits, so the lines above are decoded only where a value was found.
 */
function inLogTableRow(line: LineView): boolean {
  if (!/\.sql$/i.test(line.file)) return false;
  // A one-line row (a config centre's dump) names its table itself; only a row spread over lines needs those above.
  const statement = statementStart.exec(line.text) ?? nearestStatementAbove(line);
  return statement !== undefined && logTable.test(statement[1] ?? '');
}

function nearestStatementAbove(line: LineView): RegExpExecArray | undefined {
  for (const text of line.before(rowReach).reverse()) {
    const statement = statementStart.exec(text);
    if (statement !== null) return statement;
  }
  return undefined;
}

/** Values written as a record or an example rather than set: a row of a log table, a vendor's sample. */
function notSet(line: LineView): boolean {
  return isVendorExample(line.file) || inLogTableRow(line);
}

/** The text a base64 value spells, when it is printable ASCII (`ZGV2LW9ubHkta2V5…`: `dev-only-key…`), else ''. */
function fromBase64(value: string): string {
  if (value.length < 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return '';
  const text = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(text) ? text.replace(/[\s,]+/g, '-') : '';
}

/**
 * In a test or a CI pipeline a typed value (`refresh-token-456`) is a fixture, and a value naming its setup
 * (`dev-secret-key-12345678` as a code fallback, also spelt in base64) a stand-in: masked, not reported. A generated
 * one may be a real key copied in, except a session token a test sends (a server issued it). A value its comment calls
 * made up, or a line shows as a format, is a stand-in too.
 */
function genericRating(value: string, line: LineView, m: RegExpExecArray): HitRating | undefined {
  const at = m.indices?.[4] ?? [m.index, line.text.length];
  // A value the line calls made up, or shows as a format (`// Cloudinary URL format: cloudinary://api_key:api_secret@…`).
  const standIn = testFixture(value, line.file) || namesSetupOutsideProduction(value, line.file) || namesItsSetup(fromBase64(value)) || calledMadeUp(line, at[1]) || labelledExample(line, at[0]);
  const name = nameOf(line, m, 4);
  // A test's request carries the session token a server issued it (`…/orders?token=<uuid>`, `map.put("access_token", …)`).
  // So does a test's user record: the per-user keys a framework stores with each account (Yii's `auth_key` and
  // `password_reset_token` in `tests/_data/user.php`, Laravel's `remember_token`).
  const bare = name.replace(/[^A-Za-z0-9]+$/, '');
  const testSession = isTestFile(line.file) && ((/token$/i.test(bare) && !/secret|key|pass|pwd/i.test(name)) || userRecordKey.test(bare));
  // A docblock's sample response echoing the password its request sent.
  const samplePassword = /(?:pass|pwd)\w*$/i.test(bare) && isCodeFile(line.file) && inDocumentedSample(line);
  return standIn || testSession || samplePassword || notSet(line) || tokenInResponseSample(line, name) || sessionTokenInLog(line.file, name) || pageSessionToken(line, at[0]) || userRecordToken(line, bare) ? 'unreported' : undefined;
}

/**
 * A bare `token` assigned in a mini-program page's script (`pages/mine/mine.js`: `let token = '…'`): the session a
 * developer logged in with, pasted while debugging the page. A token in a request's URL may be an API's.
 */
function pageSessionToken(line: LineView, valueStart: number): boolean {
  return /(?:^|\/)pages\/[^.]+\.(?:[jt]s|wxs|vue)$/.test(line.file) && /(?<![\w.])["']?token["']?\s{0,4}[:=]\s{0,4}["'\x60]$/i.test(line.text.slice(0, valueStart));
}

/** A user's profile fields: a record holding them is an account's, and its token the one issued at login. */
const userProfileField = /\b(?:nickname|nick_name|avatar_?url|avatar|head_?img\w*|openid|open_id)\b/i;

/** A bare `token` in a user's record (`User(token='…', avatar_url=…, nickname=…)`, seed data): a session once issued. */
function userRecordToken(line: LineView, name: string): boolean {
  return /^token$/i.test(name) && userProfileField.test(line.text);
}

/** Keys a framework keeps per user account, beside its password hash: issued to one user, not configured. */
const userRecordKey = /^(?:auth_?key|password_?reset_?token|verification_?token|remember_?token|email_?verify_?token)$/i;

/** A log file: `*.log`, rotated `*.log.1`, `*.log.2019-11-02`. */
const logFile = /\.log(?:\.[\w-]+)?$/i;

/**
 * A `token` a log file recorded (`根据token:<hex>,查询用户信息`): a user's session, issued and expired long ago. A log
 * holding an AppSecret, a key or a password is still reported: that one was configured, not issued.
 */
function sessionTokenInLog(file: string, name: string): boolean {
  // The name as a log writes it: a SQL column (`\`token\` = '…'`), a form field (ThinkPHP's CSRF `__token__`).
  const bare = name.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  // Also a token named for where it was used (`adminTokenOnAdminApi` in a test run's log).
  return logFile.test(file) && /token/i.test(bare) && !/secret|key|pass|pwd/i.test(bare);
}

/**
 * A weak value in a test or a CI pipeline is what the test needs, and a stock one in a template (`root123456` in
 * `.env.example`), a common password in `.env.development` or as the fallback of an environment variable
 * (`${MYSQL_ROOT_PASSWORD:-root123456}` in a compose file), or a value naming its setup (`test-jwt-secret-ci`) is a
 * stand-in for the real one: masked, not reported. Any other value there is likely the real one copied.
 */
function weakRating(value: string, line: LineView, m: RegExpExecArray): HitRating | undefined {
  // A fallback holding a project's own word and digits (`shopapp123456`) is more often the real one than a stand-in,
  // and so is such a value in `.env.development` (the production password reused on the laptop).
  const standIn = templateStandIn(value, line.file) || ((readsEnvFallback(line, m, 5) || isMarkdown(line.file) || isDevEnvFile(line.file)) && isCommonPassword(value));
  const forTests = isTestFile(line.file) || isCiFile(line.file);
  return forTests || standIn || namesSetupOutsideProduction(value, line.file) || notSet(line) || localInDocument(line, m) || localDevDatabase(line, m) ? 'unreported' : undefined;
}

/** True when the value of group `valueGroup` is the literal fallback of an environment lookup (`${X:-…}`, `env('X', '…')`). */
function readsEnvFallback(line: LineView, m: RegExpExecArray, valueGroup: number): boolean {
  const at = m.indices?.[valueGroup]?.[0] ?? 0;
  return endsInEnvFallback.test(line.text.slice(Math.max(0, at - 160), at));
}

/** A stock or guessable value in a template (`MAIL_PASSWORD=123456` in `.env.template`): a stand-in for the real one. */
function templateStandIn(value: string, file: string): boolean {
  return isTemplateFile(file) && (isPlaceholder(value) || isCommonPassword(value) || isGuessable(value));
}

/**
 * A document's snippet that sets up a local instance (`url: jdbc:mysql://localhost:3306/shop` above the password) and
 * names no public host: a weak password there opens a developer's machine, as the document rules read such a login.
 */
function localInDocument(line: LineView, m: RegExpExecArray): boolean {
  return isMarkdown(line.file) && forLocalInstance(hostKinds(near(line, m.index, 6)));
}

/** Profiles an application is deployed with: there `localhost` is the server, and its database is the real one. */
const deployedProfile = /(?:^|[-_.])(?:prod|production|release|online|docker|deploy)(?:[-_.]|$)/i;
/** A production profile by name (`application-prod.yml`, `.env.production`, `config.online.js`), not a compose file for anyone. */
const productionProfile = /(?:^|[-_.])(?:prod|production|release|online)(?:[-_.]|$)/i;

function inProductionProfile(file: string): boolean {
  return productionProfile.test(file.slice(file.lastIndexOf('/') + 1));
}

/**
 * A value naming its setup (`dev-secret-key-12345678`) stands in for the real one, except in a production profile:
 * whatever `.env.prod` holds is what the server runs with, `devAdmin#26` included.
 */
function namesSetupOutsideProduction(value: string, file: string): boolean {
  return namesItsSetup(value) && !inProductionProfile(file);
}

/**
 * A host's kind as seen from where the file is used: in a production profile loopback is the server itself, so a
 * password for `127.0.0.1` there is the production database's, reachable from that server like an internal address.
 */
export function serverHostKind(host: string, file: string): HostKind {
  const kind = hostKind(host);
  return kind === 'local' && inProductionProfile(file) ? 'private' : kind;
}

/**
 * A configuration's datasource on a developer's machine with a password anyone would try (`root`, `123456`,
 * `shop2020`): the password's own block names where it logs in (`url: jdbc:mysql://localhost:3306/shop` beside it,
 * `DB_HOST=127.0.0.1` for `DB_PASSWORD`), only on loopback, outside a deployment profile. An admin password beside
 * another service's URL is not that database's.
 */
/** A line commented out: its settings are an old or another configuration, read with the lines commented beside it. */
const commentedOut = /^\s*(?:\/\/|#)/;

/**
 * The settings beside a password: its block's; for a password commented out (`// 'DB_PWD' => '…'` under the old
 * `// 'DB_HOST' => 'rm-….rds.aliyuncs.com'`), the lines commented out around it, which the block leaves out.
 */
function settingsBeside(line: LineView, m: RegExpExecArray): readonly Setting[] {
  if (!commentedOut.test(line.text)) return settingsOf(blockAround(line, m.index, 8));
  const commented = [...line.before(8), line.text, ...line.after(8)].filter((text) => commentedOut.test(text));
  return settingsIn(commented.map((text) => text.replace(commentedOut, '')).join('\n'));
}

function localDevDatabase(line: LineView, m: RegExpExecArray): boolean {
  const file = line.file.slice(line.file.lastIndexOf('/') + 1);
  if (!/^(?:password|passwd|pwd|pass)$/i.test(m[1] ?? '') || !(isConfigFile(line.file) || phpConfigEntry(line, m)) || deployedProfile.test(file)) return false;
  // Only a password anyone would try: one a person chose (`Liuyang2019x`) is often the server's too, and auditors of
  // three sets counted such a one on loopback as a leak.
  const password = m[5] ?? '';
  if (!isCommonPassword(password) && !isGuessable(password) && !/^\d+$/.test(password)) return false;
  const owner = ownerOf(nameOf(line, m, 5));
  const hosts = settingsBeside(line, m).flatMap((s) => {
    const own = qualifier(s.words, hostWords);
    const address = own !== undefined && sharePrefix(own, owner) ? addressIn(s.value) : undefined;
    return address === undefined ? [] : [hostKind(address.host)];
  });
  return hosts.length > 0 && hosts.every((kind) => kind === 'local');
}

/**
 * Key names of encryption and signing keys (`VIDEO_ENCRYPTION_KEY`, `aesKey`, WeChat's and WeCom's callback key
 * `EncodingAESKey`), read by both generic rules.
 */
const encryptionKeyNames = [
  'encrypt(?:ion)?[_-]?[kK]ey',
  'aes[_-]?[kK]ey',
  'encoding[_-]?[aA][eE][sS][_-]?[kK]ey',
  // Yii's `cookieValidationKey` signs every cookie the application sets.
  'cookie[_-]?[vV]alidation[_-]?[kK]ey',
];
/**
 * Secret names written as one lower-case word, as C# and Java fields often are (`appsecret`, `corpsecret`,
 * `wxappsecret`, `Appsecret` in a properties file), read by both generic rules: `keyWords` takes no other glued word.
 */
const gluedSecretNames = ['appsecret', 'wxappsecret', 'corpsecret', 'clientsecret', 'apisecret', 'jwtsecret', 'smtppass', 'mailpass'];
/**
 * `secret` misspelt, as typed in a hurry (`JWT_SECERT`, `AppSercret`, `appSceret`, `API_SECKETKEY`): one list for the
 * names the rule reads and the keywords that wake it.
 */
const misspeltSecret = ['secert', 'sceret', 'secrect', 'sercret', 'sercet', 'secket'];
const genericNames = keyWords([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  // `DB_PASS`, `dbPass`, a mail transport's `pass`; not `passes`, `passport`, `bypass`.
  'pass(?![A-Za-z])',
  // `psd`, `pswd`, `pw`: spellings of a password constant (`const PSD = '…'` beside an SMTP host, `fromEmailPw`).
  'psd',
  'pswd',
  'pw(?![A-Za-z])',
  'secret',
  ...misspeltSecret,
  // MinIO's `secreKey`.
  'secre(?=[_-]?[kK]ey)',
  'token',
  'api[_-]?[kK]ey',
  'access[_-]?[kK]ey',
  'auth[_-]?[kK]ey',
  'app[_-]?[kK]ey',
  'security[_-]?[kK]ey',
  ...encryptionKeyNames,
  ...gluedSecretNames,
  // A key pair's secret half as hex (`hexPrivateKey = "<64 hex>"`: a blockchain account's ECDSA or SM2 key).
  'private[_-]?[kK]ey',
  'credentials?',
  // Tencent IM's UserSig: a signed login, an admin's valid for months (`ADMIN_USERSIG = "…"`).
  'user[_-]?[sS]ig',
  // A merchant's signing key of any length (`ws.mchkey=…`, `MERCHANT_KEY`); WeChat Pay's own 32 characters are
  // `wechat-pay-key`'s.
  'mch[_-]?[kK]ey',
  'merchant[_-]?[kK]ey',
  // The key an open API signs requests with (`SIGN_KEY`, `signKey`).
  'sign[_-]?[kK]ey',
  // Geetest's captcha private key (`geetest_key`, `GEETEST_KEY`), a partner API's signing key (`$partnerKey`).
  'geetest[_-]?[kK]ey',
  'partner[_-]?[kK]ey',
  // DCloud's SMS pair (`uniCloud.sendSms({ smsKey, smsSecret })`): both halves sign the request.
  'sms[_-]?[kK]ey',
  // A WeChat open platform's message key (`'component_key' => …`), its EncodingAESKey by another name.
  'component[_-]?[kK]ey',
  // Pinyin: 密钥 and 密码 (`$wxZhiFuMiYao`, `mima`).
  'mi[_-]?[yY]ao',
  'mi[_-]?[mM]a(?![a-z])',
]);

export const genericSecretAssignment: Rule = {
  id: 'generic-secret',
  description: bi(
    'Hard-coded password, secret, token or API key assigned in code or configuration',
    '代码或配置中硬编码的密码、密钥、令牌或 API Key',
  ),
  severity: 'high',
  category: 'secret',
  generic: true,
  keywords: [
    'password',
    'passwd',
    'passphrase',
    'pwd=',
    'pwd:',
    'pwd"',
    "pwd'",
    'pass:',
    'pass=',
    'pass =',
    'pass"',
    "pass'",
    // An environment lookup's fallback under a short name: `process.env.DB_PASS || '…'`.
    'pass |',
    'pass||',
    'pass ?',
    'pass??',
    'pwd |',
    'pwd||',
    'pwd ?',
    'pwd??',
    'psd=',
    'psd:',
    'psd ',
    'pswd',
    '_pw=',
    '.pw=',
    'pw =',
    'pw: ',
    'pw":',
    "pw':",
    'secret',
    ...misspeltSecret,
    'component_key',
    'componentkey',
    'miyao',
    'mi_yao',
    'mima',
    'mi_ma',
    'secrekey',
    'secre_key',
    'token',
    'api_key',
    'apikey',
    'api-key',
    'access_key',
    'accesskey',
    'access-key',
    'auth_key',
    'authkey',
    'app_key',
    'appkey',
    'app-key',
    'securitykey',
    'security_key',
    'security-key',
    'encrypt',
    'aes_key',
    'aeskey',
    'aes-key',
    'validationkey',
    'geetest',
    'partnerkey',
    'partner_key',
    'privatekey',
    'private_key',
    'private-key',
    'credential',
    'usersig',
    'user_sig',
    'mchkey',
    'mch_key',
    'mch-key',
    'merchantkey',
    'merchant_key',
    'smskey',
    'sms_key',
    'sms-key',
    'signkey',
    'sign_key',
    'sign-key',
    'smtppass',
    'mailpass',
  ],
  find: regexFind(
    new RegExp(String.raw`${genericNames}([A-Za-z0-9_.-]{0,24})${separator}(${envFallback})?${conditionHead}${goBytes}(\\?[${openingQuotes}]|\$\{?|)(${valuePattern(8, 200)})`),
    {
      group: 4,
      validate: (value, line, m) => {
        // A WeChat AppID is public, whatever it is assigned to (a secret's fallback copied from the AppID's line); a
        // program's name for something (`ACCESS_TOKEN_KEY = 'campus.auth.accessToken.v1'`, a storage slot) is no value.
        if (notTheSecret.test(m[1] ?? '') || /^wx[0-9a-f]{16}$/.test(value) || isProgramName(value)) return false;
        // A form's default made of the field's own name and a suffix (`yunpaySecretKey: "yunpaySecretKey_a1b2…"`): what
        // the page shows until the saved value loads.
        const field = nameOf(line, m, 4).replace(/^.*[.[]/, '');
        if (field.length >= 4 && value.toLowerCase().startsWith(`${field.toLowerCase()}_`)) return false;
        if (notAnAssignment(line, m, 4) || notAValue(line, m, 4, m[3] ?? '') || filledIntoEveryField(line, value)) return false;
        if (/^app[_-]?key/i.test(m[0]) && !/secret/i.test(m[1] ?? '') && !appKeyIsSecret(value, line, m)) return false;
        // A typed phrase under a JWT name (`ShopSessionKey2024`) is `weak-secret`'s: weak, however long — where that rule
        // takes it (up to 64 characters, no keyboard run); a longer mash of keys is this rule's.
        if (!looksGenerated(value) && value.length <= 64 && jwtKeyValue(value, line.file) && namesJwtKey(nameOf(line, m, 4), line)) return false;
        return strongLiteral(value) || mailAuthCode(value, line, m) || randomMixedCaseLetters(value) || randomOneCaseLetters(value) || encodingAesKey(value, m) || uniIdSecret(value, nameOf(line, m, 4));
      },
      rate: genericRating,
    },
  ),
};

/** A setting's name and value on a line of its own: `  mchId: …`, `"notifyUrl": "…",`, `KEY_PATH=…`. */
const settingLine = /^\s*["']?([\w.-]+)["']?\s{0,4}[:=]\s{0,4}["']?([^\s"']+)["']?\s*,?\s*$/;
/** Names that can never hold a secret: an id, a path, an address, a template's number. */
const plainSettingName = /(?:id|path|url|uri|name|host|port|dir|file|template\w*)$/i;

/**
 * One value written under three or more keys of a block, one of them a name that never holds a secret (`mchId`,
 * `keyPath`, `notifyUrl`, `appSecret` all `wxp123wxp123…` in a `wechat:` block: 11 findings in set CA): a filler typed
 * into every field, not a key.
 */
function filledIntoEveryField(line: LineView, value: string): boolean {
  let same = 0;
  let plain = false;
  for (const text of [...line.before(8), ...line.after(8)]) {
    const setting = settingLine.exec(text);
    if (setting?.[2] !== value) continue;
    same += 1;
    if (plainSettingName.test(setting[1] ?? '')) plain = true;
  }
  return same >= 2 && plain;
}

/** Last words of a key that says where a service lives: `host`, `DB_HOST`, `server-addr`, `spring.datasource.url`. */
const hostWords = new Set(['host', 'hosts', 'hostname', 'server', 'addr', 'address', 'ip', 'nodes', 'endpoint', 'endpoints', 'url', 'uri', 'uris', 'dsn']);
const userWords = new Set(['user', 'username', 'usr', 'account']);
const passwordWords = new Set(['password', 'passwd', 'pwd', 'pass']);
/** A key store's or certificate's password (`key-store-password`, `WECHAT_CERT_P12_PASSWORD`) opens a file, not a host. */
const fileWords = new Set(['store', 'keystore', 'truststore', 'p12', 'pfx', 'jks', 'cert', 'certificate', 'pkcs12']);

/**
 * The words of a name before its role (`spring.redis` of `spring.redis.host`, `db` of `DB_PASSWORD` and of `DB_HOST`),
 * or undefined when the name does not end in one of `roles`.
 */
function qualifier(words: readonly string[], roles: ReadonlySet<string>): readonly string[] | undefined {
  let end = words.length;
  while (end > 0 && roles.has(words[end - 1] ?? '')) end--;
  return end === words.length ? undefined : words.slice(0, end);
}

/** Where a value points: `jdbc:mysql://h:3306/db`, `redis://:pw@h`, `h:6379`, `root@h`, `https://h/x`. */
interface Address {
  host: string;
  /** A web address (http, https, ws): a page, an API or a picture rather than a database or a mail server. */
  web: boolean;
  /** The web address names a file (`/avatar.jpg`), which no password opens. */
  file: boolean;
}

/** The address a setting's value names, or undefined when the value is no address (`8080`, `${DB_HOST}`). */
function addressIn(value: string): Address | undefined {
  const url = /^(?:jdbc:)?([a-z][\w+.-]{1,20}):\/\/(?:[^\s/@]*@)?\[?([\w.-]{3,253})\]?(?::\d{1,5})?([^?#]*)/i.exec(value);
  if (url !== null) {
    return { host: url[2] ?? '', web: /^(?:https?|wss?)$/i.test(url[1] ?? ''), file: /\.[a-z]{2,5}$/i.test(url[3] ?? '') };
  }
  // Also ssh's `root@203.0.113.7` and Oracle's `jdbc:oracle:thin:@h:1521:x`.
  const bare = /^(?:jdbc:[\w:]{1,30}@\/{0,2}|[\w.-]{1,64}@)?\[?([\w.-]{3,253})\]?(?::\d{1,5})?(?:[/:]|$)/i.exec(value);
  return bare === null ? undefined : { host: bare[1] ?? '', web: false, file: false };
}

/** A database, queue or mail URL written anywhere on the password's own line (`jdbc:mysql://h/db?user=…&password=…`). */
const serviceUrl = /(?<![\w+.-])(?:jdbc:)?([a-z][\w+.-]{1,20}):\/\/(?:[^\s/@'"`]*@)?\[?([\w.-]{3,253})/gi;

/** The kinds of the hosts of database, queue and mail URLs in `text`. */
function serviceUrlKinds(text: string, file: string): HostKind[] {
  const kinds: HostKind[] = [];
  for (const m of text.matchAll(serviceUrl)) {
    if (!/^(?:https?|wss?)$/i.test(m[1] ?? '')) kinds.push(serverHostKind(m[2] ?? '', file));
  }
  return kinds;
}

/**
 * The kind of the host a setting names for a password with the qualifier `owner`: a host key of the same thing
 * (`DB_HOST` for `DB_PASSWORD`, `host` beside `password`; a bare `HOST` serves any), in source code only a quoted
 * literal. A web address counts only in configuration, on a public host and as the block's own address (`url`,
 * `ES_URL` for `ES_PASSWORD`), never an `avatarUrl` or `NOTIFY_URL` beside a password, nor a file; in source code it is
 * where a form is posted (`wx.request({ url, data: { password } })`). Undefined when the setting names no such host.
 */
function namedHostKind(setting: Setting, owner: readonly string[], line: LineView, code: boolean): HostKind | undefined {
  const own = qualifier(setting.words, hostWords);
  if (own === undefined || !sharePrefix(own, owner) || (code && !setting.quoted)) return undefined;
  if (isVisitorAddress(setting.words, own, owner)) return undefined;
  const address = addressIn(setting.value);
  if (address === undefined) return undefined;
  const kind = serverHostKind(address.host, line.file);
  if (!address.web) return kind;
  return kind === 'public' && !code && !address.file && own.every((w, i) => owner[i] === w) ? kind : undefined;
}

/** Services whose name before `ip` or `address` makes it a server's (`REDIS_IP`, `mysql_address`). */
const serviceWords = new Set(['server', 'host', 'db', 'database', 'mysql', 'redis', 'mongo', 'mongodb', 'rabbitmq', 'mq', 'ftp', 'sftp', 'ssh', 'smtp', 'mail', 'master']);

/**
 * True when an `…Ip` or `…Address` key says where a person connected from (`lastLoginIp`, `clientIp`, `registerIp` in
 * mock user data), not where a service lives: an address key names a host alone, after a service's name, or after the
 * password's own qualifier (`ES_IP` for `ES_PASSWORD`).
 */
function isVisitorAddress(words: readonly string[], own: readonly string[], owner: readonly string[]): boolean {
  if (!/^(?:ip|addr|address)$/.test(words[words.length - 1] ?? '') || own.length === 0) return false;
  return !serviceWords.has(own[own.length - 1] ?? '') && (owner.length === 0 || !sharePrefix(own, owner));
}

/** A mail login's block: its owner (`spring.mail`, `MAIL_`, `smtp`) or a host in it (`smtp.qq.com`) says so. */
function mailBlock(settings: readonly Setting[], owner: readonly string[]): boolean {
  return owner.some((w) => /^(?:e?mail|smtp|mailer)$/.test(w)) || settings.some((s) => /^smtps?\./i.test(s.value));
}

/**
 * True when the password is the mail address it belongs to, the address's name (`2337523002` for the user
 * `2337523002@qq.com`), or in a mail block the user name itself: a form filled in for show. Mail servers that take
 * SMTP logins from programs (QQ, 163, Gmail) want a generated authorisation code. A weak password for any other user
 * (`root`/`root`) still opens a public host.
 */
function mailboxName(password: string, settings: readonly Setting[], owner: readonly string[]): boolean {
  const users = settings.filter((s) => {
    const own = qualifier(s.words, userWords);
    return own !== undefined && sharePrefix(own, owner);
  });
  if (users.some((s) => s.value.indexOf('@') > 0 && (s.value === password || s.value.slice(0, s.value.indexOf('@')) === password))) return true;
  return users.some((s) => s.value === password) && mailBlock(settings, owner);
}

/** The words of a password's name before its password word: `db` of `DB_PASSWORD_PROD`, none of `password`. */
function ownerOf(name: string): string[] {
  const words = nameWords(name);
  return words.slice(0, Math.max(0, words.map((w) => passwordWords.has(w)).lastIndexOf(true)));
}

/** The settings of a block: its own line's and its neighbours'. */
function settingsOf(block: Block): Setting[] {
  return [block.own, ...block.neighbours].flatMap(settingsIn);
}

/** RabbitMQ's stock `guest`/`guest` account logs in from loopback only: beside a public host it opens nothing. */
function stockGuestLogin(password: string, settings: readonly Setting[], owner: readonly string[]): boolean {
  if (password !== 'guest') return false;
  return settings.some((s) => {
    const own = s.value === 'guest' ? qualifier(s.words, userWords) : undefined;
    return own !== undefined && sharePrefix(own, owner);
  });
}

/** A quoted word after `?` or `:` is a ternary's branch (`ok ? 'PASS' : 'FAIL'`), not a key. */
function ternaryBranch(text: string, index: number): boolean {
  return /[?:]\s{0,4}["'\x60][\w.$-]*$/.test(text.slice(Math.max(0, index - 80), index));
}

/**
 * The server the password at `m` opens, named in its block: a host setting of its own block (the YAML mapping, the
 * code object, the `DB_…` keys of a flat file), or a database URL on its own line. A public host counts anywhere; an
 * internal one (a cloud's VPC address `172.16.x.x`, loopback on the server itself) only in a production profile, where
 * it is the production database. Undefined when the block names no such server.
 */
function openedServer(password: string, line: LineView, m: RegExpExecArray): HostKind | undefined {
  const owner = ownerOf(nameOf(line, m, 2));
  if (owner.some((w) => fileWords.has(w))) return undefined;
  // A field of a request's body (`wx.request({ url: 'https://…', data: { password: '…' } })`): what a user sends the
  // API, not the login of a server.
  if (requestBody.test(parentKey(line) ?? '')) return undefined;
  const code = isCodeFile(line.file);
  const block = blockAround(line, m.index, 8);
  const settings = settingsOf(block);
  if (mailboxName(password, settings, owner) || stockGuestLogin(password, settings, owner)) return undefined;
  // A commented-out profile of the developer's own machine is no login, even in a production file; one on a public
  // host opens it; one on an internal host is judged with the live settings around it.
  const alternative = commentedAlternative(line);
  const alternativeKinds = alternative === undefined ? [] : serviceUrlKinds(alternative, line.file);
  if (alternativeKinds.includes('public')) return 'public';
  if (alternativeKinds.length > 0 && alternativeKinds.every((kind) => kind === 'local' || kind === 'example')) return undefined;
  const kinds = [...serviceUrlKinds(block.own, line.file), ...settings.map((s) => namedHostKind(s, owner, line, code))];
  if (kinds.includes('public')) return 'public';
  return kinds.includes('private') && inProductionProfile(line.file) && !isTestFile(line.file) ? 'private' : undefined;
}

/** The keys a request's payload goes under: `data` (wx.request, axios), `body`, `params`, `form`, `json`. */
const requestBody = /^(?:data|body|params|form|formData|payload|json|query)$/i;

/**
 * A commented-out password under its own commented-out connection URL (`#本地` / `#url: jdbc:mysql://localhost…` /
 * `#password: …` below the live settings): another profile's login, which opens the host written in its own lines, not
 * the live one above. Undefined unless the run of comment lines above it holds such a URL.
 */
function commentedAlternative(line: LineView): string | undefined {
  const comment = /^\s*(?:#|\/\/)/;
  if (!comment.test(line.text)) return undefined;
  const run: string[] = [];
  for (const text of line.before(4).reverse()) {
    if (!comment.test(text)) break;
    run.push(text);
  }
  const text = run.join('\n');
  return text.search(serviceUrl) !== -1 ? text : undefined;
}

/** Words that leave a setting empty (`MAIL_PASSWORD=null` in Laravel's `.env.example`). */
const emptyWord = /^(?:null|NULL|Null|nil|None|undefined)$/;

export const passwordWithHost: Rule = {
  id: 'password-with-host',
  description: bi(
    'Password written next to the host it opens (a datasource, Redis or mail server on a public host, or on an internal one in a production profile), however weak',
    '与所连主机写在一起的密码（公网主机，或生产配置中的内网主机上的数据源、Redis、邮件服务器等），无论强弱',
  ),
  severity: 'critical',
  category: 'secret',
  keywords: ['password', 'passwd', 'pwd=', 'pwd:', 'pwd"', "pwd'", 'pass:', 'pass=', 'pass"', "pass'"],
  find: regexFind(
    // PHP arrays align their `=>` (`'password'        => '…',` in a ThinkPHP config/database.php).
    // The value may be an environment lookup's fallback (Django's `'PASSWORD': os.environ.get("MYSQL_PASSWORD", "…")`).
    new RegExp(String.raw`${keyWords(['password', 'passwd', 'pwd', 'pass'])}["'\]]{0,2}(?:\s{0,4}(?:=|:)|\s{0,24}=>)\s{0,4}(?:${envFallback})?(["'\x60]?)(${valueChars}{3,128})`),
    {
      group: 2,
      validate: (value, line, m) => {
        // A value that names a password (FastAdmin's stock `'mail_smtp_pass' => 'password'`) is the form's blank.
        if ((isCodeFile(line.file) && m[1] === '') || emptyWord.test(value) || namesAPassword(value)) return false;
        if (ternaryBranch(line.text, m.index) || notAValue(line, m, 2, m[1] ?? '')) return false;
        // A docblock's sample response echoing the request it answered (`* @return {…"post":{"password":"…"}…}`).
        if (isCodeFile(line.file) && inDocumentedSample(line)) return false;
        return openedServer(value, line, m) !== undefined;
      },
      rate: (value, line, m) => {
        const opened = openedServer(value, line, m) ?? 'public';
        // A common password as the fallback of an environment lookup (`process.env.MYSQL_PASSWORD || 'root'` beside
        // `process.env.MYSQL_HOST || '127.0.0.1'`) stands in until the deployment sets the variable.
        const fallback = opened !== 'public' && readsEnvFallback(line, m, 2) && isCommonPassword(value);
        return templateStandIn(value, line.file) || fallback ? 'unreported' : hostSeverity(opened);
      },
    },
  ),
};

/**
 * A program's own login in source code: an upper-case constant `PASSWORD` (or `…_PASSWORD`) beside its user name
 * constant (`public final static String PASSWORD = "…"` under `USERNAME`), not a form's default.
 */
function passwordConstant(line: LineView, m: RegExpExecArray, valueGroup: number): boolean {
  if (!/^(?:[A-Z0-9]+_)*PASSWORD$/.test(nameOf(line, m, valueGroup))) return false;
  return /(?<![\w$])(?:[A-Z0-9]+_)*(?:USER|USER_?NAME|ACCOUNT)\s{0,4}=/.test(near(line, m.index, 3));
}

/**
 * An entry of a PHP configuration array (`'DB_PWD' => '…'` in ThinkPHP's `Conf/db.php`, `'password' => '…'` in
 * `config/database.php`): a quoted key and `=>` in a file under `conf/` or `config/`, or named `database.php`,
 * `config.php` or `db.php`: configuration written as code.
 */
function phpConfigEntry(line: LineView, m: RegExpExecArray): boolean {
  // ThinkPHP 5.0 keeps `database.php` and `config.php` in its application folder, not under `config/`.
  if (!/\.php$/i.test(line.file) || !/(?:^|\/)(?:conf|config|configs)\/|(?:^|\/)(?:database|config|db)\.php$/i.test(line.file)) return false;
  return /["']\s{0,24}=>\s{0,24}["']$/.test(line.text.slice(0, m.indices?.[5]?.[0] ?? 0));
}

/** A constant or option set by a `define` call (`define('DB_PWD', '…')`, Tornado's `define("mysql_password", default='…')`): configuration written as code. */
function definedSetting(line: LineView, m: RegExpExecArray): boolean {
  return /\bdefine\(\s{0,4}["'][\w.-]{1,60}["']\s{0,4},(?:\s{0,4}default\s{0,4}=)?\s{0,24}["']$/.test(line.text.slice(0, m.indices?.[5]?.[0] ?? 0));
}

/** Words that name an algorithm, an encoding or a field type rather than being a key. */
const typeWord = /^(?:[hrpe]s\d{3}|md5|sha\d*|aes|des|rsa|hmac\w*|bcrypt|base64|hex|utf-?8|none|plain|basic|bearer|jwt|text|string|number|boolean|object|required|optional|hidden|show|input|true|false|null)$/i;

/** A cache key's name: words joined by colons (`wxConfig:secret`, `shop:token:`), where Redis keeps the value. */
const cacheKeyName = /^[A-Za-z][A-Za-z_-]*(?::[A-Za-z][A-Za-z_-]*)+:?$/;

/**
 * A short literal typed as a secret: up to 16 characters, with a digit or a symbol (a bare word such as `tokenTtl` or
 * `basic` is a name, and so is a cache key's).
 */
export function weakValue(value: string): boolean {
  return value.length <= 16 && /[0-9\W_]/.test(value) && !typeWord.test(value) && !isPlaceholder(value) && !/^\d{1,4}$/.test(value) && !cacheKeyName.test(value);
}

/**
 * A JWT signing key: named so (`jwt.secret`, `JWT_SECRET`, `jwtSigningKey`), a `secret` under a YAML `jwt:` mapping,
 * a bare `secret` in code that signs JWTs or beside a token's lifetime, or a Python web app's `SECRET_KEY` (Flask,
 * Django).
 */
function namesJwtKey(name: string, line: LineView): boolean {
  if (/jwt/i.test(name)) return true;
  // Flask's and Django's `SECRET_KEY` signs their sessions and tokens the same way.
  if (/^secret_key$/i.test(name) && /\.py$/.test(line.file)) return true;
  // Under a `jwt:` mapping each audience's `…-secret-key` is one too (the sky-take-out course's `admin-secret-key`).
  if (/(?:^|[_-])secret[_-]?key$/i.test(name) && /jwt/i.test(parentKey(line) ?? '')) return true;
  return /^secret(?:[_-]?key)?$/i.test(name) && (/jwt/i.test(parentKey(line) ?? '') || signsTokensNear(line) || besideTokenExpiry(line));
}

/** A token's lifetime beside a bare `secretKey` (`security: { secretKey: '…', expiresIn: 60 * 60 * 24 }`). */
const tokenExpiry = /(?<![\w-])(?:expiresIn|expires_in|expireIn|expire_in|tokenExpire\w*)["']?\s*[:=]/;

/** Whether the lines around name a token's lifetime: a secret configured with one signs those tokens. */
function besideTokenExpiry(line: LineView): boolean {
  return [...line.before(3), line.text, ...line.after(3)].some((text) => tokenExpiry.test(text));
}

/** How far a JWT library's use may sit from a bare `secret`: the module's imports above it, the handlers below. */
const jwtUseReach = 30;
const jwtUse = /\bjwt\.(?:sign|verify|encode|decode)\s*\(|\bjwtService\.(?:sign|verify)(?:Async)?\s*\(|\bJwtModule\.register(?:Async)?\s*\(|\bJWT::(?:encode|decode)\s*\(|jsonwebtoken|koa-?jwt|express-?jwt|jwtKoa|expressJwt|^\s*(?:import jwt|from jwt import)\b/i;

/**
 * A bare `secret` in a module that signs or checks JWTs with it (`const secret = '…'` above `jwt.sign(payload,
 * secret)`, `jwtKoa({ secret })`): its key, asked only of a `secret` holding a word.
 */
function signsTokensNear(line: LineView): boolean {
  return isCodeFile(line.file) && [...line.before(jwtUseReach), line.text, ...line.after(jwtUseReach)].some((text) => jwtUse.test(text));
}

/**
 * Whatever a JWT signing key holds signs the tokens, so a bare word (`shopJwtKey`) or a typed phrase of up to 64
 * characters (`mySecretKeyForShop2024`) is a weak key. Stand-ins (`change-me`, `secret`) and typing runs are not. In a
 * server's code or configuration three letters are enough (uni-id's `"tokenSecret": "sjk"`); a document's `sjk` is a
 * stand-in.
 */
function jwtKeyValue(value: string, file: string): boolean {
  return value.length >= (isMarkdown(file) ? 5 : 3) && !typeWord.test(value) && !hasTypingRun(value) && !isPlaceholder(value);
}

/**
 * Three or more digits under a JWT key's name in a server's code or configuration (`config.jwt = { secret: '123456' }`,
 * as egg-jwt's README has it, or `'123'`): a stand-in in a form, but the key every token of that server is signed with.
 */
function jwtKeyDigits(value: string, line: LineView): boolean {
  return /^\d{3,}$/.test(value) && (isCodeFile(line.file) || isConfigFile(line.file)) && !isTestFile(line.file);
}

/**
 * A session middleware's signing key set to digits (`app.use(session({ secret: '123456' }))`): a stand-in elsewhere,
 * but in a server's code it signs every session cookie the server hands out.
 */
function sessionSecretDigits(value: string, name: string, line: LineView, m: RegExpExecArray): boolean {
  if (!isCodeFile(line.file) || !/^\d{4,16}$/.test(value) || !/^secret$/i.test(name)) return false;
  return /\b(?:session|cookieSession)\s*\(\s*\{/.test(near(line, m.index, 4));
}

/** Druid's StatViewServlet configured in Java: its console password is a setting, not a form's field. */
const druidSetter = /\.put\(\s{0,4}["']loginPassword["']/;

/**
 * Spring Boot's own login (`spring.security.user.password`, Boot 1's `security.user.password`) guards the actuator
 * and the API: whatever word it is set to, `admin` included, is the password of every deployment of that profile.
 */
function springSecurityPassword(value: string, name: string, line: LineView): boolean {
  if (!isConfigFile(line.file) || value.length < 3 || isTemplate(value) || emptyWord.test(value)) return false;
  // Also in YAML: `password` under `user:` under `security:`.
  return /(?:^|\.)security\.user\.password$/i.test(name) || (/^password$/i.test(name) && parentKey(line) === 'user' && /^\s*security:\s*$/m.test(line.before(4).join('\n')));
}

/** Words joined by `_`, `-` or `.`, each a word of the name it is assigned to (`pay_routine_key` under `…_PAY_ROUTINE_APP_KEY`). */
function spellsItsName(value: string, name: string): boolean {
  const words = value.toLowerCase().split(/[_.-]/);
  if (words.length < 2 || !words.every((w) => /^[a-z]+$/.test(w))) return false;
  const named = new Set(name.toLowerCase().split(/[^a-z]+/));
  return words.every((w) => named.has(w));
}

/**
 * The basic-auth login in front of a deployed API's documents (`swagger: basic: password: …`, `knife4j.basic.password`):
 * whoever has it reads every endpoint and can call them from the page, so a stock word there is a weak password.
 */
function apiDocsPassword(value: string, name: string, line: LineView): boolean {
  if (!isConfigFile(line.file) || value.length < 3 || isTemplate(value) || emptyWord.test(value)) return false;
  if (developerProfile.test(line.file.slice(line.file.lastIndexOf('/') + 1))) return false;
  if (/(?:^|\.)(?:swagger|knife4j)\.basic\.password$/i.test(name)) return true;
  return /^password$/i.test(name) && parentKey(line) === 'basic' && /^\s*(?:swagger|knife4j):\s*$/m.test(line.before(6).join('\n'));
}

/** Profiles no server runs with: a developer's own machine, tests. */
const developerProfile = /(?:^|[-_.])(?:dev|develop|development|local)(?:[-_.]|$)/i;

/**
 * Druid's monitoring console password in a deployed Spring profile (`stat-view-servlet:` … `login-password: admin`):
 * the console shows every SQL statement and session, and its stock passwords (`admin`, `123456`) are the first tried.
 */
function druidConsolePassword(value: string, name: string, line: LineView): boolean {
  // Also set in Java: `initParams.put("loginPassword", "…")` for Druid's StatViewServlet.
  const configured = isConfigFile(line.file) || (isCodeFile(line.file) && druidSetter.test(line.text));
  if (!/login[-_.]?password$/i.test(name) || !configured || isTestFile(line.file) || isTemplate(value)) return false;
  if (developerProfile.test(line.file.slice(line.file.lastIndexOf('/') + 1))) return false;
  return /druid|stat[-_.]?view/i.test(`${line.file} ${name} ${parentKey(line) ?? ''} ${line.before(8).join('\n')}`);
}

export const weakSecret: Rule = {
  id: 'weak-secret',
  description: bi(
    'Weak secret: a signing key or password set to a short or guessable literal (a five-character JWT secret)',
    '弱密钥：签名密钥或密码被设为很短或易猜的字面值（如只有五个字符的 JWT 密钥）',
  ),
  severity: 'medium',
  category: 'secret',
  generic: true,
  keywords: ['password', 'passwd', 'pwd=', 'pwd:', 'pwd"', "pwd'", 'pass:', 'pass=', 'pass =', 'pass"', "pass'", 'secret', 'jwt_', 'jwt-', 'jwt.', 'jwtk', 'sign_key', 'signkey', 'sign-key', 'signingkey', 'signing_key', 'api_key', 'apikey', 'app_key', 'appkey', 'encrypt', 'aes_key', 'aeskey', 'aes-key', 'validationkey'],
  find: regexFind(
    new RegExp(
      String.raw`(${keyWords(['password', 'passwd', 'pwd', 'pass', 'secret', 'jwt[_.-]?[kK]ey', 'sign(?:ing)?[_.-]?[kK]ey', 'api[_-]?[kK]ey', 'app[_-]?[kK]ey', ...encryptionKeyNames, ...gluedSecretNames])})((?:[_.-]?(?:[kK]ey|KEY|[sS]ecret|SECRET))?)${separator}(${envFallback})?${goBytes}([${openingQuotes}]?)(${valuePattern(3, 64)})(?=[${closingQuotes}\s,;)}\]#]|$|\\[nrt])`,
    ),
    {
      group: 5,
      validate: (value, line, m) => {
        const quote = m[4] ?? '';
        // Inside quotes `#` and spaces belong to the value (`secret: "Ab#…"`): a prefix cut there is not the value.
        if (quote !== '' && line.text.charAt(m.indices?.[5]?.[1] ?? 0) !== closingQuote(quote)) return false;
        const code = isCodeFile(line.file);
        // A password compared with a literal (`user.password === '…'`) is checked against one written into the code.
        const compared = /={2,3}\s{0,4}["'\x60]$/.test(line.text.slice(0, m.indices?.[5]?.[0] ?? 0));
        const configEntry = phpConfigEntry(line, m) || definedSetting(line, m);
        const password = /^(?:password|passwd|pwd|pass)$/i.test(m[1] ?? '') && !(code && (compared || configEntry || passwordConstant(line, m, 5) || druidSetter.test(line.text)));
        // Only code and configuration: a README's `jwtSecret = 'abc12'` illustrates. In code an unquoted word is a
        // variable, a password field's default is a form, and a comment explains.
        // A configuration array's entry commented out (`// 'DB_PWD' => '…'`) is the old value, not an explanation.
        const logged = logFile.test(line.file);
        if (code ? quote === '' || password || (!configEntry && /^\s*(?:\/\/|\/?\*|#)/.test(line.text)) : !isConfigFile(line.file) && !isMarkdown(line.file) && !logged) return false;
        // A value its comment calls made up or to be replaced (`//请从官方获取`).
        if (calledMadeUp(line, m.indices?.[5]?.[1] ?? line.text.length)) return false;
        // A comment saying what a tool's default is (`#default username/password = guest/guest`) describes the stock install.
        if (/^\s*(?:#|\/\/|\/?\*)[^\n]*(?:default|默认)/i.test(line.text.slice(0, m.index))) return false;
        // A command line in a document (`qpdf --password=…`, `curl --data-urlencode 'password=…'`) shows how a tool is called.
        if (isMarkdown(line.file) && /--|\bcurl\b/.test(line.text.slice(0, m.index))) return false;
        const name = nameOf(line, m, 5);
        // A constant holding its own name, or words of it (`CONFIG_KEY_PAY_ROUTINE_APP_KEY = "pay_routine_key"`): the
        // key of a setting stored elsewhere (CRMEB's config table), looked up by that name.
        if (spellsItsName(value, name)) return false;
        // An app key of digits is the app's number (Taobao's and Baidu's `APPKEY = '12345678'`, its secret beside it).
        if (/app[_-]?key$/i.test(name) && /^\d+$/.test(value)) return false;
        // uni-id's `tokenSecret` signs every login and its `passwordSecret` keys every password digest: a short word or
        // a few digits there are weak keys (eight characters and more are `generic-secret`'s, see `uniIdSecret`).
        const uniId = /^(?:passwordSecret|tokenSecret)$/.test(name);
        if (uniId && value.length >= 8) return false;
        const jwt = namesJwtKey(name, line) || uniId;
        // A log records what was typed: a chosen password there is someone's, not a stand-in. A common one is the demo
        // login a developer typed while trying the app (`EmployeeLoginDTO(username=admin, password=123456)` in 14 logs
        // of one set-BU project; judged so in three of four sets). MySQL's `Access denied … (using password: YES)`
        // says only whether one was given.
        if (logged && (isCommonPassword(value) || isGuessable(value) || /^\d{1,8}$/.test(value))) return false;
        const loggedPassword = logged && /^(?:password|passwd|pwd|pass)$/i.test(m[1] ?? '') && !isTemplate(value) && !/^(.)\1*$|^(?:yes|no)$/i.test(value);
        if (!weakValue(value) && !loggedPassword && !(jwt && (jwtKeyValue(value, line.file) || jwtKeyDigits(value, line))) && !sessionSecretDigits(value, name, line, m) && !druidConsolePassword(value, name, line) && !springSecurityPassword(value, name, line) && !apiDocsPassword(value, name, line)) return false;
        // A WeChat Pay certificate's password is the merchant id, by WeChat's design: published, not chosen.
        if (/p12|pfx|cert|key[_-]?store/i.test(name) && /^1\d{9}$/.test(value)) return false;
        if (notAnAssignment(line, m, 5) || notAValue(line, m, 5, quote)) return false;
        // A strong value is `generic-secret`'s; under a JWT name only a generated one is (a typed one is weak, however long).
        if (strongLiteral(value) && !(jwt && !looksGenerated(value))) return false;
        return !mailboxName(value, settingsOf(blockAround(line, m.index, 8)), ownerOf(name));
      },
      rate: weakRating,
    },
  ),
};

/** Extensions of the files `keyStoreFile` reports (`pem` only for WeChat Pay's `apiclient_key.pem`). */
const keyStoreExtensions = new Set(['p12', 'pfx', 'jks', 'keystore', 'bks', 'jceks', 'pem']);

/** Key stores and WeChat Pay's merchant key files, recognised by name and type: their content is binary or a PEM. */
export const keyStoreFile: Rule = {
  id: 'key-file',
  description: bi(
    'Key store or private key file committed (WeChat Pay apiclient_cert.p12 / apiclient_key.pem, .pfx, .jks, .keystore)',
    '提交了密钥库或私钥文件（微信支付 apiclient_cert.p12 / apiclient_key.pem、.pfx、.jks、.keystore）',
  ),
  severity: 'critical',
  category: 'secret',
  keywords: [],
  matchPath(file) {
    // Asked for every file: most have an extension no key store has, answered by one set lookup.
    const dot = file.lastIndexOf('.');
    if (dot === -1 || !keyStoreExtensions.has(file.slice(dot + 1).toLowerCase())) return undefined;
    const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
    // WeChat Pay's certificate bundle opens with the merchant number as its password: it works as it is.
    if (name === 'apiclient_cert.p12' || name === 'apiclient_key.pem') return 'critical';
    // Android's debug key has the same published password on every machine and signs nothing users install.
    if (name === 'debug.keystore') return undefined;
    // A trust store (`truststore.p12`, Java's `cacerts.jks`) holds the certificates a client trusts, which are public.
    if (name.includes('trust') || name.startsWith('cacerts.')) return undefined;
    return /\.(?:p12|pfx|jks|keystore|bks|jceks)$/.test(name) ? 'high' : undefined;
  },
  find: () => [],
};
