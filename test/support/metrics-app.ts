import { createServer } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { listenLoopback, type Listening } from './net.js';

/** The error ratio of the app below as Prometheus computes it (a short window: the tests' Prometheus scrapes every second). */
export const errorRatio = 'sum(rate(http_requests_total{code=~"5.."}[5s])) / sum(rate(http_requests_total[5s]))';

/** A real app on 127.0.0.1 that counts its requests with prom-client, with an error percentage the test sets. */
export interface MetricsApp {
  readonly listening: Listening;
  setErrorPercent(percent: number): void;
  stop(): Promise<void>;
}

export async function startMetricsApp(): Promise<MetricsApp> {
  const registry = new Registry();
  const requests = new Counter({ name: 'http_requests_total', help: 'requests by status code', labelNames: ['code'], registers: [registry] });
  let errorPercent = 0;
  // Both series exist from the start, so a healthy app has an error ratio of 0 rather than no data.
  requests.inc({ code: '500' }, 0);
  const timer = setInterval(() => {
    requests.inc({ code: '200' }, 100 - errorPercent);
    if (errorPercent > 0) requests.inc({ code: '500' }, errorPercent);
  }, 100);
  const server = createServer((request, response) => {
    if (request.url === '/healthz') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    void registry.metrics().then((text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  const listening = await listenLoopback(server);
  return {
    listening,
    setErrorPercent: (percent) => {
      errorPercent = percent;
    },
    stop: async () => {
      clearInterval(timer);
      await listening.close();
    },
  };
}
