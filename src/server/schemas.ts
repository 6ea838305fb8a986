/** Request bodies and small responses of the API: zod validates them and the OpenAPI document is generated from them. */
import { z } from 'zod';
import { notifierKindNames } from '../notify/names.js';
import { resultStatuses, type ItemResult } from '../core/result.js';
import { runStatuses } from '../store/store.js';
import { comparisonOperators } from '../expect/ast.js';
import { monitorStatuses } from '../orchestrate/monitor/hysteresis.js';
import { monitorDisplayStates, type MonitorsView } from '../service/monitors-view.js';
import { projectRoles, tokenScopes } from './team-store.js';

const username = z.string().trim().min(2).max(64).regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits, . _ @ - only');
const password = z.string().min(12).max(256).describe('At least 12 characters');
const idPart = z.string().min(1).max(100);

export const setupBody = z.strictObject({ secret: z.string().min(10).max(200), username, displayName: z.string().trim().min(1).max(100), password });
export const loginBody = z.strictObject({ username: z.string().max(64), password: z.string().max(256) });

export const userSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string(), isAdmin: z.boolean(), lockedUntil: z.string().nullable(), createdAt: z.string(), active: z.boolean(), deactivatedAt: z.string().nullable() });
export const sessionResponse = z.object({ user: userSchema, csrfToken: z.string().nullable() });
export const setupStatus = z.object({ needed: z.boolean() });

export const newUserBody = z.strictObject({ username, displayName: z.string().trim().min(1).max(100), password, isAdmin: z.boolean().default(false) });
export const userChangeBody = z.strictObject({
  isAdmin: z.boolean().optional(),
  password: password.optional(),
  unlock: z.literal(true).optional(),
  active: z.boolean().optional().describe('false deactivates the account (no sign-in; its sessions end and its tokens are refused at once), true reactivates it'),
});

export const projectIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lowercase letters, digits and -, 2-40 characters');
export const newProjectBody = z.strictObject({ id: projectIdSchema, name: z.string().trim().min(1).max(100) });
export const memberBody = z.strictObject({ role: z.enum(projectRoles).nullable() });
export const planRoleBody = z.strictObject({ userIds: z.array(idPart).max(50) });

export const planUploadBody = z.strictObject({ source: z.string().min(1).max(1_000_000).describe('The golive.yaml text') });
export const importBody = z.strictObject({
  file: z.string().max(200).default('checklist.md').describe('The document name shown in the report'),
  markdown: z.string().min(1).max(1_000_000),
  save: z.boolean().default(false).describe('Store the plan (else only preview the report)'),
});

const vars = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(10_000)).default({}).describe('Variables for this run (never echoed back)');
export const startRunBody = z.strictObject({ release: z.string().trim().min(1).max(100), environment: z.string().max(100).optional(), vars });
export const recheckBody = z.strictObject({ vars });
export const verifyFields = z.strictObject({ status: z.enum(['pass', 'fail', 'skip', 'pending']), note: z.string().max(4_000).optional() });
export const waiverBody = z.strictObject({ reason: z.string().trim().min(3).max(2_000), expiresAt: z.iso.datetime({ offset: true }) });
export const revokeBody = z.strictObject({ reason: z.string().trim().min(3).max(2_000) });
export const signBody = z.strictObject({ role: z.string().min(1).max(100), comment: z.string().max(2_000).optional().describe('Redacted like every typed text') });

