import {
  type AuthenticatedPrincipal,
  type DeviceInput,
  IDENTITY_COLLECTIONS,
  type SignedIn,
} from '@strongroom/identity';
import {
  type JsonObject,
  ok,
  type Result,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { expect } from 'vitest';
import type { RecordTamperer } from '../storage/record-tamperer.js';
import type { SensitiveValues } from '../vault/sensitive-values.js';
import type { SuiteIdentity, SuiteIdentityOptions } from './suite-identity.js';
import type { SuitePerson } from './suite-person.js';
import {
  SUITE_TOTP_DIGITS,
  SUITE_TOTP_PERIOD_MS,
  suiteTotpCode,
  totpSecretOf,
} from './totp-code.js';

/** The client address of every request that does not test per-address limits (TEST-NET-1). */
export const SUITE_CLIENT_ADDRESS = '192.0.2.10';

/** What every group of identity cases receives: the storage under test and ways to use it. */
export interface IdentitySuiteContext {
  storage(): Storage;
  /** Raw access below the port; its `dump()` is what the scan reads. */
  tamper(): RecordTamperer;
  /** An identity over the storage under test (see `createSuiteIdentity`), closed after the case. */
  identity(options?: SuiteIdentityOptions): Promise<SuiteIdentity>;
  /** A tenant no other case uses, remembered so the scan can mask its digits. */
  tenant(label?: string): TenantId;
  /** Everything the run handed identity or got back that must never be stored in plaintext. */
  readonly sensitive: SensitiveValues;
}

/** The error of a result that must have failed. */
export function failureOf<E>(result: Result<unknown, E>): E {
  if (result.isOk()) throw new Error('expected the command to fail, and it succeeded');
  return result.error;
}

/** Registers `person` in the tenant and verifies the email with the token from the mailbox. */
export async function registerVerified(
  suite: SuiteIdentity,
  tenantId: TenantId,
  person: SuitePerson,
  options: { readonly withPhone?: boolean } = {},
): Promise<string> {
  const registered = await suite.identity.register({
    tenantId,
    email: person.email,
    password: person.password,
    clientAddress: SUITE_CLIENT_ADDRESS,
    ...(options.withPhone === true ? { phone: person.phone } : {}),
  });
  const { userId } = registered._unsafeUnwrap();
  const token = suite.mailbox.secretFor(person.email, 'email_verification');
  expect((await suite.identity.verifyEmail({ tenantId, token }))._unsafeUnwrap()).toEqual({
    userId,
  });
  return userId;
}

/** Where a sign-in comes from, when a case cares. */
export interface SuiteLoginOrigin {
  readonly device?: DeviceInput;
  readonly clientAddress?: string;
}

/** A password sign-in attempt, whatever its outcome. */
export function attemptLogin(
  suite: SuiteIdentity,
  tenantId: TenantId,
  credentials: { readonly email: string; readonly password: string },
  origin: SuiteLoginOrigin = {},
) {
  return suite.identity.login({
    tenantId,
    email: credentials.email,
    password: credentials.password,
    device: origin.device ?? {},
    clientAddress: origin.clientAddress ?? SUITE_CLIENT_ADDRESS,
  });
}

/** A password sign-in that must complete without a second factor. */
export async function signIn(
  suite: SuiteIdentity,
  tenantId: TenantId,
  person: SuitePerson,
  origin: SuiteLoginOrigin = {},
): Promise<SignedIn> {
  const result = (await attemptLogin(suite, tenantId, person, origin))._unsafeUnwrap();
  if (result.status !== 'signed_in') throw new Error(`expected signed_in, got ${result.status}`);
  return result;
}

/** The principal of a live access token. */
export async function principalOf(
  suite: SuiteIdentity,
  signedIn: SignedIn,
): Promise<AuthenticatedPrincipal> {
  return (await suite.identity.authenticate(signedIn.accessToken))._unsafeUnwrap();
}

/** A user record's data as stored, read through the port. */
export async function storedUser(
  storage: Storage,
  tenantId: TenantId,
  userId: string,
): Promise<JsonObject> {
  const record = unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get(IDENTITY_COLLECTIONS.users, userId)),
    ),
  );
  if (record === undefined) throw new Error('the user record is missing');
  return record.data;
}

/** What a completed TOTP enrollment leaves the user with. */
export interface SuiteTotpEnrollment {
  readonly secret: string;
  readonly recoveryCodes: readonly string[];
}

/**
 * Enrolls TOTP for the principal with a code of the current step, then moves the clock one step
 * on, so the next code a case computes is not the (now spent) enrollment code.
 */
export async function enrollTotp(
  suite: SuiteIdentity,
  principal: AuthenticatedPrincipal,
): Promise<SuiteTotpEnrollment> {
  const { uri } = (await suite.identity.mfa.beginTotpEnrollment(principal))._unsafeUnwrap();
  const secret = totpSecretOf(uri);
  const code = suiteTotpCode(secret, suite.clock.now().getTime());
  const confirmed = await suite.identity.mfa.confirmTotpEnrollment(principal, code);
  const { recoveryCodes } = confirmed._unsafeUnwrap();
  suite.clock.advance(SUITE_TOTP_PERIOD_MS);
  return { secret, recoveryCodes };
}

/** The TOTP code of now; each call after a step was spent needs the clock moved a step on. */
export function currentTotpCode(suite: SuiteIdentity, enrollment: SuiteTotpEnrollment): string {
  return suiteTotpCode(enrollment.secret, suite.clock.now().getTime());
}

/** Six digits that match no code of the accepted window (the current step and one either side). */
export function wrongTotpCode(suite: SuiteIdentity, enrollment: SuiteTotpEnrollment): string {
  const nowMs = suite.clock.now().getTime();
  const window = new Set(
    [-1, 0, 1].map((step) => suiteTotpCode(enrollment.secret, nowMs + step * SUITE_TOTP_PERIOD_MS)),
  );
  // Three codes are taken at most, so one of the first four candidates is free.
  for (let candidate = 0; candidate <= window.size; candidate += 1) {
    const code = String(candidate).padStart(SUITE_TOTP_DIGITS, '0');
    if (!window.has(code)) return code;
  }
  throw new Error('unreachable: the window holds at most three codes');
}
