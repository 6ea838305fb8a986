import type { FastifyRequest } from 'fastify';
import { bi } from '../../core/text.js';
import { apiError } from '../errors.js';
import type { ProjectRole, TeamStore, TokenScope, User } from '../team-store.js';
import { readsOf, requirePrincipal } from './principal.js';

/** What a caller can do in a project. Sign-offs also need the plan role; waivers also need admin or the item's owner role. */
export const projectActions = ['read', 'run', 'sign', 'waive', 'manage'] as const;
export type ProjectAction = (typeof projectActions)[number];

/** The actions each project role grants. */
export const roleGrants = {
  admin: projectActions,
  member: ['read', 'run', 'sign', 'waive'],
  viewer: ['read'],
} as const satisfies Record<ProjectRole, readonly ProjectAction[]>;

/**
 * The actions each token scope grants (never more than the token owner's role). `sign` covers the owner's accountable
 * decisions, sign-offs and waivers (`golive sign|waive --server`); the plan-role and item-owner rules still apply.
 * Managing needs a person in the dashboard.
 */
export const scopeGrants = {
  read: ['read'],
  run: ['read', 'run'],
  sign: ['read', 'sign', 'waive'],
} as const satisfies Record<TokenScope, readonly ProjectAction[]>;

/** What the caller holds in a project after checking `action` is allowed. */
export interface ProjectAccess {
  readonly user: User;
  readonly role: ProjectRole;
  /** The plan roles (qa, ops …) the user holds in the project (empty unless asked for or needed). */
  readonly planRoles: readonly string[];
}

/** The caller's role in a project, refusing unless it grants `action` (and a token's scopes and project allow it). Plan roles are read for sign, waive or on request. */
export async function authorize(request: FastifyRequest, team: TeamStore, projectId: string, action: ProjectAction, options: { withPlanRoles?: boolean } = {}): Promise<ProjectAccess> {
  const principal = requirePrincipal(request);
  const reads = readsOf(request);
  const userId = principal.user.id;
  const role = principal.user.isAdmin ? 'admin' : await reads.memo(`role:${projectId}:${userId}`, () => team.memberRole(projectId, userId));
  const denied = () =>
    apiError('auth.forbidden', bi(`not allowed: "${action}" in project ${projectId}`, `无权限：不能在项目 ${projectId} 中执行 "${action}"`));
  // Someone outside a project learns nothing about it, not even that it exists.
  if (!role) throw apiError('not-found', bi(`project ${projectId} not found`, `未找到项目 ${projectId}`));
  if (!(roleGrants[role] as readonly ProjectAction[]).includes(action)) throw denied();
  if (principal.via === 'token') {
    const token = principal.token;
    const granted = token.scopes.some((scope) => (scopeGrants[scope] as readonly ProjectAction[]).includes(action));
    if (token.projectId !== projectId || !granted) {
      throw apiError('auth.forbidden', bi(`this token is for project ${token.projectId} with scopes ${token.scopes.join(', ')}; it cannot "${action}" here`, `此令牌属于项目 ${token.projectId}，权限为 ${token.scopes.join('、')}；不能在此执行 "${action}"`));
    }
  }
  const needsPlanRoles = action === 'sign' || action === 'waive' || options.withPlanRoles === true;
  return { user: principal.user, role, planRoles: needsPlanRoles ? await reads.memo(`plan-roles:${projectId}:${userId}`, () => team.planRolesOf(projectId, userId)) : [] };
}
