import { createServer } from 'node:http';
import { listenLoopback } from '../support/net.js';

/**
 * STAND-IN for Prometheus' HTTP query API (`GET /api/v1/query`): answers each query with the value the test set, as
 * an instant vector (no value: an empty vector, i.e. no data). A hostile query, `echo_authorization`, is refused
 * with an error that quotes the request's Authorization header (a bearer token must be masked where golive shows it). For tests that need exact values at given times on a
 * test clock; a real Prometheus scraping a real app runs in test/orchestrate/rollout.test.ts where its binary is
 * installed.
 */
export interface PrometheusQueryStandIn {
  readonly url: string;
  /** The value each query answers, by the query's text; a query not set has no data. */
  readonly values: Map<string, number>;
  /** Every query asked, in order. */
  readonly asked: string[];
  close(): Promise<void>;
}

export async function startPrometheusQueryStandIn(): Promise<PrometheusQueryStandIn> {
  const values = new Map<string, number>();
  const asked: string[] = [];
  const listening = await listenLoopback(
    createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/api/v1/query') return void response.writeHead(404).end();
      const query = url.searchParams.get('query') ?? '';
      asked.push(query);
      if (query === 'echo_authorization') {
        return void response.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'execution', error: `refused ${request.headers.authorization ?? ''}` }));
      }
      const value = values.get(query);
      const result = value === undefined ? [] : [{ metric: {}, value: [Date.now() / 1000, String(value)] }];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    }),
  );
  return { url: `http://127.0.0.1:${listening.port}`, values, asked, close: () => listening.close() };
}
