import { z } from 'zod';
import type { BaseCheck } from '../checks/base.js';
import { checkKinds } from '../checks/registry.js';
import { notifierKindNames } from '../notify/names.js';
import { scanConfigSchema } from '../scan/config.js';
import { conditionField, durationField, idField, persistenceField } from '../core/fields.js';

export const priorities = ['blocker', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** The document's own mark on an item when it was imported (`- [x]`, `✅`, `❌`, `⚠️`). */
export const documentStatuses = ['todo', 'done', 'failed', 'warn'] as const;

/** Phases a plan gets when it declares none, in launch order. */
export const defaultPhases = [
  { id: 'prepare', title: 'Prepare / 上线前准备' },
  { id: 'deploy', title: 'Deploy / 部署执行' },
  { id: 'verify', title: 'Verify / 上线验证' },
  { id: 'gray', title: 'Gray release / 灰度发布' },
  { id: 'post-launch', title: 'Post-launch / 上线后' },
] as const;

/** A variable: a plain value, or a declaration with a default, a description and whether it is a secret. */
const variableField = z.union([
  z.string(),
  z.number().transform(String),
  z.boolean().transform(String),
  z.strictObject({
    value: z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]).optional().describe('Default value'),
    description: z.string().optional(),
    secret: z.boolean().optional().describe('Redact this value everywhere golive writes (evidence, reports, logs)'),
    required: z.boolean().optional().describe('golive check asks for it (or fails naming it) when it has no value'),
    example: z.string().optional().describe('An example value, shown when golive asks for it'),
  }),
]);

const variablesField = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _'), variableField);

const environmentSchema = z.strictObject({
  title: z.string().optional(),
  description: z.string().optional(),
  variables: variablesField.optional().describe('Overrides of plan variables for this environment'),
  envFiles: z.array(z.string()).optional().describe('dotenv files whose values become variables (paths relative to the plan)'),
});

const roleSchema = z.strictObject({
  id: idField,
  title: z.string().optional().describe('Role name, e.g. 技术负责人 / Tech lead'),
  name: z.string().optional().describe('The person, e.g. 张工'),
  duties: z.string().optional().describe('What this role does in the launch'),
  signoff: z.boolean().optional().describe('This role must sign the run before the gate can pass'),
});

const categorySchema = z.strictObject({
  id: idField,
  title: z.string().optional(),
  weight: z.number().nonnegative().optional().describe('Weight in the overall score (default 1)'),
  claimedScore: z.number().min(0).max(10).optional().describe('A score the source document stated (kept as its claim, never used by the gate)'),
});

const phaseSchema = z.strictObject({
  id: idField,
  title: z.string().optional(),
  window: z.string().optional().describe('When this phase happens, e.g. T-7..T-1, T 10:00-10:30, T+0..T+7'),
});

/** Any registered check kind; an unknown `kind` is reported by lint with the list of known ones. */
const kindSchemas = Object.values(checkKinds).map((kind) => kind.schema);

/** A check as the plan holds it: the base fields every kind has, plus the kind's own. */
export type PlanCheck = BaseCheck & Readonly<Record<string, unknown>>;

export const checkField = z
  .discriminatedUnion('kind', kindSchemas as unknown as [z.ZodObject, ...z.ZodObject[]])
  .describe('An automated check: { kind, ...the kind\'s fields, expect: [conditions] }') as unknown as z.ZodType<PlanCheck, unknown>;

const manualField = z.union([
  z.string().min(1),
  z.strictObject({
    method: z.string().min(1).describe('How a person verifies it'),
    expected: z.string().optional().describe('What they should see'),
  }),
]);

const sourceField = z.strictObject({
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
});

