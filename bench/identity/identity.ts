import { setTimeout } from 'node:timers/promises';
import type { Identity } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresStorage } from '@strongroom/postgres';
import {
  createRedisClient,
  createRedisRateLimiter,
  createRedisRevocationList,
  type RedisAdapterOptions,
} from '@strongroom/redis';
import type { BenchDatabase } from '../database.js';
import { type BenchScale, benchTenant, type Metric, progress, runWorkers } from '../harness.js';
import { emptyTotals, runTimedWorkers, type TimedTotals } from '../vault-timing.js';
import { EventLoopDelay } from './event-loop-delay.js';
import { type IdentityResults, identityMetrics, type VariantResult } from './identity-metrics.js';
import {
  type BenchUser,
  createBenchIdentityHost,
  registerBenchUsers,
  workerAddress,
} from './identity-setup.js';
import { mainThreadArgon2Hasher } from './main-thread-argon2-hasher.js';
import { rawArgon2 } from './raw-argon2.js';

/** Concurrent hashes or sign-ins in flight in every measured phase. */
const IDENTITY_CONCURRENCY = 16;

/** Registrations in flight during set-up (not measured). */
const REGISTRATION_CONCURRENCY = IDENTITY_CONCURRENCY;
/** The local Redis, for the variant whose rate limits and revocations live there. */
const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** Users registered (and verified) before the runs, per scale; logins pick one at random. */
const USERS: Record<BenchScale['name'], number> = { small: 64, full: 256 };
/** Interleaved rounds and how long each variant runs per round, per scale. */
const ROUNDS: Record<BenchScale['name'], { count: number; phaseMs: number; warmUpMs: number }> = {
  small: { count: 2, phaseMs: 1500, warmUpMs: 500 },
  full: { count: 3, phaseMs: 4000, warmUpMs: 1000 },
};

const VARIANTS = [
  'raw_argon2',
  'login_worker_threads',
  'login_worker_threads_redis',
  'login_main_thread',
] as const;
type Variant = (typeof VARIANTS)[number];

const TENANT_ID = benchTenant('bench-identity');
// What a browser would send; a new device per sign-in also encrypts it for the user.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) StrongroomBench/1.0';

function pick(users: readonly BenchUser[]): BenchUser {
  const user = users[Math.floor(Math.random() * users.length)];
  if (user === undefined) throw new Error('no users were registered');
  return user;
}

// A random user signs in with the right password from a new device.
async function signIn(identity: Identity, users: readonly BenchUser[], worker: number) {
  const user = pick(users);
  const signedIn = unwrapOrThrow(
    await identity.login({
      tenantId: TENANT_ID,
      email: user.email,
      password: user.password,
      device: { userAgent: USER_AGENT },
      clientAddress: workerAddress(worker),
    }),
  );
  if (signedIn.status !== 'signed_in') throw new Error('a benchmark user was asked for MFA');
}

/**
 * The identity benchmark: password sign-ins through `createIdentity` on the Postgres server with
 * argon2id at OWASP's parameters, 16 at a time, against bare `crypto.argon2` at the same
 * concurrency in the same run (the ceiling), and against the same sign-ins hashing with
 * `argon2Sync` on the main thread; the event loop's delay is sampled during every measured phase.
 */
export async function benchIdentity(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  const storage = createPostgresStorage({
    connectionString: database.connectionString,
    maxConnections: IDENTITY_CONCURRENCY + 4,
  });
  const host = await createBenchIdentityHost(storage);
  const redis = unwrapOrThrow(await createRedisClient({ url: REDIS_URL }));
  const keyPrefix = `sr-bench-${Date.now()}:`;
  try {
    const workerThreads = host.identity(createArgon2PasswordHasher());
    const workerThreadsRedis = host.identity(createArgon2PasswordHasher(), {
      rateLimiter: createRedisRateLimiter({ client: redis, keyPrefix }),
      revocations: createRedisRevocationList({ client: redis, keyPrefix }),
    });
    const mainThread = host.identity(mainThreadArgon2Hasher);
    progress(`identity: registering and verifying ${USERS[scale.name]} users`);
    const users = await registerBenchUsers(
      host,
      workerThreads,
      TENANT_ID,
      USERS[scale.name],
      REGISTRATION_CONCURRENCY,
    );
    const password = pick(users).password;
    const operations: Record<Variant, (worker: number) => Promise<void>> = {
      raw_argon2: () => rawArgon2(password),
      login_worker_threads: (worker) => signIn(workerThreads, users, worker),
      login_worker_threads_redis: (worker) => signIn(workerThreadsRedis, users, worker),
      login_main_thread: (worker) => signIn(mainThread, users, worker),
    };
    const results = await interleaved(operations, scale);
    return identityMetrics(results, {
      users: users.length,
      concurrency: IDENTITY_CONCURRENCY,
      rounds: `${ROUNDS[scale.name].count} rounds × ${ROUNDS[scale.name].phaseMs / 1000} s`,
    });
  } finally {
    await deleteBenchKeys(redis, keyPrefix);
    redis.disconnect();
    await host.close();
    await storage.close();
  }
}

// Warm-up per variant (JIT, pool connections, the tenant's signing key), then rounds alternating
// the variants' order, so drift of a shared machine hits every variant alike; each round starts
// with an idle phase.
async function interleaved(
  operations: Record<Variant, (worker: number) => Promise<void>>,
  scale: BenchScale,
): Promise<IdentityResults> {
  const { count, phaseMs, warmUpMs } = ROUNDS[scale.name];
  for (const variant of VARIANTS) {
    await runWorkers(IDENTITY_CONCURRENCY, warmUpMs, (worker) => operations[variant](worker));
  }
  const fresh = (): VariantResult => ({ totals: emptyTotals(), delay: new EventLoopDelay() });
  const results: IdentityResults = {
    idle: new EventLoopDelay(),
    raw_argon2: fresh(),
    login_worker_threads: fresh(),
    login_worker_threads_redis: fresh(),
    login_main_thread: fresh(),
  };
  for (let round = 0; round < count; round += 1) {
    // The machine's own noise: the loop's delay with nothing of ours running.
    await results.idle.during(() => setTimeout(phaseMs));
    for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const { totals, delay } = results[variant];
      await delay.during(() =>
        runTimedWorkers(totals, IDENTITY_CONCURRENCY, phaseMs, (worker) =>
          operations[variant](worker),
        ),
      );
    }
    progress(`identity round ${round + 1}: ${roundSummary(results)}`);
  }
  return results;
}

// The run's rate-limit counters and revocations, so repeated runs leave nothing in Redis.
async function deleteBenchKeys(
  redis: RedisAdapterOptions['client'],
  keyPrefix: string,
): Promise<void> {
  let cursor = '0';
  for (let page = 0; page < 10_000; page += 1) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') return;
  }
}

function roundSummary(results: IdentityResults): string {
  const last = (totals: TimedTotals) => (totals.rounds.at(-1) ?? Number.NaN).toFixed(1);
  return VARIANTS.map((variant) => `${variant} ${last(results[variant].totals)}/s`).join(', ');
}
