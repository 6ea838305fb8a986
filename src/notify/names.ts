/** Every notifier kind golive knows (the plan's `notifications[].type`); each has a folder and a line in registry.ts. */
export const notifierKindNames = ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook'] as const;
export type NotifierKindName = (typeof notifierKindNames)[number];
