import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { crypto } from './crypto-lib.js';

/**
 * The environment variable holding the team's fingerprint key. Baselines are committed; the key is not: it lives where
 * the team keeps secrets (a CI secret, each member's shell or direnv), so a weak password in a committed baseline cannot
 * be guessed back from its fingerprint by someone who only has the repository.
 */
export const scanKeyVariable = 'GOLIVE_SCAN_KEY';
const minKeyLength = 16;

const keyHelp = bi(
  `Set ${scanKeyVariable} to a random value your team shares (e.g. \`openssl rand -hex 32\`), kept out of the repository: a CI secret and each member's environment.`,
  `请把 ${scanKeyVariable} 设为团队共享的随机值（例如 \`openssl rand -hex 32\`），不要提交到仓库：放在 CI 密钥和每位成员的环境变量中。`,
);

/** The fingerprint key from an environment, checked; undefined when the variable is unset. */
export function scanKeyFrom(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[scanKeyVariable];
  if (key === undefined || key === '') return undefined;
  if (key.length < minKeyLength) {
    throw new GoliveError(
      'scan.key-too-short',
      bi(`${scanKeyVariable} is shorter than ${minKeyLength} characters. ${keyHelp.en}`, `${scanKeyVariable} 少于 ${minKeyLength} 个字符。${keyHelp.zh}`),
    );
  }
  return key;
}

/** The key, or a usage error saying how to set one: a baseline cannot be written or read without it. */
export function requireScanKey(key: string | undefined, file: string): string {
  if (key !== undefined) return key;
  throw new GoliveError('scan.baseline-key-missing', bi(`Baseline ${file} needs a fingerprint key. ${keyHelp.en}`, `基线 ${file} 需要指纹密钥。${keyHelp.zh}`));
}

/** A short public name for a key: an HMAC of a fixed text, so it reveals nothing about the key. */
export function keyId(key: string): string {
  return crypto().createHmac('sha256', key).update('golive scan baseline key id').digest('hex').slice(0, 16);
}
