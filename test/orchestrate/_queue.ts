import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { runGolive } from '../support/golive-process.js';
import { postgresBaseUrl } from '../store/setup.js';

/** Plan time runs 720 times faster than the wall clock in these tests: 12 minutes per wall second. */
export const timeScale = 720;

/** A plan of one http item (tagged with the worker that runs it) and one inspection of it. */
export function inspectedPlan(name: string, target: string, schedule: string, window: string): string {
  return `name: ${name}
items:
  - id: health
    title: Health
    priority: high
    check: { kind: http, url: "${target}?worker=\${WORKER_TAG:-cli}", expect: ["status == 200"], timeout: 60s }
inspections:
  - { id: hourly, title: 巡检, schedule: ${schedule}, for: ${window}, items: [health] }
`;
}

/** A fresh golive schema (and its pg-boss schema) in the test database, its environment, and raw SQL on both. */
export function freshSchema(prefix: string) {
  const schema = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { DATABASE_URL: `${postgresBaseUrl}?schema=${schema}`, GOLIVE_AUDIT_KEY: 'queue-test-audit-key-0123456789abcdef', GOLIVE_TIME_SCALE: String(timeScale), GOLIVE_TIME_ORIGIN: String(Date.now()) };
  const query = async <Row extends Record<string, unknown>>(text: string): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: postgresBaseUrl });
    await client.connect();
    try {
      return (await client.query<Row>(text.replaceAll('$schema', schema))).rows;
    } finally {
      await client.end();
    }
  };
  return { schema, env, query, drop: () => query('drop schema if exists $schema cascade; drop schema if exists $schema_boss cascade') };
}

/**
 * A suite's check target and fresh stores: the target starts before the suite's tests; every schema and folder made
 * by `scheduled` is dropped after them.
 */
export function queueFixture(prefix: string) {
  const target = new CheckTarget();
  let url = '';
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    url = await target.start();
  });
  afterAll(async () => {
    target.close();
    for (const cleanup of cleanups) await cleanup();
  });
  return {
    target,
    /** A fresh store with a run of the plan and its inspections scheduled (`golive inspect start ARGS`); the target counts from zero. */
    async scheduled(name: string, schedule: string, window: string, startArgs: readonly string[] = []) {
      const db = freshSchema(prefix);
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      cleanups.push(async () => {
        await db.drop();
        rmSync(dir, { recursive: true, force: true });
      });
      writeFileSync(join(dir, 'golive.yaml'), inspectedPlan(name, url, schedule, window));
      expect((await runGolive(['run', 'start', '--release', 'v1'], dir, db.env)).code).toBe(0);
      const started = await runGolive(['inspect', 'start', ...startArgs], dir, db.env);
      expect(started.code, started.output).toBe(0);
      target.reset();
      return { db, dir, started };
    },
  };
}

/** A job row as the tests read it. */
export interface JobRow extends Record<string, unknown> {
  id: string;
  status: string;
  attempts: number;
  worker: string | null;
}

/**
 * The inspections' http target: counts arrivals (by the worker tag in the URL), requests in flight at once and answers
 * (an answered request is one execution; one whose worker died first is not). It can hold the next request, or every
 * request, until the test lets it go: what a test proves about overlap or stopping, it proves without timing.
 */
export class CheckTarget {
  arrivals: string[] = [];
  answered = 0;
  inFlight = 0;
  maxInFlight = 0;
  #holdAll = false;
  readonly #held: ServerResponse[] = [];
  #holdNext: ((held: { worker: string; release: () => void }) => void) | undefined;
  readonly #server = createServer((request, response) => {
    const worker = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('worker') ?? '';
    this.arrivals.push(worker);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Answered, or its worker died: no longer in flight.
    response.once('close', () => (this.inFlight -= 1));
    const hold = this.#holdNext;
    this.#holdNext = undefined;
    if (hold) hold({ worker, release: () => this.#answer(response) });
    else if (this.#holdAll) this.#held.push(response);
    else this.#answer(response);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/healthz`;
  }

  /** The next request is held; resolves with the worker that sent it. */
  holdNext(): Promise<{ worker: string; release: () => void }> {
    return new Promise((resolve) => (this.#holdNext = resolve));
  }

  /** Every request from now on is held until `releaseAll`. */
  holdAll(): void {
    this.#holdAll = true;
  }

  /** Answers what is held (but requests whose worker is gone), and from now on every request at once. */
  releaseAll(): void {
    this.#holdAll = false;
    for (const response of this.#held.splice(0)) if (!response.destroyed) this.#answer(response);
  }

  /** Counts from zero; answers at once. */
  reset(): void {
    this.releaseAll();
    this.arrivals = [];
    this.answered = 0;
    this.maxInFlight = 0;
  }

  close(): void {
    this.#server.closeAllConnections();
    this.#server.close();
  }

  #answer(response: ServerResponse): void {
    response.once('finish', () => (this.answered += 1));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  }
}
