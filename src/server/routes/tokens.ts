import { z } from 'zod';
import { bi } from '../../core/text.js';
import { authorize } from '../auth/authorize.js';
import { requireSession } from '../auth/principal.js';
import type { RouteModule } from '../deps.js';
import { apiError } from '../errors.js';
import { newTokenBody } from '../schemas.js';
import { tokenScopes } from '../team-store.js';

const tokenSchema = z.object({ id: z.string(), name: z.string(), userId: z.string(), projectId: z.string(), scopes: z.array(z.enum(tokenScopes)).readonly(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

/** API tokens for CI: created by a signed-in person for one project, shown once, revocable, last use shown. */
export const tokenRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/tokens', { schema: { tags: ['tokens'], response: { 200: z.object({ tokens: z.array(tokenSchema) }) } } }, async (request) => {
    const user = requireSession(request);
    return { tokens: await deps.team.listTokens(user.isAdmin ? {} : { userId: user.id }) };
  });

  app.post('/api/v1/tokens', { schema: { tags: ['tokens'], body: newTokenBody, response: { 201: z.object({ token: z.string().describe('Shown only in this response'), entry: tokenSchema }) } } }, async (request, reply) => {
    const user = requireSession(request);
    const body = request.body;
    // A token can never do more than its creator: each scope must be an action the creator holds in the project.
    for (const scope of body.scopes) await authorize(request, deps.team, body.projectId, scope);
    return reply.status(201).send(await deps.team.createToken({ name: body.name, user, projectId: body.projectId, scopes: body.scopes }));
  });

  app.delete('/api/v1/tokens/:tokenId', { schema: { tags: ['tokens'], params: z.object({ tokenId: z.string().max(40) }), response: { 200: tokenSchema } } }, async (request) => {
    const user = requireSession(request);
    const token = await deps.team.getToken(request.params.tokenId);
    if (!token || (token.userId !== user.id && !user.isAdmin)) throw apiError('not-found', bi('token not found', '未找到令牌'));
    return deps.team.revokeToken(token.id, user.username);
  });
};
