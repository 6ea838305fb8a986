import { bi } from '../../core/text.js';
import { regexFind, type LineView, type Rule } from '../rule.js';
import { hasTypingRun, isConfigFile, isObjectId, isPlaceholder, looksGenerated } from '../values.js';
import { calledMadeUp, near } from './names.js';

/** A name that says it holds an AES, SM4 or 3DES key: `AES_KEY`, `aesKey`, `encryptKey`, `CIPHER_KEY`, `C_3DES_Key`. */
const cipherKeyName = /(?:aes|sm4|3des|des3|desede|tripledes|crypt|cipher)\w*key$/;
/** A file or nearby text about AES: `AesUtil.java`, `Cipher.getInstance("AES/CBC/PKCS5Padding")`, `// AES 加密`. */
const aesContext = /\bAES\b|aes[_/-]|Aes[A-Z]|crypt|cipher/i;

/**
 * True when a literal of 16, 24 or 32 characters (AES-128, -192, -256), or an EncodingAESKey's 43, is an encryption
 * key: named so, or named a bare `KEY` in a file or beside code about AES. A `KEY` elsewhere is a cache or map key.
 */
function holdsCipherKey(name: string, line: LineView, index: number): boolean {
  const words = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (cipherKeyName.test(words)) return true;
  return words === 'key' && (aesContext.test(line.file.slice(line.file.lastIndexOf('/') + 1)) || aesContext.test(near(line, index, 6)));
}

export const aesKey: Rule = {
  id: 'aes-key',
  description: bi('AES, SM4 or 3DES key hard-coded as a string (KEY = "…16/24/32 characters…" in an encryption class)', '硬编码为字符串的 AES、SM4 或 3DES 密钥（加密类中的 KEY = "16/24/32 位字符"）'),
  severity: 'high',
  category: 'secret',
  // The name is often a bare `KEY`: the rule wakes on the AES code around it.
  keywords: ['aes_', 'aes-', 'aes.', 'aes/', 'aes"', "aes'", 'aes ', 'aesk', 'aesu', 'aese', 'aesd', 'aesc', 'sm4k', 'crypt', 'cipher', '3des', 'des3', 'desede'],
  reach: 6,
  // Also 43 letters and digits: WeChat's and WeCom's EncodingAESKey, a 32-byte key in base64 without its `=`.
  // In a configuration file also unquoted, to the end of the line (`yunzhanghu.3des_key= …` in a `.properties`).
  find: regexFind(/(?<![\w$])([A-Za-z_$0-9][\w$]{0,40})["']?\s{0,4}[:=]\s{0,4}(?:@|b)?(["']?)([^\s"'\\]{16}(?:[^\s"'\\]{8}){0,2}|[A-Za-z0-9]{43})\2(?:(?<=["'])|(?=\s*(?:#.*)?$))/, {
    group: 3,
    validate: (value, line, m) =>
      (m[2] !== '' || isConfigFile(line.file)) &&
      !isPlaceholder(value) && !hasTypingRun(value) && !/^\d+$/.test(value) && !isObjectId(value) && holdsCipherKey(m[1] ?? '', line, m.index) && !calledMadeUp(line, m.index + m[0].length),
    // A key someone typed (`shopAesKey202401`) is weak; a generated one works as well as any.
    rate: (value) => (looksGenerated(value) ? 'high' : 'medium'),
  }),
};