export const itemSchema = z.strictObject({
  id: idField,
  title: z.string().min(1),
  phase: idField.optional().describe('Phase id (default: the first phase)'),
  category: idField.optional().describe('Category id (default: general)'),
  priority: z.enum(priorities).optional().describe('blocker | high | medium | low (default medium)'),
  owner: idField.nullable().optional().describe('Role id responsible for the item'),
  check: checkField.nullable().optional().describe('An automated check (null: none yet)'),
  manual: manualField.optional().describe('A verification a person does: the method and the expected result'),
  proposed: z.boolean().optional().describe('The check was proposed by `golive import` and still needs a review'),
  window: z.string().optional().describe('Time window, e.g. T-1d, T 10:00-10:30, T+0..T+7'),
  estimate: z.string().optional().describe('Effort estimate, e.g. 5-7d'),
  source: sourceField.optional().describe('Where the item came from (file and line)'),
  locations: z.array(z.string()).optional().describe('Code locations the item is about, e.g. backend/controllers/order.js:238'),
  why: z.string().optional().describe('What goes wrong when this is missed'),
  details: z.array(z.string()).optional().describe('Notes and sub-steps'),
  status: z.enum(documentStatuses).optional().describe('The source document\'s own mark (imported)'),
  depends_on: z.array(idField).optional().describe('Items that must pass first; otherwise this one is skipped'),
  tags: z.array(z.string()).optional(),
});

const rolloutStageSchema = z.strictObject({
  id: idField.optional(),
  percent: z.number().min(0).max(100).describe('Share of users on the new version'),
  hold: durationField.optional().describe('How long to watch before the next stage'),
  guard: z.array(conditionField).optional().describe('Conditions over monitors that must hold to go on'),
  action: checkField.optional().describe('How the percentage is set: a command (Nginx/Caddy weights, a feature flag) or an http call; it must pass'),
  manual: z.string().optional().describe('The console step a person does and confirms (mini-program 分阶段发布 has no API)'),
  confirm: z.boolean().optional().describe('After the hold, wait for `golive rollout promote` instead of going on by itself'),
  source: sourceField.optional(),
});

const rollbackTriggerSchema = z
  .strictObject({
    id: idField.optional(),
    condition: conditionField.optional().describe('Condition over monitors, e.g. error_rate > 1% (required unless manual)'),
    for: persistenceField.optional().describe('How long the condition must hold before it triggers: a duration (10m), or 3x for three consecutive evaluations with data (no data neither counts nor resets)'),
    description: z.string().optional(),
    manual: z.boolean().optional().describe('A person judges this trigger (e.g. a P0 defect); golive only lists it'),
    source: sourceField.optional(),
  })
  .refine((trigger) => trigger.condition !== undefined || trigger.manual === true, {
    message: 'a rollback trigger needs a condition, or manual: true when a person judges it',
  });

const actionSchema = z.strictObject({
  notify: z.array(z.string()).optional().describe('Notification channel ids'),
  pause: z.boolean().optional().describe('Pause the rollout'),
  run: z.array(z.string()).optional().describe('Command to run (argv), e.g. the rollback script'),
  auto: z.boolean().optional().describe('Run the rollback command without waiting for a person (`golive rollout abort`) to confirm'),
});

const rolloutSchema = z.strictObject({
  stages: z.array(rolloutStageSchema).optional(),
  rollbackWhen: z.array(rollbackTriggerSchema).optional(),
  onTrigger: actionSchema.optional().describe('What to do when a rollback trigger fires'),
  rollbackSteps: z.array(z.string()).optional().describe('The rollback procedure, step by step'),
  interval: durationField.optional().describe('How often guards and rollback triggers are evaluated (default 30s)'),
  onInconclusive: z.enum(['wait', 'pause', 'proceed']).optional().describe('When a guard has no data (no traffic yet): wait (extend the hold, default), pause, or proceed'),
});

const monitorSchema = z.strictObject({
  id: idField,
  metric: z.string().min(1).describe('What is measured, e.g. 错误率 / error rate'),
  threshold: conditionField.optional().describe('Healthy when this holds, over `value`, e.g. value <= 1%'),
  check: checkField.optional().describe('How to read the value (e.g. a prometheus query); without `threshold`, the check\'s own `expect` judges'),
  schedule: z.string().min(1).optional().describe('When it is evaluated: every 1m (default) | every 5m | a cron expression, in the plan\'s time zone'),
  for: persistenceField.optional().describe('How long the threshold must be broken before the alert goes out: a duration (10m), or 3x for three consecutive breaches (default: at once)'),
  clearFor: persistenceField.optional().describe('How long it must be back within the threshold before "resolved" goes out: a duration, or 3x for three consecutive recovered evaluations (default: `for`, at least three evaluations)'),
  clearWhen: conditionField.optional().describe('A stricter condition over `value` it must meet to count as recovered (a margin), e.g. value <= 4% for a threshold of value <= 5%'),
  onInconclusive: z.enum(['keep', 'alert']).optional().describe('No data: keep (default: shown as inconclusive, an open alert stays open, a clean monitor does not alert) or alert (no data counts as a breach)'),
  owner: idField.nullable().optional(),
  notify: z.array(z.string()).optional().describe('Notification channel ids or people'),
  source: sourceField.optional(),
});

