import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import type { PlanItem } from '../../plan/schema.js';
import type { RunRecord } from '../../store/store.js';
import { authorize, type ProjectAccess, type ProjectAction } from '../auth/authorize.js';
import { readsOf } from '../auth/principal.js';
import { gateRun } from '../../service/gate.js';
import type { GateAnswer, ResultsAnswer, RevokeAnswer, RunDetail, RunHeader, SignAnswer, VariablesToAsk, VerifyAnswer, WaiverAnswer } from '../api-types.js';
import type { RouteModule, ServerDeps } from '../deps.js';
import { apiError } from '../errors.js';
import { closeRun, diff, history, planFile, recheckItem, recordManual, recordResults, revokeWaivers, runView, signRun, startRun, variablesToAsk, waiveItem } from '../launch.js';
import { type RunSummaryBody, itemParams, limitQuery, planParams, recheckBody, resultsBody, revokeBody, runParams, runSummaryResponse, signBody, startRunBody, verifyFields, waiverBody } from '../schemas.js';
import { auditLog } from '../../service/audit.js';
import { maxUploadBytes, storeUpload, uploadRef } from '../uploads.js';
import { planOr404 } from './plans.js';

/** A run the caller may act on, with its stored plan's file and the caller's access. */
export interface RunAccess {
  readonly run: RunRecord;
  /** Writes the stored plan to its file when needed (only routes that load the plan pay for it). */
  readonly planPath: () => Promise<string>;
  readonly access: ProjectAccess;
  readonly projectId: string;
}

export async function runAccess(request: FastifyRequest, deps: ServerDeps, runId: string, action: ProjectAction, options: { withPlanRoles?: boolean } = {}): Promise<RunAccess> {
  const reads = readsOf(request);
  const run = await reads.memo(`run:${runId}`, () => deps.launch.store.getRun(runId));
  // Runs recorded outside the server (CLI on this database) belong to no project until their plan is uploaded.
  const plan = run ? await reads.memo(`plan-name:${run.planName}`, () => deps.team.planByName(run.planName)) : undefined;
  if (!run || !plan) throw apiError('run.missing', bi(`run ${runId} not found`, `未找到运行 ${runId}`));
  const access = await authorize(request, deps.team, plan.projectId, action, options);
  const planPath = async () => planFile(deps.launch, { id: plan.id, source: (await deps.team.getPlan(plan.id))?.source ?? '' });
  return { run, planPath, access, projectId: plan.projectId };
}

function headerOf(run: RunRecord): RunHeader {
  return { id: run.id, planName: run.planName, release: run.release, environment: run.environment, status: run.status, createdAt: run.createdAt, createdBy: run.createdBy };
}

function itemOf(run: RunRecord, itemId: string): PlanItem {
  const item = run.plan.items.find((candidate) => candidate.id === itemId);
  if (!item) throw apiError('run.unknown-item', bi(`item "${itemId}" is not in the plan of run ${run.id}`, `运行 ${run.id} 的计划中没有检查项 "${itemId}"`));
  return item;
}

/** If-None-Match names `etag` (or is `*`): compared weakly, as RFC 9110 says for this header. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}

/** Only an administrator of the project or a holder of the item's owner role waives it. */
function mayWaive(access: ProjectAccess, item: PlanItem): void {
  if (access.role === 'admin' || (item.owner && access.planRoles.includes(item.owner))) return;
  throw apiError('auth.forbidden', bi(`only a project administrator or the item's owner (${item.owner ?? 'none'}) may waive "${item.id}"`, `只有项目管理员或检查项负责人（${item.owner ?? '无'}）可以豁免 "${item.id}"`));
}

