import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { Principal } from '../authorization/authorization.js';
import {
  attachToMfaChallenge,
  type CompleteMfaError,
  completeMfaLogin,
  loadMfaChallenge,
} from '../mfa/complete-mfa-login.js';
import { invalidMfaCode, mfaNotEnrolled } from '../mfa/mfa-error.js';
import { generateRecoveryCodes } from '../mfa/recovery-codes.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError, UserNotFoundError } from '../service/identity-error.js';
import type { SignedIn } from '../sessions/signed-in.js';
import { loadUser, saveUser } from '../users/user-store.js';
import {
  finishPasskeyAuthentication,
  startPasskeyAuthentication,
} from './passkey-authentication.js';
import type { PasskeyChallenge } from './passkey-challenge.js';
import {
  type PasskeyFailedError,
  type PasskeyLimitReachedError,
  passkeyFailed,
} from './passkey-error.js';
import type { PasskeyRelyingParty } from './passkey-options.js';
import { finishPasskeyRegistration, startPasskeyRegistration } from './passkey-registration.js';
import type { StoredPasskey } from './stored-passkey.js';

/** Every error of registering a passkey. */
export type PasskeyRegistrationError =
  | PasskeyFailedError
  | PasskeyLimitReachedError
  | UserNotFoundError
  | IdentityInfrastructureError;

/** Passkeys (WebAuthn) as a second factor: registration by a signed-in user, use at login. */
export interface IdentityPasskeys {
  /** Options for `navigator.credentials.create()`; the challenge is kept for five minutes. */
  beginRegistration(
    principal: Principal,
  ): Promise<Result<PublicKeyCredentialCreationOptionsJSON, PasskeyRegistrationError>>;
  /** Verifies the browser's answer and stores the passkey; a first factor also yields recovery codes. */
  finishRegistration(
    principal: Principal,
    response: unknown,
    request?: IdentityRequestContext,
  ): Promise<Result<{ readonly recoveryCodes: readonly string[] }, PasskeyRegistrationError>>;
  /** Options for `navigator.credentials.get()` for a pending login. */
  beginLogin(input: {
    readonly tenantId: TenantId;
    readonly mfaToken: unknown;
  }): Promise<Result<PublicKeyCredentialRequestOptionsJSON, CompleteMfaError>>;
  /** Finishes a pending login with the browser's assertion. */
  completeLogin(input: {
    readonly tenantId: TenantId;
    readonly mfaToken: unknown;
    readonly response: unknown;
    readonly request?: IdentityRequestContext;
  }): Promise<Result<SignedIn, CompleteMfaError>>;
}

/** The record id of a passkey: credential ids may be longer than a record id may be. */
export function passkeyRecordId(credentialId: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(credentialId)));
}

