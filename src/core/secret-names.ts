/**
 * Which names hold credentials. One rule for plan variables, env files, container env, command output,
 * HTTP bodies and headers and metric labels, so a value is a secret wherever its name says so.
 */

/** Words that make a name a credential: `DB_PASSWORD`, `apiKey`, `X-Auth-Token`, `ALIYUN_SK`. */
const credentialWords = new Set([
  'pass', 'password', 'passwd', 'passphrase', 'pwd', 'pw', 'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey',
  'credential', 'credentials', 'ak', 'sk', 'dsn', 'webhook', 'authorization', 'cookie', 'salt', 'privatekey', 'accesskey', 'secretkey',
  'sig', 'sign', 'signature',
]);
/** Word prefixes for run-together names: `PASSWD2`, `SECRETVALUE`, `TOKENHASH`. */
const credentialPrefixes = ['passw', 'secret', 'token', 'credential'];
/**
 * A last word that makes the name about the credential, not the credential itself: `ACCESS_KEY_ID` is a public id,
 * `TOKEN_URL` an address, `KEY_FILE` a path, `PASSWORD_MIN_LENGTH` a number.
 */
const descriptiveTails = new Set([
  'id', 'ids', 'name', 'names', 'file', 'path', 'dir', 'type', 'size', 'len', 'length', 'count', 'url', 'uri', 'endpoint', 'region',
  'version', 'ttl', 'expiry', 'expires', 'expire', 'age', 'policy', 'header', 'algorithm', 'alg', 'format', 'enabled', 'required', 'hint', 'prefix',
]);

/** Splits `DB_PASSWORD`, `apiKey`, `x-auth-token`, `redis.pass` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** True when a variable's, field's, header's or label's name says it holds a credential. */
export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (last === undefined || (words.length > 1 && descriptiveTails.has(last))) return false;
  return words.some((word) => credentialWords.has(word) || credentialPrefixes.some((prefix) => word.startsWith(prefix)));
}
