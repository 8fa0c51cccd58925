import { assert } from '@strongroom/kernel';
import type { Redis } from 'ioredis';
import { STORE_ROWS_MAX, type StoreRow } from './store-row.js';

const SCAN_PAGES_MAX = 100_000;
const SCAN_PAGE_SIZE = 500;

/** The keys matching a SCAN pattern (`prefix*`, or `*` for all). */
export async function redisKeysMatching(client: Redis, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  for (let page = 0; page < SCAN_PAGES_MAX; page += 1) {
    const [next, found] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_PAGE_SIZE);
    for (const key of found) keys.add(key);
    assert(keys.size <= STORE_ROWS_MAX, `a scanned key space holds at most ${STORE_ROWS_MAX} keys`);
    cursor = next;
    if (cursor === '0') return [...keys];
  }
  throw new Error(`redisKeysMatching: more than ${SCAN_PAGES_MAX} SCAN pages`);
}

async function readValue(client: Redis, key: string): Promise<unknown> {
  const type = await client.type(key);
  switch (type) {
    case 'string':
      return client.get(key);
    case 'hash':
      return client.hgetall(key);
    case 'list':
      return client.lrange(key, 0, -1);
    case 'set':
      return client.smembers(key);
    case 'zset':
      return client.zrange(key, '0', '-1', 'WITHSCORES');
    case 'stream':
      return client.xrange(key, '-', '+');
    default:
      // `none`: the key expired between SCAN and TYPE.
      return null;
  }
}

/** Each of `keys` with its value (whatever its type), as `key value-as-JSON`. */
export async function redisRowsOf(client: Redis, keys: readonly string[]): Promise<StoreRow[]> {
  const rows: StoreRow[] = [];
  for (const key of keys) {
    const text = `${JSON.stringify(key)} ${JSON.stringify(await readValue(client, key))}`;
    rows.push({ place: `key ${rows.length + 1}`, text });
  }
  return rows;
}

/** Every key matching the pattern with its value, as {@link redisRowsOf} writes them. */
export async function redisKeyRows(client: Redis, pattern: string): Promise<StoreRow[]> {
  return redisRowsOf(client, await redisKeysMatching(client, pattern));
}
