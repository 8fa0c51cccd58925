import { availableParallelism } from 'node:os';
import { ARGON2_OWASP_PARAMETERS, ARGON2_SALT_BYTES, ARGON2_TAG_BYTES } from '@strongroom/identity';
import type { Metric } from '../harness.js';
import { latencySummary, rate, type TimedTotals } from '../vault-timing.js';
import { EVENT_LOOP_RESOLUTION_MS, type EventLoopDelay } from './event-loop-delay.js';

/** Sign-ins per second against bare argon2 hashes per second at the same concurrency. */
const TARGET_RATIO = 0.8;
/** The event loop's p99 delay while sign-ins run, sampled every 10 ms (the period included). */
const TARGET_DELAY_P99_MS = 20;
/** libuv's thread-pool size when `UV_THREADPOOL_SIZE` is unset. */
const LIBUV_THREADPOOL_SIZE_DEFAULT = 4;

/** One variant's operations and the event-loop delay sampled while it ran. */
export interface VariantResult {
  readonly totals: TimedTotals;
  readonly delay: EventLoopDelay;
}

/** Every variant of the identity benchmark, and the event loop's delay with none running. */
export interface IdentityResults {
  readonly idle: EventLoopDelay;
  readonly raw_argon2: VariantResult;
  readonly login_worker_threads: VariantResult;
  readonly login_worker_threads_redis: VariantResult;
  readonly login_main_thread: VariantResult;
}

/** What the notes say about the run as a whole. */
export interface IdentityRunInfo {
  readonly users: number;
  readonly concurrency: number;
  /** `<n> rounds × <s> s`. */
  readonly rounds: string;
}

function roundRatios(value: TimedTotals, baseline: TimedTotals): string {
  return value.rounds
    .map((perSecond, round) => (perSecond / (baseline.rounds[round] ?? Number.NaN)).toFixed(2))
    .join(', ');
}

function threadPool(): string {
  const configured = process.env['UV_THREADPOOL_SIZE'];
  const size = configured === undefined ? `${LIBUV_THREADPOOL_SIZE_DEFAULT} (default)` : configured;
  return `UV_THREADPOOL_SIZE ${size}, os.availableParallelism() ${availableParallelism()}`;
}

// The loop's delay while `measured` ran, against the same process idle in the same run.
function delayMetric(name: string, measured: EventLoopDelay, idle: EventLoopDelay): Metric {
  const p99 = measured.p99Ms();
  return {
    name,
    value: p99,
    unit: 'ms',
    baseline: { label: 'idle event loop p99', value: idle.p99Ms() },
    ratio: p99 / idle.p99Ms(),
    target: { text: `< ${TARGET_DELAY_P99_MS} ms`, pass: p99 < TARGET_DELAY_P99_MS },
    note: `monitorEventLoopDelay, resolution ${EVENT_LOOP_RESOLUTION_MS} ms (each sample includes the period: an idle loop reads ~${EVENT_LOOP_RESOLUTION_MS} ms); value and baseline are the worst phase's p99; ${measured.summary()}; idle ${idle.summary()}`,
  };
}

/**
 * The identity rows: bare argon2 hashes/s (the ceiling), sign-ins/s with argon2 on worker threads
 * against it, then with `argon2Sync` on the main thread against those, each with the event loop's
 * p99 delay while it ran.
 */
export function identityMetrics(results: IdentityResults, info: IdentityRunInfo): Metric[] {
  const {
    raw_argon2: raw,
    login_worker_threads: pool,
    login_worker_threads_redis: poolRedis,
    login_main_thread: main,
  } = results;
  const poolRedisRatio = rate(poolRedis.totals) / rate(raw.totals);
  const c = `c=${info.concurrency}`;
  const poolRatio = rate(pool.totals) / rate(raw.totals);
  const { memoryKib, passes, parallelism } = ARGON2_OWASP_PARAMETERS;
  const login = `createIdentity().login on Postgres: a random one of ${info.users} verified users, right password, new device (its user agent encrypted); 1 rate-limit tx counting the account and address limits together (storage limiter, consumeMany), user lookup tx, argon2id verify, 1 tx for user + device + session + audit leaf, EdDSA access token (no limiter reset: no failed check to forgive)`;
  return [
    {
      name: `identity: raw crypto.argon2 (thread pool), ${c}`,
      value: rate(raw.totals),
      unit: 'hashes/s',
      note: `baseline: node:crypto argon2id async, m=${memoryKib} KiB, t=${passes}, p=${parallelism}, ${ARGON2_TAG_BYTES}-byte tag, ${ARGON2_SALT_BYTES}-byte nonce; ${threadPool()}; ${latencySummary(raw.totals)}; event-loop delay ${raw.delay.summary()}; ${info.rounds}`,
    },
    {
      name: `identity: login, argon2 on worker threads, ${c}`,
      value: rate(pool.totals),
      unit: 'logins/s',
      baseline: { label: 'raw crypto.argon2', value: rate(raw.totals) },
      ratio: poolRatio,
      target: { text: `>= ${TARGET_RATIO.toFixed(2)}`, pass: poolRatio >= TARGET_RATIO },
      note: `${login}; createArgon2PasswordHasher() (OWASP defaults: os.availableParallelism() + 1 worker threads, nice +10 on Linux); ${latencySummary(pool.totals)}; per-round ratios ${roundRatios(pool.totals, raw.totals)}; ${info.rounds}`,
    },
    delayMetric(
      `identity: event-loop delay p99, logins on worker threads, ${c}`,
      pool.delay,
      results.idle,
    ),
    {
      name: `identity: login, argon2 on worker threads, limits and revocations on Redis, ${c}`,
      value: rate(poolRedis.totals),
      unit: 'logins/s',
      baseline: { label: 'raw crypto.argon2', value: rate(raw.totals) },
      ratio: poolRedisRatio,
      target: { text: `>= ${TARGET_RATIO.toFixed(2)}`, pass: poolRedisRatio >= TARGET_RATIO },
      note: `the same logins with createRedisRateLimiter and createRedisRevocationList on the local Redis (the deployment the docs recommend) instead of the storage's; ${latencySummary(poolRedis.totals)}; per-round ratios ${roundRatios(poolRedis.totals, raw.totals)}; ${info.rounds}`,
    },
    delayMetric(
      `identity: event-loop delay p99, logins on worker threads with Redis, ${c}`,
      poolRedis.delay,
      results.idle,
    ),
    {
      name: `identity: login, argon2Sync on the main thread, ${c}`,
      value: rate(main.totals),
      unit: 'logins/s',
      baseline: { label: 'logins, worker threads', value: rate(pool.totals) },
      ratio: rate(main.totals) / rate(pool.totals),
      note: `same logins with the bench-only mainThreadArgon2Hasher (crypto.argon2Sync, same PHC hashes); ${latencySummary(main.totals)}; ${info.rounds}`,
    },
    delayMetric(
      `identity: event-loop delay p99, logins on the main thread, ${c}`,
      main.delay,
      results.idle,
    ),
  ];
}