function responseCredentialId(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const id = (response as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 2048 ? id : undefined;
}

const NOT_CONFIGURED = passkeyFailed('not_allowed');

/** Builds the passkey operations; every one answers `not_allowed` without a relying party. */
export function createIdentityPasskeys(context: IdentityContext): IdentityPasskeys {
  const relyingParty = (): PasskeyRelyingParty | undefined => context.relyingParty;
  return {
    async beginRegistration(principal) {
      const party = relyingParty();
      if (party === undefined) return err(NOT_CONFIGURED);
      const now = nowMs(context);
      return commandTransaction(context, principal.tenantId, async (tx) => {
        const user = await loadUser(tx, principal.userId);
        if (user === undefined || user.data.status === 'erased')
          return err({ type: 'identity.user_not_found' } as const);
        const started = await startPasskeyRegistration({
          relyingParty: party,
          user: { id: user.id, name: user.id },
          existingCredentialIds: user.data.mfa.passkeyIds,
          nowMs: now,
        });
        if (started.isErr()) return err(started.error);
        const current = await tx.records.get(IDENTITY_COLLECTIONS.passkeyRegistrations, user.id);
        await tx.records.put({
          collection: IDENTITY_COLLECTIONS.passkeyRegistrations,
          id: user.id,
          data: { ...started.value.challenge },
          expectedVersion: current?.version ?? 0,
        });
        return ok(started.value.options);
      });
    },

    async finishRegistration(principal, response, request = {}) {
      const party = relyingParty();
      if (party === undefined) return err(NOT_CONFIGURED);
      const now = nowMs(context);
      const pending = await commandTransaction(context, principal.tenantId, async (tx) =>
        ok(await tx.records.get(IDENTITY_COLLECTIONS.passkeyRegistrations, principal.userId)),
      );
      if (pending.isErr()) return err(pending.error);
      if (pending.value === undefined) return err(passkeyFailed('challenge_mismatch'));
      const challenge = pending.value.data as unknown as PasskeyChallenge;
      const verified = await finishPasskeyRegistration({
        relyingParty: party,
        response,
        challenge,
        nowMs: now,
      });
      const recovery = generateRecoveryCodes();
      const committed = await commandTransaction<
        | { readonly kind: 'failed'; readonly error: PasskeyFailedError }
        | { readonly kind: 'registered'; readonly recoveryCodes: readonly string[] },
        PasskeyRegistrationError
      >(context, principal.tenantId, async (tx) => {
        // The challenge is spent whatever the outcome.
        const current = await tx.records.get(
          IDENTITY_COLLECTIONS.passkeyRegistrations,
          principal.userId,
        );
        if (current === undefined || current.version !== pending.value?.version)
          return err(passkeyFailed('challenge_mismatch'));
        await tx.records.delete({
          collection: IDENTITY_COLLECTIONS.passkeyRegistrations,
          id: principal.userId,
          expectedVersion: current.version,
        });
        if (verified.isErr()) return ok({ kind: 'failed', error: verified.error });
        const passkey: StoredPasskey = verified.value;
        const recordId = passkeyRecordId(passkey.credentialId);
        if ((await tx.records.get(IDENTITY_COLLECTIONS.passkeys, recordId)) !== undefined)
          return err(passkeyFailed('not_allowed'));
        const user = await loadUser(tx, principal.userId, { lock: true });
        if (user === undefined || user.data.status === 'erased')
          return err({ type: 'identity.user_not_found' } as const);
        await tx.records.put({
          collection: IDENTITY_COLLECTIONS.passkeys,
          id: recordId,
          data: { userId: user.id, passkey: { ...passkey, transports: [...passkey.transports] } },
          expectedVersion: 0,
        });
        const { mfa } = user.data;
        const firstFactor = mfa.recoveryCodeHashes.length === 0;
        await saveUser(
          tx,
          user.id,
          {
            ...user.data,
            mfa: {
              ...mfa,
              passkeyIds: [...mfa.passkeyIds, passkey.credentialId],
              recoveryCodeHashes: firstFactor ? recovery.hashes : mfa.recoveryCodeHashes,
            },
            updatedAtMs: now,
          },
          user.version,
        );
        const audited = await auditInTransaction(context, tx, request, {
          actor: userActor(user.id),
          action: 'identity.mfa.passkey_registered',
          resource: { type: 'user', id: user.id },
          outcome: 'succeeded',
          // Not the AAGUID: a UUID's digit runs can look like a card number to the audit guard.
          details: { deviceType: passkey.deviceType, backedUp: passkey.backedUp },
        });
        if (audited.isErr()) return err(audited.error);
        return ok({ kind: 'registered', recoveryCodes: firstFactor ? recovery.codes : [] });
      });
      if (committed.isErr()) return err(committed.error);
      if (committed.value.kind === 'failed') return err(committed.value.error);
      return ok({ recoveryCodes: committed.value.recoveryCodes });
    },

    async beginLogin(input) {
      const party = relyingParty();
      if (party === undefined) return err(NOT_CONFIGURED);
      const peek = await loadMfaChallenge(context, input.tenantId, input.mfaToken);
      if (peek.isErr()) return err(peek.error);
      if (peek.value === undefined) return err(invalidMfaCode('expired'));
      const { user } = peek.value;
      if (user.data.mfa.passkeyIds.length === 0) return err(mfaNotEnrolled('passkey'));
      const started = await startPasskeyAuthentication({
        relyingParty: party,
        allowCredentialIds: user.data.mfa.passkeyIds,
        nowMs: nowMs(context),
      });
      const stored = await attachToMfaChallenge(context, input.tenantId, String(input.mfaToken), {
        passkeyChallenge: { ...started.challenge },
      });
      if (stored.isErr()) return err(stored.error);
      return ok(started.options);
    },

    async completeLogin(input) {
      const party = relyingParty();
      if (party === undefined) return err(NOT_CONFIGURED);
      return completeMfaLogin(context, {
        tenantId: input.tenantId,
        mfaToken: input.mfaToken,
        method: 'passkey',
        ...(input.request === undefined ? {} : { request: input.request }),
        async prepare({ challenge, user }) {
          const passkeyChallenge = challenge['passkeyChallenge'] as PasskeyChallenge | undefined;
          const credentialId = responseCredentialId(input.response);
          if (passkeyChallenge === undefined) return err(passkeyFailed('challenge_mismatch'));
          if (credentialId === undefined || !user.data.mfa.passkeyIds.includes(credentialId))
            return err(passkeyFailed('not_allowed'));
          const recordId = passkeyRecordId(credentialId);
          const loaded = await commandTransaction(context, input.tenantId, async (tx) =>
            ok(await tx.records.get(IDENTITY_COLLECTIONS.passkeys, recordId)),
          );
          if (loaded.isErr()) return err(loaded.error);
          const record = loaded.value;
          if (record === undefined || record.data['userId'] !== user.id)
            return err(passkeyFailed('not_allowed'));
          const passkey = record.data['passkey'] as unknown as StoredPasskey;
          const verified = await finishPasskeyAuthentication({
            relyingParty: party,
            response: input.response,
            challenge: passkeyChallenge,
            passkey,
            nowMs: nowMs(context),
          });
          if (verified.isErr()) return err(verified.error);
          return ok({
            verify: (current, pendingChallenge) =>
              // The challenge must be the one the assertion signed: it is spent with the login.
              (pendingChallenge['passkeyChallenge'] as PasskeyChallenge | undefined)?.value ===
              passkeyChallenge.value
                ? { valid: true, user: current.data }
                : { valid: false, error: invalidMfaCode('replayed') },
            onAccepted: async (tx) => {
              await tx.records.put({
                collection: IDENTITY_COLLECTIONS.passkeys,
                id: recordId,
                data: {
                  ...record.data,
                  passkey: {
                    ...passkey,
                    counter: verified.value.newCounter,
                    backedUp: verified.value.backedUp,
                  },
                },
                expectedVersion: record.version,
              });
            },
          });
        },
      });
    },
  };
}
