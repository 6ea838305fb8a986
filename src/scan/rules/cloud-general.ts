import { bi } from '../../core/text.js';
import { regexFind, type Rule } from '../rule.js';
import { base64UrlJson, isExpiredJwt, randomValue } from '../values.js';

export const awsAccessKeyId: Rule = {
  id: 'aws-access-key-id',
  description: bi('AWS access key ID', 'AWS 访问密钥 ID'),
  // An id alone opens nothing: its secret makes the credential (reported as critical on its own).
  severity: 'high',
  category: 'secret',
  keywords: ['akia', 'asia', 'abia', 'acca'],
  find: regexFind(/(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/, {
    validate: (v) => randomValue(2.8)(v.slice(4)),
  }),
};

export const awsSecretAccessKey: Rule = {
  id: 'aws-secret-access-key',
  description: bi('AWS secret access key', 'AWS 秘密访问密钥'),
  severity: 'critical',
  category: 'secret',
  keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'aws-secret', 'awssecret'],
  find: regexFind(
    /(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?)[\w.-]{0,10}["'\]]{0,2}\s{0,4}(?:=|:=?|=>)\s{0,4}["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    { group: 1, validate: randomValue(4.0, 2) },
  ),
};

export const githubToken: Rule = {
  id: 'github-token',
  description: bi('GitHub token (personal, OAuth, app or fine-grained)', 'GitHub 令牌（个人、OAuth、应用或细粒度）'),
  severity: 'critical',
  category: 'secret',
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  find: regexFind(/(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/, {
    validate: (v) => randomValue(3.0)(v.slice(v.indexOf('_') + 1)),
  }),
};

export const slackToken: Rule = {
  id: 'slack-token',
  description: bi('Slack token', 'Slack 令牌'),
  severity: 'critical',
  category: 'secret',
  keywords: ['xoxa', 'xoxb', 'xoxp', 'xoxo', 'xoxr', 'xoxs', 'xoxe', 'xapp'],
  find: regexFind(
    /(?<![A-Za-z0-9-])(?:xox[abposre]-(?:[0-9]{6,15}-){1,3}[A-Za-z0-9-]{12,200}|xapp-[0-9]-[A-Z0-9]{8,14}-[0-9]{8,15}-[A-Za-z0-9]{32,80})(?![A-Za-z0-9-])/,
    { validate: (v) => randomValue(3.0)(v.slice(v.lastIndexOf('-') + 1)) },
  ),
};

export const slackWebhook: Rule = {
  id: 'slack-webhook',
  description: bi('Slack incoming webhook URL', 'Slack 传入 Webhook 地址'),
  severity: 'high',
  category: 'secret',
  keywords: ['hooks.slack.com'],
  find: regexFind(/https:\/\/hooks\.slack\.com\/((?:services|workflows|triggers)\/[A-Za-z0-9/_+-]{20,200})/, {
    group: 1,
    validate: (v) => randomValue(3.0)(v.slice(v.lastIndexOf('/') + 1)),
  }),
};

export const jsonWebToken: Rule = {
  id: 'jwt',
  description: bi('JSON Web Token (signed, not expired)', 'JSON Web Token（已签名、未过期）'),
  severity: 'high',
  category: 'secret',
  keywords: ['.eyj'],
  find: regexFind(/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{4,16000}\.[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_-])/, {
    validate: (v) => {
      const [header, payload] = v.split('.');
      const h = base64UrlJson(header ?? '');
      if (typeof h !== 'object' || h === null || !('alg' in h || 'typ' in h)) return false;
      const claims = base64UrlJson(payload ?? '');
      if (typeof claims !== 'object' || claims === null || isExpiredJwt(v)) return false;
      return randomValue(3.0)(v);
    },
  }),
};
