import { bi } from '../../core/text.js';
import { runLink } from '../../notify/render.js';
import { resolveStoredTarget } from '../../notify/stored-target.js';
import { sendTestNotice } from '../../notify/test-notice.js';
import { authorize } from '../auth/authorize.js';
import type { RouteModule } from '../deps.js';
import { apiError } from '../errors.js';
import { storedTarget, targetView, type TargetView } from '../notify-targets.js';
import { newTargetBody, projectParams, targetParams } from '../schemas.js';

/** A project's chat notification targets: project administrators list, add, test and remove them; every change audited. */
export const notifyTargetRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/projects/:projectId/notification-targets', { schema: { tags: ['notifications'], params: projectParams } }, async (request) => {
    await authorize(request, deps.team, request.params.projectId, 'manage');
    return { targets: (await deps.team.listTargets(request.params.projectId)).map(targetView) satisfies TargetView[] };
  });

  app.post('/api/v1/projects/:projectId/notification-targets', { schema: { tags: ['notifications'], params: projectParams, body: newTargetBody } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, 'manage');
    const target = await deps.team.addTarget(storedTarget(request.params.projectId, request.body, deps.launch.env), access.user.username);
    return reply.status(201).send({ target: targetView(target) });
  });

  app.delete('/api/v1/projects/:projectId/notification-targets/:targetId', { schema: { tags: ['notifications'], params: targetParams } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, 'manage');
    await deps.team.removeTarget(request.params.projectId, request.params.targetId, access.user.username);
    return reply.status(204).send();
  });

  // The same message and delivery as `golive notify test`; the answer is the platform's, already redacted.
  app.post('/api/v1/projects/:projectId/notification-targets/:targetId/test', { schema: { tags: ['notifications'], params: targetParams } }, async (request) => {
    const { projectId, targetId } = request.params;
    const access = await authorize(request, deps.team, projectId, 'manage');
    const [stored, project] = await Promise.all([deps.team.getTarget(projectId, targetId), deps.team.getProject(projectId)]);
    if (!stored || !project) throw apiError('not-found', bi(`notification target ${targetId} not found`, `未找到通知目标 ${targetId}`));
    const delivery = await sendTestNotice(resolveStoredTarget(stored, deps.launch.env), {
      name: project.name,
      about: bi(`project: ${project.name} (${project.id})`, `项目：${project.name}（${project.id}）`),
      by: access.user.username,
      via: 'golive serve: Settings → notification targets',
      link: runLink(deps.launch.env),
    });
    await deps.team.recordTargetTest(projectId, targetId, { delivered: delivery.delivered, attempts: delivery.attempts }, access.user.username);
    return { delivery };
  });
};
