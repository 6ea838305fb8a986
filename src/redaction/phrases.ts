import { charClasses } from '../scan/index.js';
import { isSecretValue } from './discover.js';

/**
 * Secrets a person typed in a sentence: `checked with password Zq8v…`, `temp root pw is Wv7t…`, `token: abc…`,
 * `密码 Xy12…`, `密码：Xy12…`, `口令是 …`. Only the word after the phrase is taken, and only when it looks like a credential
 * (mixed characters or long), so `password policy` or `pass the review` stay as they are.
 */
const englishPhrase = /\b(?:password|passwd|passphrase|pwd|pw|pass|token|secret|api[ _-]?key|access[ _-]?key|secret[ _-]?key)\b[ \t]*(?:(?:is|was|=|:|：)[ \t]*)?["'“‘`]?([^\s"'”’`,，。;；]+)/gi;
const chinesePhrase = /(?:密码|口令|令牌|密钥|秘钥)[ \t]*(?:是|为|：|:|=)?[ \t]*["'“‘`]?([^\s"'”’`,，。;；、]+)/g;

/** The values the phrases introduce. */
export function phraseSecrets(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(englishPhrase)) {
    const value = (match[1] ?? '').replace(/[.!?)]+$/, '');
    if (isSecretValue(value) && (charClasses(value) >= 2 || value.length >= 12)) found.push(value);
  }
  for (const match of text.matchAll(chinesePhrase)) {
    const value = (match[1] ?? '').replace(/[.!?)]+$/, '');
    if (isSecretValue(value) && /^[A-Za-z0-9]/.test(value) && (charClasses(value) >= 2 || value.length >= 12)) found.push(value);
  }
  return found;
}
