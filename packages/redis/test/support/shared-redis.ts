import {
  AssertionFailure,
  parseTenantId,
  systemClock,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createRedisClient, type RedisTimeouts } from '../../src/index.js';

/** The Redis every adapter test shares (started by `.ci/run` when absent). */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test file or run uses, so a file can delete exactly its own keys. */
export function uniqueKeyPrefix(label: string): string {
  return `strongroom-test:${label}:${crypto.randomUUID().slice(0, 13)}:`;
}

/** A client configured as recommended, connected to `url`. */
export async function connectedClient(
  url: string = SHARED_REDIS_URL,
  timeouts: RedisTimeouts = {},
): Promise<Redis> {
  return unwrapOrThrow(await createRedisClient({ url, ...timeouts }));
}

/** Deletes every key under the prefix (SCAN + DEL), then closes the client. */
export async function deleteKeysAndQuit(client: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await client.quit();
}

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** The host's time in epoch milliseconds (Redis on this machine keeps the same clock). */
export function nowMs(): number {
  return systemClock.now().getTime();
}

/** Resolves after a real pause: Redis expires keys on its own clock, so fake time cannot help. */
export function pause(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** Expects a programmer error: an {@link AssertionFailure}, thrown or rejected. */
export async function expectAssertionFailure(run: () => unknown): Promise<void> {
  await expect(async () => run()).rejects.toBeInstanceOf(AssertionFailure);
}
