import { randomBytes } from 'node:crypto';
import { createAuditLog } from '@strongroom/audit';
import {
  createIdentity,
  createStorageRevocationList,
  IDENTITY_RATE_LIMITS,
  type Identity,
  type IdentityMessage,
  type IdentityRateLimits,
  type IdentitySender,
  type PasswordHasher,
  type RevocationList,
  TOKEN_SIGNING_KEK_DEFAULT,
} from '@strongroom/identity';
import {
  createStorageRateLimiter,
  ok,
  type RateLimiter,
  type RateLimitPolicy,
  type Storage,
  systemClock,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  generateSoftwareKeyring,
  secretEnvironmentVariable,
  VAULT_SECRET_NAMES_DEFAULT,
} from '@strongroom/vault';
import { BENCH_SIGNING } from '../harness.js';

/** Points per window no run can spend: the limiter still runs its transactions, never refuses. */
const RATE_LIMIT_POINTS_UNLIMITED = 1_000_000_000;

/** Every identity rate limit as shipped, except for its points. */
function unlimitedRateLimits(): IdentityRateLimits {
  const unlimited = (policy: RateLimitPolicy) => ({
    ...policy,
    points: RATE_LIMIT_POINTS_UNLIMITED,
  });
  return Object.fromEntries(
    Object.entries(IDENTITY_RATE_LIMITS).map(([name, policy]) => [name, unlimited(policy)]),
  ) as unknown as IdentityRateLimits;
}

/** A sender that delivers nothing and keeps each user's latest verification token. */
class RecordingSender implements IdentitySender {
  /** The verification token sent to each user, by user id. */
  readonly verificationTokens = new Map<string, string>();

  /** Records the message instead of delivering it. */
  async send(message: IdentityMessage) {
    if (message.kind === 'email_verification' && message.secret !== null)
      this.verificationTokens.set(message.userId, message.secret);
    return ok(undefined);
  }
}

/** Where an identity keeps its rate limits and revocations, when not in the storage. */
export interface BenchIdentityStores {
  readonly rateLimiter: RateLimiter;
  readonly revocations: RevocationList;
}

/** The adapters every identity of the run shares; only the password hasher differs. */
export interface BenchIdentityHost {
  /**
   * An identity over the shared storage, vault and audit log; the rate limiter and revocation list
   * are the storage's unless `stores` names others (Redis).
   */
  identity(passwordHasher: PasswordHasher, stores?: BenchIdentityStores): Identity;
  /** The verification token the sender captured for each user, by user id. */
  readonly verificationTokens: ReadonlyMap<string, string>;
  /** Flushes the vault's usage counters and closes the KMS (the storage is the caller's). */
  close(): Promise<void>;
}

/**
 * Identity as a host wires it on one storage: the vault on the software KMS with its own KEKs and
 * the `tokens` KEK that seals the access-token signing keys, secrets from an environment-style
 * provider (fresh random keys, never `process.env`), a real audit log, the storage rate limiter
 * with limits that never refuse, the storage revocation list and the system clock.
 */
export async function createBenchIdentityHost(storage: Storage): Promise<BenchIdentityHost> {
  const kms = createSoftwareKms({ keyring: generateSoftwareKeyring([], systemClock) });
  const secret = (bytes: number) =>
    JSON.stringify({ versions: [{ version: 1, value: randomBytes(bytes).toString('base64') }] });
  const secrets = createEnvironmentSecretProvider({
    [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.cardFingerprint)]: secret(32),
    [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.blindIndex)]: secret(32),
  });
  const audit = createAuditLog({ storage, signing: BENCH_SIGNING });
  const vault = createVault({ storage, audit, kms, secrets });
  unwrapOrThrow(await vault.prepareKeys());
  unwrapOrThrow(await kms.createKey(TOKEN_SIGNING_KEK_DEFAULT));
  const sender = new RecordingSender();
  const shared = {
    storage,
    audit,
    vault,
    sender,
    rateLimiter: createStorageRateLimiter({ storage }),
    revocations: createStorageRevocationList({ storage }),
    rateLimits: unlimitedRateLimits(),
    tokens: {
      issuer: 'https://auth.bench.strongroom.example',
      audience: 'https://api.bench.strongroom.example',
    },
    clock: systemClock,
  };
  return {
    identity: (passwordHasher, stores) => createIdentity({ ...shared, ...stores, passwordHasher }),
    verificationTokens: sender.verificationTokens,
    async close() {
      await vault.close();
      await kms.close();
    },
  };
}

/** A registered, verified user and the password that signs them in. */
export interface BenchUser {
  readonly email: string;
  readonly password: string;
}

/** The client address of worker `worker` (TEST-NET-1, RFC 5737): one rate-limit key per worker. */
export function workerAddress(worker: number): string {
  return `192.0.2.${worker + 1}`;
}

/**
 * Registers `count` users through `identity` with `concurrency` workers, each with its own random
 * password, and verifies their emails with the tokens the sender captured, so that all can sign in.
 */
export async function registerBenchUsers(
  host: BenchIdentityHost,
  identity: Identity,
  tenantId: TenantId,
  count: number,
  concurrency: number,
): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < count; index = next++) {
        const user = {
          email: `bench-user-${index}@bench.strongroom.example`,
          password: `bench ${randomBytes(12).toString('base64url')}`,
        };
        const registered = unwrapOrThrow(
          await identity.register({ tenantId, ...user, clientAddress: workerAddress(worker) }),
        );
        const token = host.verificationTokens.get(registered.userId);
        if (token === undefined) throw new Error('the sender captured no verification token');
        unwrapOrThrow(await identity.verifyEmail({ tenantId, token }));
        users.push(user);
      }
    }),
  );
  return users;
}
