import { z } from 'zod';
import { clockFromEnv } from '../../orchestrate/clock.js';
import { commandRunRollout, inspectionsView, rolloutView } from '../../service/after-launch.js';
import { monitorsView } from '../../service/monitors-view.js';
import type { InspectionsView, RolloutView } from '../api-types.js';
import type { RouteModule } from '../deps.js';
import { monitorsResponse, runParams } from '../schemas.js';
import { runAccess } from './runs.js';

const rolloutAction = runParams.extend({ action: z.enum(['pause', 'resume', 'promote', 'abort']) });
const rolloutActionBody = z.strictObject({ reason: z.string().trim().max(2_000).optional() });

/** After the gate: a run's rollout (read, and a person's pause/resume/promote/abort), its inspections and its monitors. */
export const afterLaunchRoutes: RouteModule = (app, deps) => {
  // The orchestration's clock: accelerated when the server shares GOLIVE_TIME_SCALE/ORIGIN with a demo or a test.
  const clock = clockFromEnv(deps.launch.env);

  app.get('/api/v1/runs/:runId/rollout', { schema: { tags: ['after launch'], params: runParams } }, async (request) => {
    const { run, access } = await runAccess(request, deps, request.params.runId, 'read');
    return { rollout: await rolloutView(deps.launch.store, run, clock), me: { role: access.role } } satisfies { rollout: RolloutView; me: { role: string } };
  });

  app.post('/api/v1/runs/:runId/rollout/:action', { schema: { tags: ['after launch'], params: rolloutAction, body: rolloutActionBody, description: 'A person\'s command: pause, resume, promote (confirm a manual stage or go on now) or abort (runs the rollback command). Needs the run permission.' } }, async (request) => {
    const { run, planPath, access } = await runAccess(request, deps, request.params.runId, 'run');
    const state = await commandRunRollout({ store: deps.launch.store, run, planPath: await planPath(), env: deps.launch.env, clock, what: request.params.action, by: access.user.username, ...(request.body.reason ? { note: request.body.reason } : {}), onWarning: (message) => request.log.warn(message.en) });
    deps.launch.events.changed(run.id);
    return { state };
  });

  app.get('/api/v1/runs/:runId/inspections', { schema: { tags: ['after launch'], params: runParams } }, async (request) => {
    const { run } = await runAccess(request, deps, request.params.runId, 'read');
    return { inspections: await inspectionsView(deps.launch.store, run, clock) } satisfies { inspections: InspectionsView };
  });

  app.get(
    '/api/v1/runs/:runId/monitors',
    { schema: { tags: ['after launch'], params: runParams, response: { 200: monitorsResponse }, description: 'Each monitor of the run: state, last value, recent values, notification target ids, alerts sent. Live: /runs/:id/events?view=monitors.' } },
    async (request) => {
      const { run } = await runAccess(request, deps, request.params.runId, 'read');
      return { monitors: await monitorsView(deps.launch.store, run, clock) };
    },
  );
};