const bilingual = z.object({ en: z.string().max(20_000), zh: z.string().max(20_000) });
const status = z.enum(resultStatuses);
/** One check result as the runner produces it (`ItemResult`); the server redacts it again before storing it. */
export const uploadedResult = z.strictObject({
  itemId: idPart,
  status,
  evidence: z.strictObject({
    target: z.string().max(2_000).optional(),
    observed: z.record(z.string(), z.unknown()).optional(),
    conditions: z.array(z.strictObject({ condition: z.string().max(2_000), passed: z.boolean(), warnOnly: z.boolean().optional(), message: bilingual })).max(200).readonly().optional(),
    reason: bilingual.optional(),
    manual: z.strictObject({ method: z.string().max(4_000), expected: z.string().max(4_000).optional() }).optional(),
  }),
  durationMs: z.number().min(0),
  attempts: z.array(z.strictObject({ status, durationMs: z.number().min(0), reason: bilingual.optional() })).max(100).readonly(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<ItemResult>;
export const resultsBody = z.strictObject({
  planDigest: z.string().regex(/^[0-9a-f]{64}$/).describe('sha256 of the plan source the results come from; must be the run\'s'),
  fingerprints: z.array(z.string().regex(/^\d{1,7}:[0-9a-f]{64}$/)).max(10_000).readonly().default([]).describe('Salted fingerprints of secrets the executing process saw (never values)'),
  results: z.array(uploadedResult).max(500).readonly().describe('Empty: only checks that results would be accepted'),
});

export const newTokenBody = z.strictObject({ name: z.string().trim().min(1).max(100), projectId: projectIdSchema, scopes: z.array(z.enum(tokenScopes)).min(1).max(3) });

export const runParams = z.object({ runId: z.string().regex(/^r-\d{8}-\d{4,}$/) });
export const itemParams = runParams.extend({ itemId: idPart });
export const projectParams = z.object({ projectId: projectIdSchema });
export const planParams = z.object({ planId: z.string().regex(/^p-[0-9a-f]{16}$/) });
export const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const targetParams = projectParams.extend({ targetId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ and -') });
export const newTargetBody = z.strictObject({
  id: targetParams.shape.targetId,
  type: z.enum(notifierKindNames),
  url: z.string().trim().min(1).max(2_000).describe('${VAR} (from the server environment) or the webhook URL itself (stored encrypted with GOLIVE_SECRETS_KEY)'),
  secret: z.string().trim().max(500).optional().describe('DingTalk/Feishu signing secret or webhook HMAC key: ${VAR} or the value (stored encrypted)'),
  lang: z.enum(['zh-CN', 'en', 'both']).optional(),
});
const gateReason = z.object({ code: z.enum(['blocker', 'signoff.missing', 'signoff.invalidated', 'score', 'waived']), subject: z.string().optional(), en: z.string(), zh: z.string() });
/** `GET /runs/:id/summary`: the score and gate kept on the run as of its last change. */
export const runSummaryResponse = z.object({
  id: z.string(),
  status: z.enum(runStatuses),
  summary: z
    .object({ score: z.number(), gatePassed: z.boolean(), reasons: z.array(gateReason).readonly(), counts: z.record(z.enum(resultStatuses), z.number()).readonly(), computedAt: z.string() })
    .nullable(),
});
export type RunSummaryBody = z.infer<typeof runSummaryResponse>;

const monitorPoint = z.object({ at: z.number(), value: z.number().nullable(), status: z.enum(monitorStatuses) });
/** `GET /runs/:id/monitors` (and each `monitors` event of `/runs/:id/events?view=monitors`): only these fields leave the server. */
export const monitorsResponse = z.object({
  monitors: z.object({
    timeZone: z.string(),
    now: z.number().describe('Milliseconds since the epoch on the orchestration\'s clock; every time below is on it'),
    historyLimit: z.number().describe('How many saved evaluations of each monitor the store keeps'),
    until: z.number().nullable().describe('Evaluations are scheduled until then; null when none is (golive monitor start)'),
    monitors: z.array(
      z.object({
        id: z.string(),
        metric: z.string().describe('As the plan writes it, e.g. 错误率'),
        threshold: z.string().nullable(),
        clearWhen: z.string().nullable(),
        for: z.string().nullable(),
        clearFor: z.string().nullable(),
        schedule: z.string(),
        onInconclusive: z.enum(['keep', 'alert']),
        hasCheck: z.boolean(),
        inPlan: z.boolean(),
        unit: z.enum(['%', 'ms']).nullable().describe('Unit of value, bound and history values: % is a ratio × 100'),
        bound: z.object({ op: z.enum(comparisonOperators), value: z.number() }).nullable(),
        state: z.enum(monitorDisplayStates),
        alerting: z.boolean(),
        value: z.number().nullable(),
        valueText: z.string().nullable(),
        reason: bilingual.nullable(),
        changedAt: z.number().nullable(),
        evaluatedAt: z.number().nullable(),
        evaluations: z.number(),
        notify: z.array(z.object({ id: z.string(), type: z.string() })).readonly().describe('Notification target ids and kinds only; never a URL or secret'),
        alerts: z.object({ count: z.number(), lastAt: z.number().nullable(), lastTo: z.array(z.string()).readonly(), open: z.boolean(), undelivered: z.array(z.string()).readonly() }),
        history: z.array(monitorPoint).readonly(),
        nextDueAt: z.number().nullable(),
        overdue: z.boolean(),
      }),
    ).readonly(),
  }),
}) satisfies z.ZodType<{ monitors: MonitorsView }>;