const inspectionSchema = z.strictObject({
  id: idField,
  title: z.string().optional(),
  schedule: z.string().min(1).describe('every 1h | daily 09:00 | a cron expression'),
  for: durationField.optional().describe('How long after launch to keep inspecting, e.g. 7d'),
  items: z.array(idField).optional().describe('Items to re-check'),
  checks: z.array(itemSchema).optional().describe('Extra checks only run during inspection'),
  source: sourceField.optional(),
});

const guardSchema = z.strictObject({
  command: z.string().min(1).describe('A command (or prefix) to watch, e.g. docker compose down -v'),
  action: z.enum(['forbid', 'require-gate']).optional().describe('forbid: never run it; require-gate: only after the gate passed'),
  environments: z.array(z.string()).optional(),
  reason: z.string().optional(),
  source: sourceField.optional(),
});

const riskSchema = z.strictObject({
  risk: z.string().min(1),
  probability: z.string().optional(),
  impact: z.string().optional(),
  mitigation: z.string().optional(),
  source: sourceField.optional(),
});

const notificationChannelSchema = z.strictObject({
  id: idField,
  type: z.enum(notifierKindNames).describe('wecom | dingtalk | feishu | slack | webhook (see docs/notifications.md)'),
  url: z.string().min(1).describe('Webhook URL (a credential: use a ${VAR})'),
  secret: z.string().optional().describe('Signing secret for DingTalk/Feishu and the HMAC key of a generic webhook (use a ${VAR})'),
  lang: z.enum(['zh-CN', 'en', 'both']).optional().describe('Language of the messages (default both: Chinese first, then English)'),
  ca: z.string().optional().describe('Extra CA certificate (PEM file, relative to the plan) for a webhook behind a private CA'),
});

const gateSchema = z.strictObject({
  threshold: z.number().min(0).max(10).optional().describe('Minimum overall score (0-10) for the gate to pass (default 8)'),
});

export const planSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).describe('Plan name'),
  description: z.string().optional(),
  claimedScore: z.number().min(0).max(10).optional().describe('The readiness score the source document typed (e.g. 7.2/10), kept as its claim; golive computes its own'),
  variables: variablesField.optional().describe('Values used as ${NAME} anywhere in the plan'),
  environments: z.record(idField, environmentSchema).optional().describe('staging, 准生产 (pre-production), production …'),
  defaultEnvironment: z.string().optional(),
  timezone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone such as Asia/Shanghai')
    .optional()
    .describe('Time zone of inspection schedules (default Asia/Shanghai)'),
  roles: z.array(roleSchema).optional(),
  categories: z.array(categorySchema).optional(),
  phases: z.array(phaseSchema).optional(),
  items: z.array(itemSchema).default([]),
  rollout: rolloutSchema.optional(),
  monitors: z.array(monitorSchema).optional(),
  inspections: z.array(inspectionSchema).optional(),
  guards: z.array(guardSchema).optional(),
  risks: z.array(riskSchema).optional(),
  notifications: z.array(notificationChannelSchema).optional(),
  gate: gateSchema.optional(),
  scan: scanConfigSchema.optional().describe('Repository scan settings: ignore, allow rules, leftovers, forbidden literals (see docs/scan.md)'),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanItem = z.infer<typeof itemSchema>;
export type NotificationTarget = z.infer<typeof notificationChannelSchema>;
export type PlanGuard = z.infer<typeof guardSchema>;
export type PlanInput = z.input<typeof planSchema>;
