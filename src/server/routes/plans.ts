import { bi } from '../../core/text.js';
import { importMarkdown, renderPlanYaml } from '../../import/index.js';
import { authorize } from '../auth/authorize.js';
import type { ImportPreview, PlanDetail } from '../api-types.js';
import type { RouteModule, ServerDeps } from '../deps.js';
import { apiError } from '../errors.js';
import { checkPlanSource } from '../plan-check.js';
import { importBody, planParams, planUploadBody, projectParams } from '../schemas.js';

/** A stored plan and the project it belongs to, or 404. */
export async function planOr404(deps: ServerDeps, planId: string): Promise<{ id: string; projectId: string; planName: string; source: string; updatedAt: string; updatedBy: string }> {
  const plan = await deps.team.getPlan(planId);
  if (!plan) throw apiError('not-found', bi(`plan ${planId} not found`, `未找到计划 ${planId}`));
  return plan;
}

/** Plans of a project: upload a golive.yaml, import a Markdown checklist (report first, save on request), read one. */
export const planRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/projects/:projectId/plans', { schema: { tags: ['plans'], params: projectParams } }, async (request) => {
    await authorize(request, deps.team, request.params.projectId, 'read');
    return { plans: await deps.team.listPlans(request.params.projectId) };
  });

  app.post('/api/v1/projects/:projectId/plans', { schema: { tags: ['plans'], params: projectParams, body: planUploadBody } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, 'manage');
    const plan = checkPlanSource(request.body.source, 'golive.yaml', deps.launch.env);
    const entry = await deps.team.savePlan(request.params.projectId, plan.name, request.body.source, access.user.username);
    return reply.status(201).send({ plan: entry });
  });

  app.post('/api/v1/projects/:projectId/plans/import', { schema: { tags: ['plans'], params: projectParams, body: importBody } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, request.body.save ? 'manage' : 'read');
    const result = importMarkdown(request.body.markdown, { file: request.body.file });
    const yaml = renderPlanYaml(result);
    if (!request.body.save) return { report: result.report, planName: result.plan.name, yaml, saved: null } satisfies ImportPreview;
    const plan = checkPlanSource(yaml, 'golive.yaml', deps.launch.env);
    const entry = await deps.team.savePlan(request.params.projectId, plan.name, yaml, access.user.username);
    return reply.status(201).send({ report: result.report, planName: plan.name, yaml, saved: entry } satisfies ImportPreview);
  });

  app.get('/api/v1/plans/:planId', { schema: { tags: ['plans'], params: planParams } }, async (request) => {
    const plan = await planOr404(deps, request.params.planId);
    await authorize(request, deps.team, plan.projectId, 'read');
    const parsed = checkPlanSource(plan.source, 'golive.yaml', deps.launch.env);
    return { plan: { id: plan.id, projectId: plan.projectId, planName: plan.planName, updatedAt: plan.updatedAt, updatedBy: plan.updatedBy }, source: plan.source, parsed } satisfies PlanDetail;
  });
};
