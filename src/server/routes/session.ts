import '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { bi } from '../../core/text.js';
import { sessionCookieName, requirePrincipal } from '../auth/principal.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/secrets.js';
import type { RouteModule, ServerDeps } from '../deps.js';
import { apiError } from '../errors.js';
import { loginBody, sessionResponse, setupBody, setupStatus } from '../schemas.js';
import { sessionHours, type User } from '../team-store.js';

/** Bad logins allowed per address per minute, before any account lockout. */
export const loginRateLimit = { max: 10, timeWindow: 60_000 } as const;

async function signIn(deps: ServerDeps, reply: FastifyReply, user: User): Promise<{ user: User; csrfToken: string }> {
  const session = await deps.team.createSession(user.id);
  void reply.setCookie(sessionCookieName(deps.secure), session.sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secure, maxAge: sessionHours * 3600 });
  return { user, csrfToken: session.csrfToken };
}

/** Setup of the first administrator, sign-in, the current session, sign-out. */
export const sessionRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/setup', { schema: { tags: ['session'], response: { 200: setupStatus } } }, async () => ({ needed: (await deps.team.userCount()) === 0 }));

  app.post('/api/v1/setup', { schema: { tags: ['session'], body: setupBody, response: { 201: sessionResponse } }, config: { rateLimit: loginRateLimit } }, async (request, reply) => {
    const body = request.body;
    const user = await deps.team.completeSetup(body.secret, { username: body.username, displayName: body.displayName, passwordHash: await hashPassword(body.password) });
    return reply.status(201).send(await signIn(deps, reply, user));
  });

  app.post('/api/v1/session', { schema: { tags: ['session'], body: loginBody, response: { 200: sessionResponse } }, config: { rateLimit: loginRateLimit } }, async (request, reply) => {
    const { username, password } = request.body;
    const found = await deps.team.credentials(username);
    const bad = () => apiError('auth.bad-login', bi('wrong user name or password', '用户名或密码错误'));
    if (!found) {
      await verifyPassword(password, await decoyPasswordHash());
      throw bad();
    }
    if (found.user.lockedUntil && found.user.lockedUntil > new Date().toISOString()) {
      throw apiError('auth.locked', bi(`this account is locked after repeated bad passwords until ${found.user.lockedUntil}; an administrator can unlock it`, `多次密码错误，账户已锁定至 ${found.user.lockedUntil}；管理员可解锁`));
    }
    if (!(await verifyPassword(password, found.passwordHash))) {
      const lockedUntil = await deps.team.recordLoginFailure(found.user.id);
      if (lockedUntil) throw apiError('auth.locked', bi(`too many bad passwords: the account is locked until ${lockedUntil}`, `密码错误次数过多：账户已锁定至 ${lockedUntil}`));
      throw bad();
    }
    // Said only to someone who knows the password, so the state of an account is not a way to probe names.
    if (!found.user.active) throw apiError('auth.deactivated', bi('this account is deactivated; an administrator can reactivate it', '此账户已停用；管理员可重新启用'));
    if (found.failedLogins > 0 || found.user.lockedUntil) await deps.team.resetLoginFailures(found.user.id);
    return signIn(deps, reply, { ...found.user, lockedUntil: null });
  });

  app.get('/api/v1/session', { schema: { tags: ['session'], response: { 200: sessionResponse } } }, async (request) => {
    const principal = requirePrincipal(request);
    return { user: principal.user, csrfToken: principal.via === 'session' ? principal.csrfToken : null };
  });

  app.delete('/api/v1/session', { schema: { tags: ['session'] } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    if (principal.via === 'session') await deps.team.endSession(principal.sessionId);
    void reply.clearCookie(sessionCookieName(deps.secure), { path: '/' });
    return reply.status(204).send();
  });
};
