import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';

/**
 * The headers helmet puts on every response, worked out once at start-up. @fastify/helmet builds helmet's middleware
 * again on every request (the Content-Security-Policy parsed and validated each time, through two extra hooks):
 * about a tenth of a run-summary request's time. Here helmet answers one request of a throwaway instance with the
 * same options, and the headers it added (those a route without helmet lacks) are what every response gets.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<ReadonlyArray<readonly [string, string]>> {
  const probe = Fastify({ logger: false });
  probe.get('/plain', async () => '');
  await probe.register(async (scope) => {
    await scope.register(fastifyHelmet, options);
    scope.get('/helmet', async () => '');
  });
  try {
    const plain = await probe.inject({ method: 'GET', url: '/plain' });
    const guarded = await probe.inject({ method: 'GET', url: '/helmet' });
    return Object.entries(guarded.headers)
      .filter(([name]) => !(name in plain.headers))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)] as const);
  } finally {
    await probe.close();
  }
}
