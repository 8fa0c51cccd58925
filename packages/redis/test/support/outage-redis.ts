import type { Redis } from 'ioredis';
import { freePort, type PrivateRedisServer, startRedisServer } from './private-redis-server.js';
import { connectedClient } from './shared-redis.js';

/** A private Redis server an outage test may stop, and a client with short timeouts on it. */
export interface OutageRedis {
  readonly server: PrivateRedisServer;
  readonly client: Redis;
}

/** Starts the server and client of an outage test file (in its `beforeAll`). */
export async function startOutageRedis(): Promise<OutageRedis> {
  const server = await startRedisServer(await freePort());
  const client = await connectedClient(server.url, {
    commandTimeoutMs: 300,
    reconnectDelayMaxMs: 100,
  });
  // Connection errors are expected here; listening keeps ioredis from printing each one.
  client.on('error', () => {});
  return { server, client };
}

/** Stops them again (in its `afterAll`). */
export async function stopOutageRedis(redis: OutageRedis): Promise<void> {
  redis.client.disconnect();
  await redis.server.kill();
}
