import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, fullAcceptQueuePort, listenLoopback, type Listening } from '../../../test/support/net.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { tcpKind, type TcpCheck } from './index.js';

// No conformance `hanging` target: for tcp, no answer before the timeout is an observation (a filtered port,
// `open: false`), not an error. The tests below cover it with a listener whose accept queue is full.
describeCheckKindConformance(tcpKind, async () => {
  const server = await listenLoopback(createServer());
  const closed = await closedPort();
  return {
    passing: { kind: 'tcp', host: '127.0.0.1', port: server.port },
    failing: { kind: 'tcp', host: '127.0.0.1', port: closed, expect: ['open == true'] },
    teardown: () => server.close(),
  };
});

describe('tcp kind on a port that never answers (full accept queue: the kernel drops the SYN)', () => {
  let filtered: Listening;
  const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

  beforeAll(async () => {
    filtered = await fullAcceptQueuePort();
  });

  afterAll(() => filtered.close());

  it('lets `open == false` pass when nothing answers before the timeout: a firewalled database port', async () => {
    const started = performance.now();

    const outcome = await runCheck(tcpKind, { kind: 'tcp', host: '127.0.0.1', port: filtered.port, timeout: 300, expect: ['open == false'] }, options);

    expect(outcome.status).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ open: false, error: 'ETIMEDOUT' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('fails `open == true` there, naming the timeout', async () => {
    const outcome = await runCheck(tcpKind, { kind: 'tcp', host: '127.0.0.1', port: filtered.port, timeout: 300, retries: 1, retryDelay: 10 }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['fail', 'fail']);
    expect(outcome.evidence.observed).toMatchObject({ open: false, error: 'ETIMEDOUT' });
  });

  it('reports a cancelled run as an error, not as a closed port', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100).unref();
    const started = performance.now();

    const outcome = await runCheck(tcpKind, { kind: 'tcp', host: '127.0.0.1', port: filtered.port, timeout: 30_000, retries: 3, expect: ['open == false'] }, { ...options, signal: controller.signal });

    expect(performance.now() - started).toBeLessThan(1_500);
    expect(outcome.status).toBe('error');
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.evidence.reason?.en).toBe('cancelled');
  });
});

describe('tcp kind', () => {
  let server: Listening;
  let closed: number;
  const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

  beforeAll(async () => {
    server = await listenLoopback(createServer());
    closed = await closedPort();
  });

  afterAll(() => server.close());

  it('passes `open == false` on a closed port and says why it is closed', async () => {
    const outcome = await runCheck(tcpKind, { kind: 'tcp', host: '127.0.0.1', port: closed, expect: ['open == false'] }, options);

    expect(outcome.status).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ open: false, error: 'ECONNREFUSED' });
  });

  it('fails `open == false` on an open port (a database port that must not be public)', async () => {
    const outcome = await runCheck(tcpKind, { kind: 'tcp', host: '127.0.0.1', port: server.port, expect: ['open == false'] }, options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.conditions?.[0]?.passed).toBe(false);
  });

  it('exposes open, latency in ms and no error for an open port', async () => {
    const observation = await tcpKind.probe({ kind: 'tcp', host: '127.0.0.1', port: server.port }, {
      signal: new AbortController().signal, planDir: '.', variables: {}, logger: { debug() {}, info() {}, warn() {} },
    });

    expect(observation.facts.open).toBe(true);
    expect(observation.facts.error).toBeNull();
    expect(observation.facts.latency).toBeGreaterThanOrEqual(0);
    expect(observation.facts.latency).toBeLessThan(1_000);
  });

  it('accepts the port as a string, as `${PORT}` interpolation gives it', () => {
    const parsed = tcpKind.schema.safeParse({ kind: 'tcp', host: '127.0.0.1', port: '8080' });

    expect(parsed.success && parsed.data.port).toBe(8080);
  });

  it('rejects a port outside 1-65535 and unknown fields', () => {
    const bad: unknown[] = [
      { kind: 'tcp', host: '127.0.0.1', port: 70_000 },
      { kind: 'tcp', host: '127.0.0.1', port: 80, hots: 'typo' },
      { kind: 'tcp', port: 80 },
    ];

    for (const spec of bad) expect(tcpKind.schema.safeParse(spec).success, JSON.stringify(spec)).toBe(false);
  });

  it('describes the target as host:port', () => {
    const spec: TcpCheck = { kind: 'tcp', host: 'db.internal', port: 3306 };

    expect(tcpKind.describe(spec)).toBe('tcp db.internal:3306');
  });
});
