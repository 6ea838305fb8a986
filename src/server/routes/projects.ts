import { z } from 'zod';
import { bi } from '../../core/text.js';
import { authorize } from '../auth/authorize.js';
import { requirePrincipal, requireServerAdmin } from '../auth/principal.js';
import type { ProjectDetail } from '../api-types.js';
import type { RouteModule } from '../deps.js';
import { apiError } from '../errors.js';
import { memberBody, newProjectBody, planRoleBody, projectParams } from '../schemas.js';
import { projectRoles } from '../team-store.js';

const projectSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), createdBy: z.string() });

/** Projects, their members (admin / member / viewer) and who holds each plan role. */
export const projectRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/projects', { schema: { tags: ['projects'], response: { 200: z.object({ projects: z.array(projectSchema.extend({ role: z.enum(projectRoles) })) }) } } }, async (request) => {
    const principal = requirePrincipal(request);
    const projects = await deps.team.listProjects(principal.user);
    return { projects: principal.via === 'token' ? projects.filter((project) => project.id === principal.token.projectId) : projects };
  });

  app.post('/api/v1/projects', { schema: { tags: ['projects'], body: newProjectBody, response: { 201: projectSchema } } }, async (request, reply) => {
    const admin = requireServerAdmin(request);
    return reply.status(201).send(await deps.team.createProject(request.body, admin));
  });

  app.get('/api/v1/projects/:projectId', { schema: { tags: ['projects'], params: projectParams } }, async (request) => {
    const { projectId } = request.params;
    const access = await authorize(request, deps.team, projectId, 'read', { withPlanRoles: true });
    const [project, members, planRoles, plans] = await Promise.all([deps.team.getProject(projectId), deps.team.members(projectId), deps.team.planRoleHolders(projectId), deps.team.listPlans(projectId)]);
    if (!project) throw apiError('not-found', bi(`project ${projectId} not found`, `未找到项目 ${projectId}`));
    return { project, role: access.role, myPlanRoles: access.planRoles, members, planRoles, plans } satisfies ProjectDetail;
  });

  app.put('/api/v1/projects/:projectId/members/:userId', { schema: { tags: ['projects'], params: projectParams.extend({ userId: z.string().max(40) }), body: memberBody } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, 'manage');
    await deps.team.setMember(request.params.projectId, request.params.userId, request.body.role, access.user.username);
    return reply.status(204).send();
  });

  app.put('/api/v1/projects/:projectId/plan-roles/:planRole', { schema: { tags: ['projects'], params: projectParams.extend({ planRole: z.string().min(1).max(100) }), body: planRoleBody } }, async (request, reply) => {
    const access = await authorize(request, deps.team, request.params.projectId, 'manage');
    await deps.team.setPlanRole(request.params.projectId, request.params.planRole, request.body.userIds, access.user.username);
    return reply.status(204).send();
  });
};
