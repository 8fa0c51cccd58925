import type { AuditLog } from '@strongroom/audit';
import {
  createIdentity,
  createStorageRevocationList,
  IDENTITY_RATE_LIMITS,
  type Identity,
  type IdentityRateLimits,
  type PasswordHasher,
  type RevocationList,
} from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import {
  createStorageRateLimiter,
  type FakeClock,
  type RateLimiter,
  type RateLimitPolicy,
  type Storage,
  unwrapOrThrow,
} from '@strongroom/kernel';
import type { SensitiveValues } from '../vault/sensitive-values.js';
import { createSuiteVault, type SuiteVault } from '../vault/suite-vault.js';
import { recordingIdentity } from './recording-identity.js';
import { RecordingSender } from './recording-sender.js';

/** The issuer and audience of the suite's access tokens. */
export const SUITE_TOKENS = {
  issuer: 'https://auth.strongroom.test',
  audience: 'https://api.strongroom.test',
} as const;

/** The KEK that seals access-token signing keys (identity's default key id). */
export const SUITE_TOKENS_KEK = 'tokens';

/**
 * The cheapest argon2id the hasher accepts (with `allowWeakParameters`): the real algorithm, so
 * the suite proves hashing and verifying on every backend, at a cost that keeps it quick.
 */
export const SUITE_ARGON2_PARAMETERS = { memoryKib: 1024, passes: 1, parallelism: 1 } as const;

/** Points per window of every policy in {@link SUITE_RATE_LIMITS}. */
export const SUITE_RATE_LIMIT_POINTS = 1000;

function generous(policy: RateLimitPolicy): RateLimitPolicy {
  return { ...policy, points: SUITE_RATE_LIMIT_POINTS };
}

/**
 * Identity's shipped policies with room for a whole case: lockout, MFA attempts and repeated
 * sign-ins are tested on their own rules, and the rate-limit cases pass the shipped policies.
 */
export const SUITE_RATE_LIMITS = Object.fromEntries(
  Object.entries(IDENTITY_RATE_LIMITS).map(([name, policy]) => [name, generous(policy)]),
) as unknown as IdentityRateLimits;

/** How a case wants its identity. */
export interface SuiteIdentityOptions {
  /** Roles a new user gets; none by default. */
  readonly defaultRoles?: readonly string[];
  /** Replaces policies of {@link SUITE_RATE_LIMITS}, e.g. with the shipped ones. */
  readonly rateLimits?: Partial<IdentityRateLimits>;
  /**
   * Another identity of the case whose adapters (vault, audit log, clock, mailbox, hasher, rate
   * limiter, revocation list) this one shares: a second deployment setting over the same data.
   */
  readonly sharing?: SuiteIdentity;
}

/** The adapters an identity is built from, shared by identities built `sharing` it. */
export interface SuiteIdentityAdapters {
  readonly suiteVault: SuiteVault;
  readonly mailbox: RecordingSender;
  readonly passwordHasher: PasswordHasher;
  readonly rateLimiter: RateLimiter;
  readonly revocations: RevocationList;
}

/** An identity over the storage under test, with what it was built from. */
export interface SuiteIdentity {
  readonly identity: Identity;
  readonly audit: AuditLog;
  readonly clock: FakeClock;
  /** Where every email and SMS the identity sends arrives. */
  readonly mailbox: RecordingSender;
  readonly storage: Storage;
  readonly adapters: SuiteIdentityAdapters;
  /** Closes the vault and KMS this identity created (nothing for a sharing one). */
  close(): Promise<void>;
}

async function createAdapters(
  storage: Storage,
  sensitive: SensitiveValues,
): Promise<SuiteIdentityAdapters> {
  const suiteVault = await createSuiteVault(storage, sensitive);
  unwrapOrThrow(await suiteVault.kms.createKey(SUITE_TOKENS_KEK));
  const { clock } = suiteVault;
  return {
    suiteVault,
    // Tokens by email, codes by SMS: the scan looks for codes as short digit values.
    mailbox: new RecordingSender(({ channel, secret }) => {
      if (secret === null) return;
      if (channel === 'sms') sensitive.addSecurityCode(secret);
      else sensitive.addText(secret);
    }),
    passwordHasher: createArgon2PasswordHasher(SUITE_ARGON2_PARAMETERS, {
      allowWeakParameters: true,
    }),
    rateLimiter: createStorageRateLimiter({ storage, clock }),
    revocations: createStorageRevocationList({ storage, clock }),
  };
}

/**
 * Builds an identity the way a host would, over the storage under test: the vault suite's vault
 * (software KMS behind a recorder, environment secrets, a real audit log, a fake clock) plus the
 * `tokens` KEK, argon2id at its cheapest, the storage rate limiter and revocation list, and the
 * suite's mailbox. Every key, secret, token and personal value that crosses its boundary is added
 * to `sensitive` (see `recordingIdentity`).
 */
export async function createSuiteIdentity(
  storage: Storage,
  sensitive: SensitiveValues,
  options: SuiteIdentityOptions = {},
): Promise<SuiteIdentity> {
  const shared = options.sharing?.adapters;
  const adapters = shared ?? (await createAdapters(storage, sensitive));
  const { suiteVault } = adapters;
  const service = createIdentity({
    storage,
    audit: suiteVault.audit,
    vault: suiteVault.vault,
    passwordHasher: adapters.passwordHasher,
    rateLimiter: adapters.rateLimiter,
    revocations: adapters.revocations,
    sender: adapters.mailbox,
    tokens: SUITE_TOKENS,
    clock: suiteVault.clock,
    defaultRoles: options.defaultRoles ?? [],
    rateLimits: { ...SUITE_RATE_LIMITS, ...options.rateLimits },
  });
  return {
    identity: recordingIdentity(service, sensitive),
    audit: suiteVault.audit,
    clock: suiteVault.clock,
    mailbox: adapters.mailbox,
    storage,
    adapters,
    close: async () => {
      if (shared === undefined) await suiteVault.close();
    },
  };
}