/** Runs: start, read, live events, recheck, manual verification with a file, waivers, sign-offs, gate, history, diff. */
export const runRoutes: RouteModule = (app, deps) => {
  const logError = (error: unknown) => app.log.error({ err: { type: error instanceof Error ? error.name : typeof error, code: (error as { code?: unknown } | null)?.code } }, 'background run failed');

  app.get('/api/v1/plans/:planId/runs', { schema: { tags: ['runs'], params: planParams, querystring: limitQuery } }, async (request) => {
    const plan = await planOr404(deps, request.params.planId);
    await authorize(request, deps.team, plan.projectId, 'read');
    return { runs: await history(deps.launch, plan.planName, request.query.limit) };
  });

  app.post('/api/v1/plans/:planId/runs', { schema: { tags: ['runs'], params: planParams, body: startRunBody } }, async (request, reply) => {
    const plan = await planOr404(deps, request.params.planId);
    const access = await authorize(request, deps.team, plan.projectId, 'run');
    const body = request.body;
    const run = await startRun(deps.launch, { planPath: await planFile(deps.launch, plan), release: body.release, ...(body.environment ? { environment: body.environment } : {}), vars: body.vars, actor: access.user.username }, logError);
    return reply.status(202).send({ run: headerOf(run) });
  });

  // What the start-run dialog asks for: the variables neither the server's environment nor the plan supplies.
  app.get('/api/v1/plans/:planId/variables', { schema: { tags: ['runs'], params: planParams, querystring: z.object({ environment: z.string().max(100).optional() }) } }, async (request) => {
    const plan = await planOr404(deps, request.params.planId);
    await authorize(request, deps.team, plan.projectId, 'run');
    const environment = request.query.environment;
    return { variables: await variablesToAsk(deps.launch, { planPath: await planFile(deps.launch, plan), ...(environment ? { environment } : {}) }) } satisfies VariablesToAsk;
  });

  // A recheck loads the run's plan again: these must be given again (the server keeps no variable values).
  app.get('/api/v1/runs/:runId/variables', { schema: { tags: ['runs'], params: runParams } }, async (request) => {
    const { run, planPath } = await runAccess(request, deps, request.params.runId, 'run');
    return { variables: await variablesToAsk(deps.launch, { planPath: await planPath(), ...(run.environment ? { environment: run.environment } : {}) }) } satisfies VariablesToAsk;
  });

  app.get('/api/v1/runs/:runId', { schema: { tags: ['runs'], params: runParams } }, async (request) => {
    const { run, access, projectId } = await runAccess(request, deps, request.params.runId, 'read', { withPlanRoles: true });
    const [view, waivers, holders] = await Promise.all([runView(deps.launch, run), deps.launch.store.waivers(run.id), deps.team.planRoleHolders(projectId)]);
    const signers = [...new Set(holders.map((holder) => holder.planRole))].map((role) => ({ role, holders: holders.filter((holder) => holder.planRole === role && holder.active).map((holder) => holder.username) }));
    return { run: { ...headerOf(run), executing: deps.launch.executions.isRunning(run.id) }, view, waivers, me: { role: access.role, planRoles: access.planRoles }, signers } satisfies RunDetail;
  });

  app.get('/api/v1/runs/:runId/summary', { schema: { tags: ['runs'], params: runParams, response: { 200: runSummaryResponse }, description: 'Sends an ETag; with If-None-Match naming it, 304 and no body' } }, async (request, reply) => {
    const { run } = await runAccess(request, deps, request.params.runId, 'read');
    // The hottest read (CI jobs and dashboards poll it): its body and ETag are made once per audit head, then sent as is.
    const { body, etag } = await readsOf(request).memo(`summary-body:${run.id}`, async () => {
      const json = JSON.stringify({ id: run.id, status: run.status, summary: run.summary } satisfies RunSummaryBody);
      return { body: json, etag: `"${hash('sha256', json, 'base64url')}"` };
    });
    void reply.header('etag', etag);
    // 304 has no body, so no response schema: the untyped reply sends it.
    if (etagMatches(request.headers['if-none-match'], etag)) return (reply as FastifyReply).code(304).send();
    // A JSON string with a JSON content type is sent without serialising again; the schema above documents its shape.
    return reply.type('application/json; charset=utf-8').send(body as unknown as RunSummaryBody);
  });

  app.get('/api/v1/runs/:runId/gate', { schema: { tags: ['runs'], params: runParams } }, async (request) => {
    const { run } = await runAccess(request, deps, request.params.runId, 'read');
    const { score, gate, auditHead } = await gateRun(deps.launch.store, run);
    return { id: run.id, run: headerOf(run), score, gate, auditHead } satisfies GateAnswer;
  });

  app.get('/api/v1/runs/:runId/diff', { schema: { tags: ['runs'], params: runParams, querystring: z.object({ against: runParams.shape.runId }) } }, async (request) => {
    const { run } = await runAccess(request, deps, request.params.runId, 'read');
    const { run: other } = await runAccess(request, deps, request.query.against, 'read');
    return diff(deps.launch, other, run);
  });

  app.get('/api/v1/runs/:runId/audit', { schema: { tags: ['audit'], params: runParams } }, async (request) => {
    const { run } = await runAccess(request, deps, request.params.runId, 'read');
    return { entries: await auditLog(deps.launch.store, { runId: run.id }) };
  });

  app.post('/api/v1/runs/:runId/items/:itemId/recheck', { schema: { tags: ['runs'], params: itemParams, body: recheckBody } }, async (request, reply) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'run');
    await recheckItem(deps.launch, run, await planPath(), itemOf(run, request.params.itemId), { vars: request.body.vars, actor: access.user.username }, logError);
    return reply.status(202).send({ rechecking: request.params.itemId });
  });

  // The only route taking multipart/form-data: the plugin's per-request hooks (a listener on every response, a
  // clean-up after it) run for this route alone, not for every request.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    await scope.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 5, fieldSize: 8_000, parts: 8 } });
    scope.post('/api/v1/runs/:runId/items/:itemId/verify', { schema: { tags: ['runs'], params: itemParams, description: 'multipart/form-data with fields status, note and an optional file (image, PDF or text, ≤ 10 MB), or a JSON body {status, note}' } }, async (request) => {
      const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'run');
      const item = itemOf(run, request.params.itemId);
      const fields: Record<string, string> = {};
      let file: { bytes: Buffer; name: string } | undefined;
      if (request.isMultipart()) {
        for await (const part of request.parts({ limits: { fileSize: maxUploadBytes, files: 1, fields: 5, fieldSize: 8_000 } })) {
          if (part.type === 'file') file = { bytes: await part.toBuffer(), name: part.filename };
          else fields[part.fieldname] = String(part.value);
        }
      } else Object.assign(fields, request.body as Record<string, string>);
      const parsed = verifyFields.safeParse(fields);
      if (!parsed.success) throw apiError('request.invalid', bi(`invalid request: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`, `请求无效：${parsed.error.issues.map((issue) => `${issue.path.join('.')}：${issue.message}`).join('；')}`));
      if (run.status !== 'open') throw apiError('run.closed', bi(`run ${run.id} is closed`, `运行 ${run.id} 已关闭`));
      let evidenceRef: string | null = null;
      if (file) {
        const stored = await storeUpload(deps.uploadsDir, file.bytes, file.name);
        await deps.team.addUpload({ ...stored, runId: run.id, itemId: item.id, createdBy: access.user.username });
        evidenceRef = uploadRef(stored.id);
      }
      const { value: outcome, summary, notices } = await recordManual(deps.launch, run, await planPath(), item, { status: parsed.data.status, note: parsed.data.note ?? null, evidenceRef, by: access.user.username });
      return { outcome, evidenceRef, by: access.user.username, summary, notices, auditHead: await deps.launch.store.auditHead() } satisfies VerifyAnswer;
    });
  });

  app.post('/api/v1/runs/:runId/items/:itemId/waivers', { schema: { tags: ['runs'], params: itemParams, body: waiverBody } }, async (request, reply) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'waive');
    mayWaive(access, itemOf(run, request.params.itemId));
    const { value: waiver, summary, notices } = await waiveItem(deps.launch, run, await planPath(), { itemId: request.params.itemId, reason: request.body.reason, expiresAt: new Date(request.body.expiresAt).toISOString(), by: access.user.username });
    return reply.status(201).send({ waiver, summary, notices, auditHead: await deps.launch.store.auditHead() } satisfies WaiverAnswer);
  });

  app.post('/api/v1/runs/:runId/items/:itemId/waivers/revoke', { schema: { tags: ['runs'], params: itemParams, body: revokeBody } }, async (request) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'waive');
    mayWaive(access, itemOf(run, request.params.itemId));
    const { value: revoked, summary, notices } = await revokeWaivers(deps.launch, run, await planPath(), { itemId: request.params.itemId, reason: request.body.reason, by: access.user.username });
    return { revoked, summary, notices, auditHead: await deps.launch.store.auditHead() } satisfies RevokeAnswer;
  });

  app.post('/api/v1/runs/:runId/signoffs', { schema: { tags: ['runs'], params: runParams, body: signBody } }, async (request, reply) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'sign');
    if (!access.planRoles.includes(request.body.role)) {
      throw apiError('auth.forbidden', bi(`you do not hold the plan role "${request.body.role}" in this project; only its holders sign for it`, `你在此项目中不担任计划角色 "${request.body.role}"；只有该角色的成员可以签字`));
    }
    const { value: signoff, summary, notices } = await signRun(deps.launch, run, request.body.comment ? await planPath() : null, { role: request.body.role, by: access.user.username, ...(request.body.comment ? { comment: request.body.comment } : {}) });
    return reply.status(201).send({ signoff, summary, notices, auditHead: await deps.launch.store.auditHead() } satisfies SignAnswer);
  });

  app.post('/api/v1/runs/:runId/results', { schema: { tags: ['runs'], params: runParams, body: resultsBody, description: 'Check results executed by a CI job (`golive check --run --server`), redacted again with the run\'s secret set and recorded as the token\'s user; an empty list only checks they would be accepted' } }, async (request) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'run');
    const recorded = await recordResults(deps.launch, run, await planPath(), { planDigest: request.body.planDigest, fingerprints: request.body.fingerprints, results: request.body.results, actor: access.user.username });
    return { ...recorded, run: headerOf(run) } satisfies ResultsAnswer;
  });

  app.post('/api/v1/runs/:runId/close', { schema: { tags: ['runs'], params: runParams } }, async (request, reply) => {
    const { run, access } = await runAccess(request, deps, request.params.runId, 'manage');
    await closeRun(deps.launch, run, access.user.username);
    return reply.status(204).send();
  });

  app.get('/api/v1/uploads/:uploadId', { schema: { tags: ['runs'], params: z.object({ uploadId: z.string().regex(/^f-[0-9a-f]{32}$/) }) } }, async (request, reply) => {
    const upload = await deps.team.getUpload(request.params.uploadId);
    if (!upload) throw apiError('not-found', bi('file not found', '未找到文件'));
    await runAccess(request, deps, upload.runId, 'read');
    return reply
      .header('content-type', upload.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(upload.fileName)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(createReadStream(join(deps.uploadsDir, upload.id)));
  });
};
