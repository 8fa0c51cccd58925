import { assert, err, type InfrastructureError, ok, type Result } from '@strongroom/kernel';
import { Redis, type RedisOptions } from 'ioredis';
import { redisFailure } from './redis-failure.js';

/** How long one command may wait for its reply by default; Redis answers in well under 1 ms. */
export const REDIS_COMMAND_TIMEOUT_DEFAULT_MS = 1_000;
/** How long establishing a connection may take by default. */
export const REDIS_CONNECT_TIMEOUT_DEFAULT_MS = 2_000;
/** Longest pause between two reconnection attempts by default, so recovery follows an outage closely. */
export const REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS = 1_000;
/** Longest timeout any of the options accepts: a minute is already far beyond a useful answer. */
export const REDIS_TIMEOUT_MAX_MS = 60_000;

// The first reconnection waits this long; each further attempt waits one step more, up to the cap.
const RECONNECT_DELAY_STEP_MS = 50;

/** The timeouts that decide how fast an outage becomes an error; every one is optional. */
export interface RedisTimeouts {
  /** Longest wait for one command's reply (default {@link REDIS_COMMAND_TIMEOUT_DEFAULT_MS}). */
  readonly commandTimeoutMs?: number;
  /** Longest wait for a connection (default {@link REDIS_CONNECT_TIMEOUT_DEFAULT_MS}). */
  readonly connectTimeoutMs?: number;
  /** Cap on the pause between reconnections (default {@link REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS}). */
  readonly reconnectDelayMaxMs?: number;
}

/** The ioredis options {@link redisClientOptions} sets; everything else keeps ioredis's default. */
export type RecommendedRedisOptions = Required<
  Pick<
    RedisOptions,
    | 'enableOfflineQueue'
    | 'maxRetriesPerRequest'
    | 'autoResendUnfulfilledCommands'
    | 'commandTimeout'
    | 'connectTimeout'
    | 'retryStrategy'
  >
>;

/** What {@link createRedisClient} needs. */
export interface RedisClientOptions extends RedisTimeouts {
  /** `redis://[user:password@]host:port/db` or `rediss://` for TLS; a secret, never logged here. */
  readonly url: string;
  /** Receives connection errors; without it ioredis prints them to the console. */
  readonly onError?: (error: Error) => void;
}

function timeoutMs(value: number | undefined, fallbackMs: number): number {
  const chosenMs = value ?? fallbackMs;
  assert(
    Number.isSafeInteger(chosenMs) && chosenMs >= 1 && chosenMs <= REDIS_TIMEOUT_MAX_MS,
    'Redis timeouts must be whole milliseconds between 1 and REDIS_TIMEOUT_MAX_MS',
  );
  return chosenMs;
}

// Reconnection pauses get longer, with a random share so that many processes that lost the same
// server do not all knock at once when it comes back.
function reconnectDelayMs(attempt: number, delayMaxMs: number): number {
  const baseMs = Math.min(attempt * RECONNECT_DELAY_STEP_MS, delayMaxMs);
  const [random = 0] = crypto.getRandomValues(new Uint32Array(1));
  return Math.round(baseMs * (0.75 + (random / 2 ** 32) * 0.25));
}

/**
 * The ioredis options Strongroom recommends. ioredis's defaults favour never losing a command:
 * it queues commands while disconnected and retries each one across 20 reconnections, so during an
 * outage a login would hang for many seconds. A rate limit or a revocation check must answer at
 * once instead, so that fail-closed policies refuse with a retryable error and fail-open ones go on:
 * - `enableOfflineQueue: false`: while disconnected, a command fails immediately;
 * - `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`: a command in flight
 *   when the connection drops fails instead of being sent again (a resent INCRBY would count twice);
 * - `commandTimeout`: a server that accepted the connection but stopped answering cannot hang a
 *   caller longer than this;
 * - `retryStrategy`: the client keeps reconnecting in the background, with short capped pauses,
 *   so that the first request after the server returns succeeds.
 * Spread your own options (TLS, credentials) over the result if needed.
 */
export function redisClientOptions(timeouts: RedisTimeouts = {}): RecommendedRedisOptions {
  const delayMaxMs = timeoutMs(timeouts.reconnectDelayMaxMs, REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS);
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: timeoutMs(timeouts.commandTimeoutMs, REDIS_COMMAND_TIMEOUT_DEFAULT_MS),
    connectTimeout: timeoutMs(timeouts.connectTimeoutMs, REDIS_CONNECT_TIMEOUT_DEFAULT_MS),
    retryStrategy: (attempt) => reconnectDelayMs(attempt, delayMaxMs),
  };
}

/**
 * Connects a client configured with {@link redisClientOptions} and waits until it is ready: with
 * the offline queue off, commands sent before then would fail. An unreachable server is a typed,
 * retryable error (and the half-made client is closed), so a host can retry its start-up.
 */
export async function createRedisClient(
  options: RedisClientOptions,
): Promise<Result<Redis, InfrastructureError>> {
  const client = new Redis(options.url, { ...redisClientOptions(options), lazyConnect: true });
  if (options.onError !== undefined) client.on('error', options.onError);
  try {
    await client.connect();
    return ok(client);
  } catch (error) {
    client.disconnect();
    return err(redisFailure(error, 'redis.connect'));
  }
}
