import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback, type Listening } from '../../../test/support/net.js';
import { instantValue, prometheusAvailable, startPrometheus, waitFor, type RunningPrometheus } from '../../../test/support/prometheus.js';
import { inertSecrets } from '../../../test/support/secrets.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { prometheusKind, type PrometheusCheck } from './index.js';

// A real Prometheus (Debian's `prometheus` package, see .ci/install-prometheus.sh) scraping, every
// second, a real app on 127.0.0.1 that exposes metrics with prom-client.

const planted = 'golive-planted-Secret-Pm1';
const errorRatio = 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))';
const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

interface Stack {
  url: string;
  app: Listening;
  stop(): Promise<void>;
}

async function startApp(): Promise<{ app: Listening; stop: () => void }> {
  const registry = new Registry();
  const requests = new Counter({ name: 'http_requests_total', help: 'requests by status code', labelNames: ['code'], registers: [registry] });
  new Gauge({ name: 'golive_test_queue_depth', help: 'a constant gauge', registers: [registry] }).set(42);
  new Gauge({ name: 'golive_test_info', help: 'a label holding a planted secret', labelNames: ['token'], registers: [registry] }).set({ token: planted }, 1);
  // 1 error in 50 requests: an error ratio of 2%, over seed 003's 1% rollback line.
  const timer = setInterval(() => {
    requests.inc({ code: '200' }, 49);
    requests.inc({ code: '500' }, 1);
  }, 100);
  const server = createHttpServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    void registry.metrics().then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  return { app: await listenLoopback(server), stop: () => clearInterval(timer) };
}

async function startStack(): Promise<Stack> {
  const { app, stop: stopApp } = await startApp();
  let prometheus: RunningPrometheus;
  try {
    prometheus = await startPrometheus([app.port]);
    // rate() needs two scrapes with traffic in between.
    await waitFor('the error ratio has a value', async () => (await instantValue(prometheus.url, errorRatio)) !== undefined);
  } catch (error) {
    stopApp();
    await app.close();
    throw error;
  }
  return {
    url: prometheus.url,
    app,
    stop: async () => {
      stopApp();
      await prometheus.stop();
      await app.close();
    },
  };
}

function check(fields: Omit<PrometheusCheck, 'kind'>): PrometheusCheck {
  return { kind: 'prometheus', ...fields };
}

const available = await prometheusAvailable();

describe.skipIf(!available)('prometheus kind against a real Prometheus', () => {
  let stack: Promise<Stack> | undefined;
  const started = () => (stack ??= startStack());

  afterAll(async () => {
    await (await stack)?.stop();
  });

  describeCheckKindConformance(prometheusKind, async () => {
    const { url } = await started();
    // Accepts TCP and never answers the HTTP request.
    const silent = await listenLoopback(createServer((socket) => socket.resume()));
    return {
      passing: check({ url, query: 'golive_test_queue_depth', expect: ['value == 42', 'result_type == "vector"'] }),
      failing: check({ url, query: 'golive_test_queue_depth', expect: ['value < 10'] }),
      hanging: check({ url: `http://127.0.0.1:${silent.port}`, query: 'up' }),
      secret: { spec: check({ url, query: 'golive_test_info' }), value: planted },
      teardown: () => silent.close(),
    };
  });

  describe('kind-specific', () => {
    let url: string;
    let app: Listening;
    let closed: number;

    beforeAll(async () => {
      ({ url, app } = await started());
      closed = await closedPort();
    });

    it('gates on seed 003\'s rollback trigger: an error ratio of 2% fails `value <= 1%`', async () => {
      const over = await runCheck(prometheusKind, check({ url, query: errorRatio, expect: ['value <= 1%'] }), options);
      const under = await runCheck(prometheusKind, check({ url, query: errorRatio, expect: ['value <= 5%', 'value > 1%'] }), options);

      expect(over.status).toBe('fail');
      expect(over.evidence.observed?.value).toBeCloseTo(0.02, 6);
      expect(under.status, JSON.stringify(under.evidence)).toBe('pass');
    });

    it('reads a window with query_range: the last sample is the value', async () => {
      const outcome = await runCheck(prometheusKind, check({ url, query: 'golive_test_queue_depth', range: { last: '5m', step: '30s' }, expect: ['value == 42', 'result_type == "matrix"', 'len(series) == 1'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.target).toBe(`prometheus ${url} · golive_test_queue_depth [last 5m]`);
      expect(outcome.evidence.observed?.range).toEqual({ last: '5m', step: '30s' });
    });

    it('fails `value exists` when the query matches nothing, and says why', async () => {
      const outcome = await runCheck(prometheusKind, check({ url, query: 'golive_metric_that_does_not_exist' }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.observed?.noValue).toEqual({ en: 'the query returned no series (no data, or the labels match nothing)', zh: '查询没有返回任何序列（无数据或标签不匹配）' });
    });

    it('treats NaN as no value (0/0 when nothing was counted), with the reason', async () => {
      const outcome = await runCheck(prometheusKind, check({ url, query: 'vector(0) / vector(0)', expect: ['value <= 1%'] }), options);

      expect(outcome.status).toBe('fail');
      expect((outcome.evidence.observed?.noValue as { en: string }).en).toMatch(/^the value is NaN/);
      expect(outcome.evidence.observed?.series).toEqual([{ metric: {}, value: 'NaN' }]);
    });

    it('reads scalars', async () => {
      const outcome = await runCheck(prometheusKind, check({ url, query: 'scalar(golive_test_queue_depth) * 2', expect: ['value == 84', 'result_type == "scalar"'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    });

    it('is an error (the plan\'s mistake) with Prometheus\'s own text for a query that does not parse', async () => {
      const outcome = await runCheck(prometheusKind, check({ url, query: 'sum(rate(http_requests_total[5m]' }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toMatch(/^Prometheus rejected the query \(bad_data\): .*parse error/);
      expect(outcome.evidence.reason?.zh).toMatch(/^Prometheus 拒绝了该查询（bad_data）/);
    });

    it('fails clearly when the URL is not a Prometheus server', async () => {
      const outcome = await runCheck(prometheusKind, check({ url: `http://127.0.0.1:${app.port}`, query: 'up' }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toBe(`Prometheus at http://127.0.0.1:${app.port} did not answer the query: HTTP 404 with a body that is not JSON: is this the Prometheus server URL?`);
    });

    it('fails with ECONNREFUSED when nothing listens', async () => {
      const outcome = await runCheck(prometheusKind, check({ url: `http://127.0.0.1:${closed}`, query: 'up' }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toMatch(/connection refused .*\(ECONNREFUSED\)$/);
    });

    it('sends credentials from the URL but never shows the password', async () => {
      const outcome = await runCheck(prometheusKind, check({ url: `http://ops:Prom-Pass-42@127.0.0.1:${new URL(url).port}`, query: 'golive_test_queue_depth', expect: ['value == 42'] }), { ...options, secrets: inertSecrets() });

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.target).toBe(`prometheus http://ops:••••@127.0.0.1:${new URL(url).port} · golive_test_queue_depth`);
      expect(JSON.stringify(outcome)).not.toContain('Prom-Pass-42');
    });

    it('keeps a pasted /api/v1/query path from being doubled', async () => {
      const outcome = await runCheck(prometheusKind, check({ url: `${url}/api/v1/query`, query: 'golive_test_queue_depth', expect: ['value == 42'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    });
  });
});
