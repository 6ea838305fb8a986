import { dingtalkKind } from './dingtalk/index.js';
import { feishuKind } from './feishu/index.js';
import type { NotifierKindName } from './names.js';
import type { NotifierKind } from './notifier.js';
import { slackKind } from './slack/index.js';
import { webhookKind } from './webhook/index.js';
import { wecomKind } from './wecom/index.js';

export { notifierKindNames, type NotifierKindName } from './names.js';

/** Every notifier kind; adding one is its folder plus one line here (and its name in names.ts). */
export const notifierKinds = {
  wecom: wecomKind,
  dingtalk: dingtalkKind,
  feishu: feishuKind,
  slack: slackKind,
  webhook: webhookKind,
} satisfies Record<NotifierKindName, NotifierKind>;
