import { bi } from '../../core/text.js';
import type { HitRating, LineView, Rule, RuleHit } from '../rule.js';
import { hostKind, isPlaceholder, isTemplate, isTestFile, namesItsSetup } from '../values.js';
import { hostSeverity, passwordOk, strongLiteral, weakValue } from './keys-and-urls.js';

/**
 * Keys and passwords given to a command as arguments, where no `name = value` names them: the MinIO client's
 * `mc alias set <alias> <url> <access key> <secret key>`, the cloud CLIs' configuration flags (`ossutil config -k …`,
 * `aliyun configure --access-key-secret …`, `coscmd config -s …`), and a deploy script's helper called with a secret's
 * name and its value (`set_default_env "ALIYUN_SECRET" "…"`), and a database client's password flag (`mysql -uroot -p…`,
 * `mongosh -u admin -p …`, `redis-cli -a …`).
 */

/** One argument, maybe quoted: the quotes are not part of it. */
const argument = String.raw`["']?([^\s"'\x60]{1,256})["']?`;

/** A variable's name written where a value goes (`SECRET_KEY`, `ACCESS_KEY_ID`): a document's stand-in. */
function isVariableName(value: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value);
}

/** A literal key or secret: not a template, a stand-in or a variable's name. */
function literalArgument(value: string): boolean {
  return !isPlaceholder(value) && !isVariableName(value);
}

/** Where group `group` of a match starts in the line. */
function startOf(m: RegExpExecArray, group: number): number {
  return m.indices?.[group]?.[0] ?? m.index;
}

const minioAlias = new RegExp(String.raw`\bmc(?:\.exe)?\s+(?:alias\s+set|config\s+host\s+add)\s+\S+\s+["']?[a-z]+://\[?([\w.-]+)[^\s"']*["']?\s+${argument}\s+${argument}`, 'dg');

/** `mc alias set <alias> <url> <access key> <secret key>`: the pair opens the URL's host, rated like a connection string's password. */
function minioAliasSecrets(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of text.matchAll(minioAlias)) {
    const [host, accessKey, secret] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    if (!literalArgument(secret) || !passwordOk(accessKey, secret, hostKind(host))) continue;
    const start = startOf(m, 3);
    hits.push({ start, end: start + secret.length, severity: hostSeverity(hostKind(host)) });
  }
  return hits;
}

/** A cloud CLI's configuration command and the flags that carry its key id and its secret. */
interface ConfigCommand {
  readonly command: RegExp;
  readonly idFlags: string;
  readonly secretFlags: string;
}

const configCommands: readonly ConfigCommand[] = [
  { command: /\bossutil(?:64|mac64|32)?(?:\.exe)?\s+config\b/, idFlags: '-i|--access-key-id', secretFlags: '-k|--access-key-secret' },
  { command: /\baliyun\s+configure\b/, idFlags: '--access-key-id', secretFlags: '--access-key-secret' },
  { command: /\bcoscmd\s+config\b/, idFlags: '-a|--secret_id', secretFlags: '-s|--secret_key' },
];

/**
 * The value given to one of `flags` (`-k v`, `--access-key-secret=v`) and where it starts, or undefined. `separator`:
 * what stands between flag and value (none for mysql's glued `-p…`).
 */
function flagValue(text: string, flags: string, separator = String.raw`(?:=|\s+)`): { value: string; start: number } | undefined {
  const m = new RegExp(String.raw`(?<=\s)(?:${flags})${separator}${argument}`, 'd').exec(text);
  return m === null ? undefined : { value: m[1] ?? '', start: startOf(m, 1) };
}

/** A cloud CLI configured on the command line: critical with its key id beside it, high alone. */
function configFlagSecrets(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const { command, idFlags, secretFlags } of configCommands) {
    if (!command.test(text)) continue;
    const secret = flagValue(text, secretFlags);
    if (secret === undefined || !literalArgument(secret.value)) continue;
    const id = flagValue(text, idFlags);
    const paired = id !== undefined && literalArgument(id.value);
    hits.push({ start: secret.start, end: secret.start + secret.value.length, severity: paired ? 'critical' : 'high' });
  }
  return hits;
}

/**
 * A shell function that sets a variable, called with the secret's name and its value: `set_default_env
 * "ALIYUN_SECRET" "…"`, `export_env "DB_PASSWORD" "…"`. The function's name must say it sets something, so
 * `grep "token" "app.log"` is a search, and one that starts by reading (`read_env_var "DB_PASSWORD" ".env"`) takes the
 * file it reads.
 */
const setterCall =
  /(?<![\w$.-])(?!(?:read|get|load|fetch|check|require|has|is|show|print|ensure|validate|verify)[_-])[A-Za-z_][\w-]{0,40}(?:set|env|export|put|add|conf|config|write|save|store|update|var)[\w-]{0,20}\s+(["'])([A-Za-z_][\w.-]{0,60}(?:password|passwd|pwd|pass|secret|token|api_?key|access_?key|private_?key))\1\s+(["'])([^\s"'\x60]{3,200})\3/dgi;

/** Rated like the assignments they stand for: a generated value high, a typed one weak, a fixture in a test unreported. */
function setterCallSecrets(text: string, file: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const m of text.matchAll(setterCall)) {
    const value = m[4] ?? '';
    const strong = strongLiteral(value);
    if (!strong && !weakValue(value)) continue;
    const start = startOf(m, 4);
    hits.push({ start, end: start + value.length, severity: isTestFile(file) ? 'unreported' : strong ? 'high' : 'medium' });
  }
  return hits;
}

