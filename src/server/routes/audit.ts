import { z } from 'zod';
import { requireServerAdmin } from '../auth/principal.js';
import type { RouteModule } from '../deps.js';
import { auditLog, verifyAudit } from '../../service/audit.js';

/** The whole audit trail and its verification: server administrators only (a run's own entries are under /runs). */
export const auditRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/audit', { schema: { tags: ['audit'], querystring: z.object({ afterSeq: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1_000).default(200) }) } }, async (request) => {
    requireServerAdmin(request);
    return { entries: await auditLog(deps.launch.store, { afterSeq: request.query.afterSeq, limit: request.query.limit }) };
  });

  app.get('/api/v1/audit/verify', { schema: { tags: ['audit'] } }, async (request) => {
    requireServerAdmin(request);
    return verifyAudit(deps.launch.store);
  });
};
