import { randomBytes } from 'node:crypto';
import type { IdentitySender } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { ok, type Storage, systemClock, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createStrongroom, type Strongroom } from '@strongroom/sdk';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
  secretEnvironmentVariable,
  VAULT_SECRET_NAMES_DEFAULT,
} from '@strongroom/vault';
import { BENCH_SIGNING } from '../harness.js';

/** The role the bench's user holds (the example's `STRONGROOM_DEFAULT_ROLES=operator`): `ledger.*`. */
const OPERATOR_ROLE = 'operator';
/** Where the operator signs in from (TEST-NET-1, RFC 5737). */
const OPERATOR_ADDRESS = '192.0.2.1';

/** A facade wired as the Express example wires it, with the email verifications it sent. */
export interface BenchStrongroom {
  readonly strongroom: Strongroom;
  /** The latest email-verification token sent to each address. */
  readonly verificationTokens: ReadonlyMap<string, string>;
}

/**
 * `createStrongroom` as the Express example calls it (ledger group commit, audit log, vault on the
 * software KMS with `cards` and `fields` keys, identity with argon2id at OWASP's defaults, new
 * users `operator`),
 * with keys and secrets generated in memory instead of the example's development key files, and
 * a sender that keeps each verification token instead of the example's mailbox. Keys are prepared.
 */
export async function createBenchStrongroom(storage: Storage): Promise<BenchStrongroom> {
  const verificationTokens = new Map<string, string>();
  const sender: IdentitySender = {
    async send(message) {
      if (message.kind === 'email_verification' && message.secret !== null)
        verificationTokens.set(message.to, message.secret);
      return ok(undefined);
    },
  };
  const secret = () =>
    JSON.stringify({ versions: [{ version: 1, value: randomBytes(32).toString('base64') }] });
  const strongroom = createStrongroom({
    storage,
    ledger: { autoBatch: {} },
    audit: { signing: BENCH_SIGNING },
    vault: {
      kms: createSoftwareKms({
        keyring: generateSoftwareKeyring(['cards', 'fields'], systemClock),
      }),
      secrets: createEnvironmentSecretProvider(
        Object.fromEntries(
          Object.values(VAULT_SECRET_NAMES_DEFAULT).map((name) => [
            secretEnvironmentVariable(name),
            secret(),
          ]),
        ),
      ),
    },
    identity: {
      passwordHasher: createArgon2PasswordHasher(),
      sender,
      tokens: {
        issuer: 'https://auth.bench.strongroom.example',
        audience: 'https://api.bench.strongroom.example',
      },
      defaultRoles: [OPERATOR_ROLE],
    },
  });
  unwrapOrThrow(await strongroom.prepareKeys());
  return { strongroom, verificationTokens };
}

/**
 * Registers an operator, verifies their email with the token the sender kept and signs them in
 * through the SDK; returns the access token (valid for identity's default ten minutes).
 */
export async function signInOperator(bench: BenchStrongroom, tenantId: TenantId): Promise<string> {
  const identity = bench.strongroom.identity;
  if (identity === undefined) throw new Error('the bench facade has identity configured');
  const user = {
    email: 'operator@bench.strongroom.example',
    password: `bench ${randomBytes(12).toString('base64url')}`,
  };
  unwrapOrThrow(await identity.register({ tenantId, ...user, clientAddress: OPERATOR_ADDRESS }));
  const token = bench.verificationTokens.get(user.email);
  if (token === undefined) throw new Error('the sender kept no verification token');
  unwrapOrThrow(await identity.verifyEmail({ tenantId, token }));
  const session = unwrapOrThrow(
    await identity.login({
      tenantId,
      ...user,
      device: { label: 'http bench' },
      clientAddress: OPERATOR_ADDRESS,
    }),
  );
  if (session.status !== 'signed_in') throw new Error('the bench operator was asked for MFA');
  return session.accessToken;
}
