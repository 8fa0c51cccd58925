import { createAuditLog } from '@strongroom/audit';
import {
  createStorageRateLimiter,
  FakeClock,
  type IdGenerator,
  ok,
  parseTenantId,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  generateSoftwareKeyring,
  type Kms,
} from '@strongroom/vault';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import type { PasskeyRelyingParty } from '../src/passkeys/passkey-options.js';
import type { PasswordHasher } from '../src/passwords/password-hasher.js';
import { createStorageRevocationList } from '../src/revocation/storage-revocation-list.js';
import type { IdentityMessage } from '../src/senders/identity-sender.js';
import { createIdentity, type Identity } from '../src/service/create-identity.js';

/** The password every harness user signs in with. */
export const HARNESS_PASSWORD = 'a long and unusual passphrase';

/** A secret's environment value: one 32-byte version per `[version, fill byte]`, newest first. */
export const harnessSecret = (...versions: readonly [number, number][]) =>
  JSON.stringify({
    versions: versions.map(([version, fill]) => ({
      version,
      value: Buffer.alloc(32, fill).toString('base64'),
    })),
  });

/** An identity on memory storage with a real vault, audit log, limiter and revocation list. */
export interface IdentityHarness {
  readonly identity: Identity;
  readonly storage: Storage;
  readonly clock: FakeClock;
  readonly kms: Kms;
  readonly tenantId: TenantId;
  /** Every message the identity asked to deliver, oldest first. */
  readonly outbox: IdentityMessage[];
}

/** The argon2 hasher the harness uses: the real one, at the smallest parameters it accepts. */
export function smallArgon2Hasher(): PasswordHasher {
  return createArgon2PasswordHasher(
    { memoryKib: 1024, passes: 1, parallelism: 1 },
    { allowWeakParameters: true },
  );
}

/**
 * Builds an {@link IdentityHarness}; `options` replace the clock's start, hasher, relying party,
 * blind-index secret, password minimum or id generator. With `sharing`, it is another process of the same
 * deployment: the same storage, clock and keys (a rotated secret is tried this way).
 */
export function createIdentityHarness(
  options: {
    readonly nowMs?: number;
    readonly passwordHasher?: PasswordHasher;
    readonly relyingParty?: PasskeyRelyingParty;
    readonly blindIndexSecret?: string;
    readonly sharing?: IdentityHarness;
    readonly passwordMinimumLength?: number;
    readonly ids?: IdGenerator;
  } = {},
): IdentityHarness {
  const clock =
    options.sharing?.clock ?? new FakeClock(new Date(options.nowMs ?? Date.UTC(2026, 0, 15)));
  const storage = options.sharing?.storage ?? createMemoryStorage();
  const audit = createAuditLog({
    storage,
    clock,
    signing: {
      originPrefix: 'identity.strongroom.test',
      masterSeeds: [new Uint8Array(32).fill(5)],
    },
  });
  const kms =
    options.sharing?.kms ??
    createSoftwareKms({
      keyring: generateSoftwareKeyring(['cards', 'fields', 'tokens'], clock),
      clock,
    });
  const vault = createVault({
    storage,
    audit,
    kms,
    clock,
    secrets: createEnvironmentSecretProvider({
      STRONGROOM_SECRET_CARD_FINGERPRINT: harnessSecret([1, 2]),
      STRONGROOM_SECRET_BLIND_INDEX: options.blindIndexSecret ?? harnessSecret([1, 3]),
    }),
  });
  const outbox: IdentityMessage[] = [];
  const identity = createIdentity({
    storage,
    audit,
    vault,
    clock,
    passwordHasher: options.passwordHasher ?? smallArgon2Hasher(),
    rateLimiter: createStorageRateLimiter({ storage, clock }),
    revocations: createStorageRevocationList({ storage, clock }),
    sender: {
      send: async (message) => {
        outbox.push(message);
        return ok(undefined);
      },
    },
    tokens: { issuer: 'https://id.strongroom.test', audience: 'https://api.strongroom.test' },
    ...(options.relyingParty === undefined ? {} : { relyingParty: options.relyingParty }),
    ...(options.passwordMinimumLength === undefined
      ? {}
      : { passwordMinimumLength: options.passwordMinimumLength }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
  });
  return {
    identity,
    storage,
    clock,
    kms,
    tenantId: unwrapOrThrow(parseTenantId('acme')),
    outbox,
  };
}

/** Registers and verifies a user with {@link HARNESS_PASSWORD}; returns their id. */
export async function registerVerifiedUser(
  harness: IdentityHarness,
  email: string,
): Promise<string> {
  const { identity, tenantId, outbox } = harness;
  const { userId } = unwrapOrThrow(
    await identity.register({
      tenantId,
      email,
      password: HARNESS_PASSWORD,
      clientAddress: '198.51.100.1',
    }),
  );
  unwrapOrThrow(await identity.verifyEmail({ tenantId, token: outbox.at(-1)?.secret }));
  return userId;
}

/** A password sign-in of `email` from a new device. */
export function signIn(harness: IdentityHarness, email: string, password = HARNESS_PASSWORD) {
  return harness.identity.login({
    tenantId: harness.tenantId,
    email,
    password,
    device: {},
    clientAddress: '198.51.100.1',
  });
}
