import type { Redis } from 'ioredis';

/** Runs `work` with a client of the real Redis on 127.0.0.1:6379 (the one `.ci/run` provides), then disconnects. */
export async function withRedis<T>(work: (client: Redis) => Promise<T>): Promise<T> {
  const { Redis: RedisClient } = await import('ioredis');
  const client = new RedisClient({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}
