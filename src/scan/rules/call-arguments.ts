import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule } from '../rule.js';
import { isCodeFile, isPlaceholder, isProgramName, isTemplate, isTestFile, randomValue } from '../values.js';
import { hostSeverity, loopbackLoginInServerCode, passwordOk, serverHostKind, testFixture } from './keys-and-urls.js';
import { callAround, enclosingCall } from './names.js';

/** Constructors and factories of an API client's settings: `new YlyConfig(…)`, `new Credential(…)`, `OAuth(…)`. */
const clientCallee = /(?:Config|Configuration|Credentials?|Auth|OAuth)$/;
/** The arguments before the value end in an id written as a literal: an app or client id, then the value. */
const afterIdLiteral = /["'\x60](?:\d{5,20}|wx[0-9a-f]{16}|[A-Za-z][\w-]{3,39})["'\x60]\s{0,80},\s{0,80}["'\x60]$/;

/**
 * True when the literal at `index` is the argument after an id literal in a client's settings constructor: SDKs take
 * an id and its secret as two positional arguments (`new YlyConfig("<client id>", "<client secret>")`).
 */
function secretAfterId(line: LineView, index: number, value: string): boolean {
  const call = callAround(line, index);
  if (call === undefined) return false;
  const callee = call.callee.replace(/^new\s+/, '');
  const name = callee.slice(callee.lastIndexOf('.') + 1);
  // WeChat's message crypto takes (token, EncodingAESKey, AppID): the key is the 43 characters second.
  if (/^WXBizMsgCrypt$/i.test(name)) return value.length === 43 && /^[^,]*,\s{0,80}["'\x60]$/.test(call.argsBefore);
  return clientCallee.test(name) && afterIdLiteral.test(call.argsBefore);
}

export const clientSecretArgument: Rule = {
  id: 'client-secret-argument',
  description: bi(
    "Client secret passed to an SDK's settings constructor after its id (new XxxConfig(\"<id>\", \"<secret>\"))",
    'SDK 配置构造函数中紧跟 ID 传入的客户端密钥（new XxxConfig("<id>", "<secret>")）',
  ),
  // With the id beside it, it is the pair the API asks for.
  severity: 'high',
  category: 'secret',
  // Not `client(`: `createClient(`, `new Client(` are in most Node code, and their arguments are seldom literals.
  keywords: ['config(', 'configuration(', 'credential(', 'credentials(', 'auth(', 'bizmsgcrypt('],
  // The call opens on the keyword's line; its arguments may follow on the next two.
  reachAfter: 2,
  find: regexFind(/(?<=["'\x60])[A-Za-z0-9_-]{20,64}(?=["'\x60])/, {
    validate: (value, line, m) => randomValue(3.5, 2)(value) && !isPlaceholder(value) && !isProgramName(value) && secretAfterId(line, m.index, value),
  }),
};

/** A hash or signing call earlier on the line: the string it is given is a signature's input. */
const hashedBefore = /(?:md5|sha1|sha256|sha512|hash_hmac|hash|hmac\w*|sign)\s*\(/i;

export const signedStringKey: Rule = {
  id: 'signed-string-key',
  description: bi(
    "Signing key written into the string a signature hashes (md5($params . '&key=…'))",
    "写入签名原文的签名密钥（md5($params . '&key=…')）",
  ),
  // WeChat Pay APIv2 and many SMS and printer APIs sign with `…&key=<secret>` appended: whoever has it signs requests.
  severity: 'high',
  category: 'secret',
  keywords: ['md5(', 'sha1(', 'sha256(', 'sha512(', 'hash_hmac(', 'hash(', 'hmac'],
  find: regexFind(/(["'])&?key=([^"'&\s$]{8,64})\1/, {
    group: 2,
    validate: (value, line, m) =>
      hashedBefore.test(line.text.slice(0, m.index)) && randomValue(3.0, 2)(value) && !isPlaceholder(value) && !isTemplate(value),
  }),
};

/**
 * Database clients whose third positional argument is the password: PHP's `new PDO($dsn, $user, '…')`,
 * `new mysqli($host, $user, '…', $db)` and `mysqli_connect`, JDBC's `DriverManager.getConnection(url, user, "…")`,
 * Python's DB-API `pymysql.connect('h', 'u', '…', 'db')`, and Node's `new Sequelize('db', 'user', '…', { host })`.
 */
const connectCallee = /^(?:new\s+)?(?:PDO|mysqli|mysqli_connect|mysql_p?connect|(?:\w+\.)?getConnection|(?:pymysql|MySQLdb|mysql\.connector)\.connect|Sequelize)$/;

/** The call's arguments before the value, with string literals emptied and nested calls dropped, split at commas. */
function topLevelArguments(argsBefore: string): string[] {
  let flat = argsBefore.replace(/(["'\x60])(?:\\.|(?!\1)[^\\])*\1/g, '""');
  for (let previous = ''; previous !== flat; ) {
    previous = flat;
    flat = flat.replace(/\([^()]*\)/g, '');
  }
  return flat.split(',');
}

/** The host a connect call names before its password: a literal first argument, or a DSN's `host=` or `//host`. */
function hostInCall(argsBefore: string): string {
  const dsn = /(?:host=|\/\/(?:[^\s/@'"]*@)?)([\w.-]{3,253})/.exec(argsBefore);
  if (dsn !== null) return dsn[1] ?? '';
  return /^\s*["']([\w.-]{3,253})["']/.exec(argsBefore)?.[1] ?? '';
}

/** The user a connect call names: its second argument when that is a literal. */
function userInCall(argsBefore: string): string {
  return /,\s*["']([^"']{1,64})["']\s*,\s*["'\x60]?$/.exec(argsBefore)?.[1] ?? '';
}

/** The login a connect call gives with the literal at `index` as its password (opening up to four lines above). */
interface ConnectLogin {
  host: string;
  user: string;
}

function connectLoginAround(line: LineView, index: number): ConnectLogin | undefined {
  const call = enclosingCall([...line.before(4), line.text.slice(0, index)].join('\n'));
  if (call === undefined || !connectCallee.test(call.callee) || topLevelArguments(call.argsBefore).length !== 3) return undefined;
  return { host: hostInCall(call.argsBefore), user: userInCall(call.argsBefore) };
}

export const connectPasswordArgument: Rule = {
  id: 'connect-password-argument',
  description: bi(
    "Database password passed to a client's connect call (new PDO($dsn, $user, '…'), new mysqli(…), getConnection(…))",
    "传给数据库客户端连接调用的密码（new PDO($dsn, $user, '…')、new mysqli(…)、getConnection(…)）",
  ),
  // With its host beside it in the same call, as working as a connection string.
  severity: 'high',
  category: 'secret',
  keywords: ['pdo(', 'mysqli(', 'mysqli_connect(', 'mysql_connect(', 'mysql_pconnect(', 'getconnection(', '.connect(', 'sequelize('],
  // A call written one argument per line: `new PDO(\n  $dsn,\n  'user',\n  '…'\n)`.
  reachAfter: 4,
  find: regexFind(/(?<=["'])[^\s"'$]{3,128}(?=["']\s*[,)])/, {
    validate: (password, line, m) => {
      const login = connectLoginAround(line, m.index);
      if (login === undefined || isTemplate(password)) return false;
      return passwordOk(login.user, password, serverHostKind(login.host, line.file)) || loopbackLoginInServerCode(login.host, login.user, password, line.file);
    },
    // Asked only of validated hits: the call is there.
    rate: (password, line, m) => {
      if (testFixture(password, line.file)) return 'unreported';
      const { host, user } = connectLoginAround(line, m.index) ?? { host: '', user: '' };
      if (loopbackLoginInServerCode(host, user, password, line.file)) return 'medium';
      return host === '' ? 'high' : hostSeverity(serverHostKind(host, line.file));
    },
  }),
};

/**
 * Calls that sign or check a token with the key given as a literal argument: JWT libraries' `jwt.sign(payload, '…')`,
 * `jwt.encode(payload, '…', algorithm=…)`, `jwt.verify`/`jwt.decode(token, '…')`, PHP's `JWT::encode($payload, '…')`,
 * and constructors whose first argument is the key: itsdangerous's `Serializer('…', expires_in=1800)`, a PHP
 * `new JWT('…', 'HS256', …)`; Koa's `app.keys = ['…']`, which sign its cookies; and a cipher helper's default key.
 */
/**
 * A cipher helper's key given as its parameter's default: `function encrypt($string, $operation, $key = '…')`, the
 * `authcode` every PHP shop copies, used to make and check the app's tokens.
 */
const cipherFunctionKey = String.raw`\bfunction\s+\w*(?:crypt|authcode)\w*\s*\([^)]*?\$?key\s*=\s*`;

const signingCall = new RegExp(
  String.raw`(?:^|[^\w$.])(?:(?:jwt\.|JWT::)(?:sign|verify|encode|decode)\s*\(\s*(?:\{[^{}]*\}|[\w$.[\]'"]+)\s*,\s*|(?:TimedJSONWebSignature|URLSafeTimed|URLSafe|Timed)?Serializer\s*\(\s*|new\s+JWT\s*\(\s*|app\.keys\s*=\s*\[\s*(?:["'][^"']*["']\s*,\s*)*|${cipherFunctionKey})(["'])$`,
);

export const signingKeyArgument: Rule = {
  id: 'signing-key-argument',
  description: bi(
    "Signing key given as a literal to a token library's call (jwt.sign(payload, '…'), Serializer('…'))",
    "以字面值传给令牌库调用的签名密钥（jwt.sign(payload, '…')、Serializer('…')）",
  ),
  // Whoever reads it forges every token the server accepts; a typed one is also guessed (rated below).
  severity: 'high',
  category: 'secret',
  keywords: ['jwt.sign(', 'jwt.verify(', 'jwt.encode(', 'jwt.decode(', 'jwt::encode(', 'jwt::decode(', 'serializer(', 'new jwt(', 'app.keys', 'function encrypt', 'function decrypt', 'function authcode'],
  find: regexFind(/(?<=["'])[^\s"'$]{4,200}(?=["'])/, {
    // The code signs with it, so any word is the key, `secret` too; not a template, nor a variable's name written as a
    // string (`"ACCESS_SECRET"`: meant to be read from the environment).
    validate: (key, line, m) =>
      isCodeFile(line.file) && !isTestFile(line.file) && !isTemplate(key) && !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(key) && signingCall.test(line.text.slice(Math.max(0, m.index - 160), m.index)),
    rate: (key) => (randomValue(3.5, 2)(key) ? undefined : 'medium'),
  }),
};
