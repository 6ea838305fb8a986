import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { clockFromEnv } from '../../orchestrate/clock.js';
import { monitorsFingerprint, monitorsView } from '../../service/monitors-view.js';
import { authorize } from '../auth/authorize.js';
import type { RunEvent } from '../api-types.js';
import type { RunRecord } from '../../store/store.js';
import type { RouteModule } from '../deps.js';
import { apiError } from '../errors.js';
import { runView } from '../launch.js';
import { monitorsResponse, runParams } from '../schemas.js';

/** How often a stream looks at the audit trail for changes made by other processes sharing the database. */
export const sseOptions = { pollMs: 1_000, heartbeatMs: 15_000, debounceMs: 100 } as const;

function send(raw: ServerResponse, event: string, data: unknown): void {
  raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const eventsQuery = z.object({ view: z.enum(['run', 'monitors']).default('run').describe('run: `run` events (the run view); monitors: `monitors` events (the monitors view)') });

/**
 * Live run status by Server-Sent Events: the whole run view on connect and after every change (debounced). With
 * `?view=monitors` the stream carries the run's monitors view instead, sent when a monitor's state, incident or
 * scheduled evaluation moved: workers evaluate monitors in other processes without an audit entry, so the stream
 * compares a fingerprint of them every `pollMs`.
 */
export const eventRoutes: RouteModule = (app, deps) => {
  const open = new Set<() => void>();
  const clock = clockFromEnv(deps.launch.env);
  // preClose, not onClose: the server waits for open connections before onClose, and a stream never ends by itself.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get('/api/v1/runs/:runId/events', { schema: { tags: ['runs'], params: runParams, querystring: eventsQuery, description: 'text/event-stream of `run` events, each the full run view (or `monitors` events with ?view=monitors)' } }, async (request, reply) => {
    const runId = request.params.runId;
    const first = await deps.launch.store.getRun(runId);
    const plan = first ? await deps.team.planByName(first.planName) : undefined;
    if (!first || !plan) throw apiError('run.missing', bi(`run ${runId} not found`, `未找到运行 ${runId}`));
    await authorize(request, deps.team, plan.projectId, 'read');

    reply.hijack();
    const raw = reply.raw;
    // The security headers every answer gets (`app.ts`), which a hijacked reply must send itself.
    raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no', 'x-content-type-options': 'nosniff' });
    let lastSeq = -1;
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let busy = Promise.resolve();

    /** Runs one update after the previous one, with the run as it is now; a failed update is logged, the stream goes on. */
    const queue = (step: (run: RunRecord) => Promise<void>) => {
      busy = busy.then(async () => {
        if (closed) return;
        const run = await deps.launch.store.getRun(runId);
        if (run) await step(run);
      }).catch((error: unknown) => {
        request.log.warn({ err: { type: error instanceof Error ? error.name : typeof error } }, 'SSE update failed');
      });
    };
    const push = () =>
      queue(async (run) => {
        const entries = await deps.launch.store.auditEntries({ runId, afterSeq: Math.max(lastSeq, 0) });
        const seq = entries.at(-1)?.seq ?? lastSeq;
        if (seq === lastSeq && lastSeq !== -1) return;
        lastSeq = Math.max(seq, 0);
        send(raw, 'run', { view: await runView(deps.launch, run), status: run.status, executing: deps.launch.executions.isRunning(runId) } satisfies RunEvent);
      });
    let lastPrint = '';
    const pushMonitors = () =>
      queue(async (run) => {
        const print = await monitorsFingerprint(deps.launch.store, run);
        if (print === lastPrint) return;
        lastPrint = print;
        send(raw, 'monitors', monitorsResponse.parse({ monitors: await monitorsView(deps.launch.store, run, clock) }));
      });
    const update = request.query.view === 'monitors' ? pushMonitors : push;
    const schedule = (changed: string) => {
      if (changed !== runId || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        // Forces a send even when the audit seq did not move (an execution finished).
        lastSeq = -2;
        lastPrint = '';
        update();
      }, sseOptions.debounceMs);
    };
    deps.launch.events.on('changed', schedule);
    const poll = setInterval(update, sseOptions.pollMs);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), sseOptions.heartbeatMs);
    const stop = () => {
      closed = true;
      clearInterval(poll);
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      deps.launch.events.off('changed', schedule);
    };
    const end = () => {
      stop();
      raw.end();
    };
    open.add(end);
    request.raw.on('close', () => {
      stop();
      open.delete(end);
    });
    update();
  });
};