/** A database client and the flag that takes its password. */
interface DatabaseClient {
  readonly command: RegExp;
  readonly passwordFlag: string;
}

const databaseClients: readonly DatabaseClient[] = [
  // Glued only: `-p` followed by a space makes mysql prompt, and the next word is the database's name.
  { command: /(?<![\w.-])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump)(?:\.exe)?\s/, passwordFlag: String.raw`-p(?=\S)|--password=` },
  { command: /(?<![\w.-])(?:mongosh|mongo|mongodump|mongorestore|mongoexport|mongoimport)(?:\.exe)?\s/, passwordFlag: String.raw`(?:-p|--password)(?:=|\s+)` },
  { command: /(?<![\w.-])redis-cli(?:\.exe)?\s/, passwordFlag: String.raw`(?:-a|--pass)\s+` },
];

/** The host a client is pointed at (`-h 47.…`, `-h127.0.0.1`, `--host=…`), or undefined. */
function clientHost(text: string): string | undefined {
  return flagValue(text, String.raw`-h\s*|--host(?:=|\s+)`, '')?.value.replace(/:\d+$/, '');
}

/**
 * A public host makes any password a way in (critical). Otherwise a generated one is high and a typed one medium; a
 * stock one (`-p123456`, `-proot`), one naming its setup (`-a Redis@Local999!` in a local deployment guide), one for a
 * documentation host, or one in a test is a stand-in: masked, not reported.
 */
function clientPasswordRating(password: string, host: string | undefined, file: string): HitRating | undefined {
  const kind = host === undefined ? undefined : hostKind(host);
  if (kind === 'public') return 'critical';
  if (kind === 'example' || isTestFile(file) || isPlaceholder(password) || namesItsSetup(password)) return 'unreported';
  if (strongLiteral(password)) return 'high';
  return weakValue(password) ? 'medium' : undefined;
}

/** A Windows batch file's variable, expanded at once or delayed (`-p%DB_PASS%`, `-p!DB_PASS!`). */
const batchVariable = /^(?:%[A-Za-z_]\w*%|![A-Za-z_]\w*!)/;

/**
 * Not a variable or a template (`$MYSQL_PWD`, `<密码>`, `***`), also behind an escaped quote (`-a \"$REDIS_PASSWORD\"`
 * inside a compose healthcheck's string), not words naming a password (`-p old_password` in a guide), not the next flag
 * after a `-p` that prompts (`mongosh -p --quiet`), not a port mapping (`-p3306:3306` after a container named `mysql`).
 */
function clientPassword(value: string): boolean {
  // Compose writes a shell's `$` as `$$` (`-p"$$MYSQL_ROOT_PASSWORD"` in a healthcheck); `$2` is a script's argument.
  if (isTemplate(value) || isVariableName(value) || batchVariable.test(value) || /^\$\$[A-Za-z_]|^\$\d$/.test(value) || /^[a-z_-]*(?:password|passwd|pwd)$/i.test(value)) return false;
  // Punctuation only is the string's end (`"mysql -uroot -p",` in a package.json description), not a password.
  return !/^[-\\]/.test(value) && !/^\d+:\d+/.test(value) && /[A-Za-z0-9]/.test(value);
}

/** A password given to a database client on its command line, rated by the host the command names. */
function databaseClientSecrets(text: string, file: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const { command, passwordFlag } of databaseClients) {
    const at = command.exec(text);
    if (at === null) continue;
    const args = text.slice(at.index);
    const password = flagValue(args, passwordFlag, '');
    if (password === undefined || !clientPassword(password.value)) continue;
    const severity = clientPasswordRating(password.value, clientHost(args), file);
    if (severity === undefined) continue;
    const start = at.index + password.start;
    hits.push({ start, end: start + password.value.length, severity });
  }
  return hits;
}

export const commandLineSecret: Rule = {
  id: 'command-line-secret',
  description: bi(
    'Key or password passed to a command as an argument (mc alias set, ossutil/aliyun/coscmd config, a shell function setting a secret, mysql/mongosh/redis-cli)',
    '作为命令参数传入的密钥或密码（mc alias set、ossutil/aliyun/coscmd config、设置密钥的 shell 函数、mysql/mongosh/redis-cli）',
  ),
  severity: 'high',
  category: 'secret',
  // Not a catch-all: a vendor's own rule, listed before it, names the same value better (`--access-key-secret` is also
  // an `aliyun-access-key-secret`) and takes it; generic-secret's `--password=…` gives way to the host-rated hit here.
  keywords: [
    'alias set', 'host add', 'ossutil', 'aliyun configure', 'coscmd',
    'mysql -', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mariadb', 'mongosh', 'mongo ', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'redis-cli',
    'password" ', "password' ", 'passwd" ', "passwd' ", 'pwd" ', "pwd' ", 'pass" ', "pass' ", 'secret" ', "secret' ", 'token" ', "token' ", 'key" ', "key' ",
  ],
  find(line: LineView): RuleHit[] {
    return [
      ...minioAliasSecrets(line.text),
      ...configFlagSecrets(line.text),
      ...setterCallSecrets(line.text, line.file),
      ...databaseClientSecrets(line.text, line.file),
    ];
  },
};
