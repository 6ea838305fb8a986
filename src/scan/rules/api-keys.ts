import { bi } from '../../core/text.js';
import { regexFind, type Rule } from '../rule.js';
import { isPlaceholder, randomValue } from '../values.js';

/** `sk-` and one letter or digit: four bytes each, so the keyword prefilter keeps its fast path (`sk-` alone has three). */
const skPrefixes = [...'0123456789abcdefghijklmnopqrstuvwxyz'].map((c) => `sk-${c}`);

/** Six characters counting up (`123456`, `abcdef`): a person typing a sample key, not a generator. */
function countsUp(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return false;
}

/**
 * A generated key body: letters and digits mixed, random, not a placeholder or a sample typed by hand. A typed key's
 * body is base64url, so it has both cases too (a slug such as `sk-proj-2024-annual-report-…` has one).
 */
function generatedBody(body: string, typed: boolean): boolean {
  if (!/[0-9]/.test(body) || !/[a-z]/i.test(body) || (typed && !(/[a-z]/.test(body) && /[A-Z]/.test(body)))) return false;
  return randomValue(3.0)(body) && !countsUp(body);
}

/**
 * SiliconFlow's key body: 48 lower-case letters, no digits. Random letters, not words run together: a vowel in every
 * five letters or so, where text has one in three.
 */
function randomLetters(body: string): boolean {
  if (!/^[a-z]{48}$/.test(body) || countsUp(body)) return false;
  return (body.match(/[aeiou]/g)?.length ?? 0) <= 16 && randomValue(4.0)(body);
}

/** The key types OpenAI and Anthropic write after `sk-`; their bodies also hold `_` and `-`. */
const keyType = /^sk-(?:(?:proj|svcacct|admin|ant-api\d{2}|ant-admin\d{2})-)?/;

export const llmApiKey: Rule = {
  id: 'llm-api-key',
  description: bi(
    'OpenAI-style API key (sk-…: OpenAI, DeepSeek, Qwen/DashScope, Moonshot, SiliconFlow, Anthropic)',
    'OpenAI 风格的 API Key（sk-…：OpenAI、DeepSeek、通义千问/DashScope、Moonshot、硅基流动、Anthropic）',
  ),
  // A bearer key works on its own from anywhere, like a GitHub token: whoever holds it spends the account's money.
  severity: 'critical',
  category: 'secret',
  keywords: skPrefixes,
  // `sk-` then 32+ letters and digits (DeepSeek, DashScope: 32 hex; Moonshot, legacy OpenAI: 48; SiliconFlow: 48
  // lower-case letters), or a typed key (`sk-proj-…`), never inside a word (`desk-`, `task-`) or a slug (`sk-…-more`).
  find: regexFind(
    /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|ant-api\d{2}|ant-admin\d{2})-[A-Za-z0-9_-]{32,300}|[A-Za-z0-9]{32,200})(?![A-Za-z0-9_-])/,
    {
      validate: (key) => {
        const prefix = keyType.exec(key)?.[0] ?? '';
        const body = key.slice(prefix.length);
        return generatedBody(body, prefix.length > 'sk-'.length) || (prefix === 'sk-' && randomLetters(body));
      },
    },
  ),
};

export const sonarToken: Rule = {
  id: 'sonar-token',
  description: bi('SonarQube / SonarCloud token', 'SonarQube / SonarCloud 令牌'),
  // It opens a code-quality server (analyses, a private project's source there), not the code host or an account.
  severity: 'high',
  category: 'secret',
  keywords: ['sonar.login', 'sonar.token', 'sonar_login', 'sonar_token', 'sonar-token', 'squ_', 'sqp_', 'sqa_'],
  // A typed token (`squ_`, `sqp_`, `sqa_` + 40 hex) anywhere, or an old one (40 hex) given as `-Dsonar.login=…`,
  // `sonar.token=…` or `SONAR_TOKEN=…`; `sonar.login=admin` with `sonar.password` is a user name.
  find: regexFind(
    /(?:sonar[._-]?(?:login|token)["']?\s{0,4}[=:]\s{0,4}["']?|(?<![A-Za-z0-9_])(?=sq[upa]_))((?:sq[upa]_)?[0-9a-f]{40})(?![A-Za-z0-9_])/i,
    { group: 1, validate: (token) => randomValue(3.0)(token.replace(/^sq[upa]_/i, '')) },
  ),
};

export const difyApiKey: Rule = {
  id: 'dify-api-key',
  description: bi('Dify app API key (app-…)', 'Dify 应用 API Key（app-…）'),
  // A bearer key for one Dify app: whoever holds it runs the app on the owner's model quota.
  severity: 'high',
  category: 'secret',
  // `app-` alone is in every stylesheet (`app-header`): the name Dify, within 6 lines, wakes the rule.
  keywords: ['dify'],
  reach: 6,
  find: regexFind(/(?<![A-Za-z0-9_-])app-[A-Za-z0-9]{24}(?![A-Za-z0-9_-])/, {
    validate: (key) => {
      const body = key.slice('app-'.length);
      return /[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body) && randomValue(3.5)(body) && !isPlaceholder(body);
    },
  }),
};

/** `ms-` and one hex digit: four bytes, so the prefilter keeps its fast path. */
const msPrefixes = [...'0123456789abcdef'].map((c) => `ms-${c}`);

export const modelScopeToken: Rule = {
  id: 'modelscope-token',
  description: bi('ModelScope (魔搭) API-Inference token (ms-…)', '魔搭 ModelScope API-Inference 访问令牌（ms-…）'),
  // A bearer token of a ModelScope account: whoever holds it calls the models on that account's quota.
  severity: 'high',
  category: 'secret',
  keywords: msPrefixes,
  // `ms-` and a UUID, never after a word or a stylesheet's vendor prefix (`-ms-flex`).
  find: regexFind(/(?<![A-Za-z0-9_-])ms-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9_-])/, {
    validate: (token) => randomValue(3.0)(token.slice('ms-'.length).replace(/-/g, '')) && !isPlaceholder(token),
  }),
};
