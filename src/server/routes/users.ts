import { z } from 'zod';
import { requireServerAdmin } from '../auth/principal.js';
import { hashPassword } from '../auth/secrets.js';
import type { RouteModule } from '../deps.js';
import { newUserBody, userChangeBody, userSchema } from '../schemas.js';

/** Accounts: server administrators list, create and change them (administrator flag, password, unlock, deactivate). */
export const userRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/users', { schema: { tags: ['users'], response: { 200: z.object({ users: z.array(userSchema) }) } } }, async (request) => {
    requireServerAdmin(request);
    return { users: await deps.team.listUsers() };
  });

  app.post('/api/v1/users', { schema: { tags: ['users'], body: newUserBody, response: { 201: userSchema } } }, async (request, reply) => {
    const admin = requireServerAdmin(request);
    const body = request.body;
    const user = await deps.team.createUser({ username: body.username, displayName: body.displayName, passwordHash: await hashPassword(body.password), isAdmin: body.isAdmin }, admin.username);
    return reply.status(201).send(user);
  });

  app.patch('/api/v1/users/:userId', { schema: { tags: ['users'], params: z.object({ userId: z.string().max(40) }), body: userChangeBody, response: { 200: userSchema } } }, async (request) => {
    const admin = requireServerAdmin(request);
    const body = request.body;
    return deps.team.updateUser(
      request.params.userId,
      {
        ...(body.isAdmin !== undefined ? { isAdmin: body.isAdmin } : {}),
        ...(body.password ? { passwordHash: await hashPassword(body.password) } : {}),
        ...(body.unlock ? { unlock: true } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      },
      admin.username,
    );
  });
};
