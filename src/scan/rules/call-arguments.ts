import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule } from '../rule.js';
import { isPlaceholder, isTemplate, randomValue } from '../values.js';
import { callAround } from './names.js';

/** Constructors and factories of an API client's settings: `new YlyConfig(…)`, `new Credential(…)`, `OAuth(…)`. */
const clientCallee = /(?:Config|Configuration|Credentials?|Auth|OAuth)$/;
/** The arguments before the value end in an id written as a literal: an app or client id, then the value. */
const afterIdLiteral = /["'\x60](?:\d{5,20}|wx[0-9a-f]{16}|[A-Za-z][\w-]{3,39})["'\x60]\s{0,80},\s{0,80}["'\x60]$/;

/** Words joined in camel case (`onMenuShareAppMessage`, a JS-SDK API's name in `getWxConfig([…])`): a name, not a secret. */
const camelCaseWords = /^[a-z]+(?:[A-Z][a-z]+)+$/;

/**
 * True when the literal at `index` is the argument after an id literal in a client's settings constructor: SDKs take
 * an id and its secret as two positional arguments (`new YlyConfig("<client id>", "<client secret>")`).
 */
function secretAfterId(line: LineView, index: number): boolean {
  const call = callAround(line, index);
  if (call === undefined) return false;
  const callee = call.callee.replace(/^new\s+/, '');
  return clientCallee.test(callee.slice(callee.lastIndexOf('.') + 1)) && afterIdLiteral.test(call.argsBefore);
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
  keywords: ['config(', 'configuration(', 'credential(', 'credentials(', 'auth('],
  // The call opens on the keyword's line; its arguments may follow on the next two.
  reachAfter: 2,
  find: regexFind(/(?<=["'\x60])[A-Za-z0-9_-]{20,64}(?=["'\x60])/, {
    validate: (value, line, m) => randomValue(3.5, 2)(value) && !isPlaceholder(value) && !camelCaseWords.test(value) && secretAfterId(line, m.index),
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
