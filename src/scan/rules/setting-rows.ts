import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule } from '../rule.js';
import { isPlaceholder, isPublicKey, isTemplate, isTestFile } from '../values.js';
import { strongLiteral } from './keys-and-urls.js';
import { indentOf } from './names.js';

/**
 * A setting stored as a record of its own, its name in one field and its value in another: uniCloud's
 * `opendb-config` seed (`{ "key": "wxSecret", "name": "微信密钥", "val": "…" }`), an admin's settings array
 * (`{ key: 'appSecret', value: '…' }`). No line says `secret = …`, so the name-based rules never see the value.
 */
const valueField = /(?<![\w$])["']?(?:val|value)["']?\s{0,4}[:=]>?\s{0,4}(["'])([^"'\s]{8,200})\1/;
/** The field naming the setting: `"key": "wxSecret"`, `name: 'app_secret'`, `'code' => 'mch_key'`. */
const nameField = /(?<![\w$])["']?(?:key|name|code|field|config_?key|option_?name)["']?\s{0,4}(?:[:=]|=>)\s{0,4}["']([\w.-]{2,64})["']/g;
/**
 * Setting names that hold a secret; `*_id`, `*_url` and the like only speak of one, and an `AppKey` is usually the
 * public half of a pair (JPush's, beside its MasterSecret).
 */
const secretSetting = /secret|passw(?:or)?d|(?:^|[_.-])pwd$|(?:^|[_.-]|[a-z](?=[A-Z]))(?:api|mch|pay|partner|private|sign|access)[_.-]?key$|^(?:api|mch)key$/i;
const aboutASetting = /(?:id|url|uri|path|file|name|type|time|expire[sd]?|len|length|salt|tip|label|title)$/i;

/** How far before its value, on the same line, a record's name field may be. */
const ownRecordChars = 240;

const valueFields = new RegExp(valueField.source, 'g');

/** Where the last value field written in `text` ends (0 when there is none). */
function lastValueFieldEnd(text: string): number {
  let end = 0;
  for (const m of text.matchAll(valueFields)) end = (m.index ?? 0) + m[0].length;
  return end;
}

/** How far above its value a record's name field may be: the record's own lines (FastAdmin's name, title, type, content, rule …). */
const recordReach = 8;

/** The secret-naming field among the name fields written on `text`. */
function secretNameIn(text: string): string | undefined {
  for (const m of text.matchAll(nameField)) {
    const name = m[1] ?? '';
    if (secretSetting.test(name) && !aboutASetting.test(name)) return name;
  }
  return undefined;
}

/**
 * The secret-naming setting of the record a value field is in: on its line before it, or on the record's own lines
 * above, those indented like it. A line indented deeper is a nested value (FastAdmin's `'content' => array (…)`); one
 * indented less opens the record (its name may stand there: `{ key: 'appSecret',`), and the walk stops there, as it
 * does at another record's value (Spring XML's `<property name="…" value="…"/>`, one a line).
 */
function recordSetting(line: LineView, at: number): string | undefined {
  // On its own line, the record is the text since the previous value field (a minified file's line holds many).
  const before = line.text.slice(Math.max(0, at - ownRecordChars), at);
  const own = secretNameIn(before.slice(lastValueFieldEnd(before)));
  if (own !== undefined) return own;
  const indent = indentOf(line.text);
  for (const text of line.before(recordReach).reverse()) {
    if (text.trim() === '' || indentOf(text) > indent) continue;
    if (valueField.test(text)) return undefined;
    const named = secretNameIn(text);
    if (named !== undefined || indentOf(text) < indent) return named;
  }
  return undefined;
}

export const settingRowSecret: Rule = {
  id: 'setting-row-secret',
  description: bi(
    'Secret stored as a settings record: a field naming a secret (key: "wxSecret") and its value beside it',
    '以配置记录保存的密钥：一个字段写密钥名（如 key: "wxSecret"），旁边的字段写它的值',
  ),
  severity: 'high',
  category: 'secret',
  // Woken by the name, which holds a word other rules wake on too, not by `value`: a word in most files, which would
  // send them all past the prefilter.
  keywords: ['secret', 'password', 'passwd', 'apikey', 'api_key', 'appkey', 'app_key', 'accesskey', 'access_key', 'mchkey', 'mch_key', 'privatekey', 'private_key', 'signkey', 'sign_key'],
  // The value field follows the name field within the record.
  reachAfter: recordReach,
  find: regexFind(valueField, {
    group: 2,
    validate: (value, line, m) => {
      if (isTestFile(line.file) || isTemplate(value) || isPlaceholder(value) || isPublicKey(value) || !strongLiteral(value)) return false;
      // An XML schema's facet (`<xs:minInclusive value="…"/>`, `<xs:pattern value="…"/>` in a WSDL) constrains a type.
      if (/<x(?:s|sd):\w+\s[^<>]*$/.test(line.text.slice(Math.max(0, m.index - 120), m.index))) return false;
      return recordSetting(line, m.index) !== undefined;
    },
    // An AppSecret or a merchant key works as it is, with the AppID or merchant id the same records hold.
    rate: (_value, line, m) => (/app[_.-]?secret|wx[_.-]?secret|mch|partner|pay/i.test(recordSetting(line, m.index) ?? '') ? 'critical' : undefined),
  }),
};
