import { bi } from '../../core/text.js';
import { regexFind, type Rule } from '../rule.js';
import { randomValue } from '../values.js';

export const wecomWebhook: Rule = {
  id: 'wecom-webhook',
  description: bi('WeCom (企业微信) group robot webhook URL with its key', '企业微信群机器人 Webhook 地址（含 key）'),
  severity: 'high',
  category: 'secret',
  keywords: ['qyapi.weixin'],
  find: regexFind(/qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?(?:[\w%=-]{1,64}&){0,4}key=([0-9A-Fa-f-]{36})(?![0-9A-Za-z-])/, {
    group: 1,
    validate: (v) => randomValue(2.8)(v.replaceAll('-', '')),
  }),
};

export const dingtalkWebhook: Rule = {
  id: 'dingtalk-webhook',
  description: bi('DingTalk (钉钉) robot webhook URL with its access token', '钉钉机器人 Webhook 地址（含 access_token）'),
  severity: 'high',
  category: 'secret',
  keywords: ['oapi.dingtalk'],
  find: regexFind(/oapi\.dingtalk\.com\/robot\/send\?(?:[\w%=-]{1,64}&){0,4}access_token=([0-9a-f]{64})(?![0-9A-Za-z])/, {
    group: 1,
    validate: randomValue(3.0),
  }),
};

export const dingtalkSignSecret: Rule = {
  id: 'dingtalk-sign-secret',
  description: bi('DingTalk robot signing secret (SEC…)', '钉钉机器人加签密钥（SEC…）'),
  severity: 'high',
  category: 'secret',
  keywords: ['secret', 'dingtalk', 'dingding', '钉钉', '_sign', 'sign_'],
  reach: 2,
  find: regexFind(/(?<![A-Za-z0-9])SEC[0-9a-f]{64}(?![A-Za-z0-9])/, { validate: (v) => randomValue(3.0)(v.slice(3)) }),
};

export const feishuWebhook: Rule = {
  id: 'feishu-webhook',
  description: bi('Feishu / Lark bot webhook URL with its token', '飞书 / Lark 机器人 Webhook 地址（含 token）'),
  severity: 'high',
  category: 'secret',
  keywords: ['open.feishu', 'open.larksuite'],
  find: regexFind(/open\.(?:feishu\.cn|feishu\.com|larksuite\.com)\/open-apis\/bot\/v2\/hook\/([0-9A-Za-z-]{20,64})(?![0-9A-Za-z-])/, {
    group: 1,
    validate: (v) => randomValue(2.8)(v.replaceAll('-', '')),
  }),
};
