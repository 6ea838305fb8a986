import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bi } from '../../core/text.js';
import { apiError } from '../errors.js';
import { uncachedReads, type ReadGeneration } from '../read-cache.js';
import { sessionCacheMs, type TeamStore, type TokenEntry, type User } from '../team-store.js';
import { sameSecret } from './secrets.js';

/** The cookie holding a session id; `__Host-` needs Secure, so it is used only over TLS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-golive_session' : 'golive_session';
}

/** Who is calling: a signed-in browser (with its CSRF token) or a CI token (with its scopes and project). */
export type Principal = { readonly via: 'session'; readonly user: User; readonly csrfToken: string; readonly sessionId: string } | { readonly via: 'token'; readonly user: User; readonly token: TokenEntry };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook when the request carries a valid session cookie or token. */
    principal?: Principal;
    /** The read cache's generation this request answers from; set by the auth hook for requests with credentials. */
    reads?: ReadGeneration;
  }
}

/** Where a route's lookups come from: the request's cached generation, or the database for anonymous requests. */
export function readsOf(request: FastifyRequest): ReadGeneration {
  return request.reads ?? uncachedReads;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller of every request. A bearer token wins over a cookie. Cookie-authenticated writes must echo
 * the session's CSRF token in `X-CSRF-Token` (a synchronizer token: a cross-site form cannot read it).
 */
export function principalHook(team: TeamStore, secure: boolean) {
  const cookieName = sessionCookieName(secure);
  return async function resolvePrincipal(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      request.reads = await team.reads.generation();
      const reads = request.reads;
      const found = presented ? await team.useToken(presented, new Date(), (tokenId) => reads.memo(`token:${tokenId}`, () => team.tokenCredential(tokenId))) : undefined;
      if (!found) throw apiError('auth.required', bi('the API token is not valid (unknown, revoked, mistyped, or its user deactivated)', 'API 令牌无效（不存在、已撤销、输入有误，或其用户已停用）'));
      request.principal = { via: 'token', user: found.user, token: found.token };
      return;
    }
    const sessionId = request.cookies[cookieName];
    if (!sessionId) return;
    request.reads = await team.reads.generation();
    const reads = request.reads;
    // A sign-out is not audited: a cached session lives at most sessionCacheMs in a process that did not serve it.
    const session = await team.session(sessionId, new Date(), (idHash) => reads.memo(`session:${idHash}`, () => team.sessionByHash(idHash), sessionCacheMs));
    if (!session) return;
    if (!safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw apiError('auth.csrf', bi('missing or wrong X-CSRF-Token for a signed-in write; reload the page', '已登录的写操作缺少或带有错误的 X-CSRF-Token；请刷新页面'));
      }
    }
    request.principal = { via: 'session', user: session.user, csrfToken: session.csrfToken, sessionId };
  };
}

/** The caller, or 401. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw apiError('auth.required', bi('sign in first (or send an API token)', '请先登录（或提供 API 令牌）'));
  return request.principal;
}

/** A signed-in server administrator in a browser session (tokens never administer the server). */
export function requireServerAdmin(request: FastifyRequest): User {
  const principal = requirePrincipal(request);
  if (principal.via !== 'session' || !principal.user.isAdmin) throw apiError('auth.forbidden', bi('only a server administrator signed in to the dashboard may do this', '只有登录控制台的服务器管理员可以执行此操作'));
  return principal.user;
}

/** A person signed in to a browser session (account and token management are not for tokens). */
export function requireSession(request: FastifyRequest): User {
  const principal = requirePrincipal(request);
  if (principal.via !== 'session') throw apiError('auth.forbidden', bi('API tokens cannot do this; sign in to the dashboard', 'API 令牌不能执行此操作；请登录控制台'));
  return principal.user;
}
