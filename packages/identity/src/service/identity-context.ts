import type { AuditActor, AuditEntryInput, AuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  err,
  type IdGenerator,
  type InfrastructureError,
  ok,
  type RateLimitConsumption,
  type RateLimitDecision,
  type RateLimiter,
  type Result,
  type Storage,
  type StorageTransaction,
  type TenantId,
  type TransactionFunction,
  type TransactionOptions,
} from '@strongroom/kernel';
import type { FieldEncryption } from '@strongroom/vault';
import type { Authorization } from '../authorization/authorization.js';
import type { PasskeyRelyingParty } from '../passkeys/passkey-options.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { RevocationList } from '../revocation/revocation-list.js';
import type { IdentitySender } from '../senders/identity-sender.js';
import type { AccessTokens } from '../tokens/access-token.js';
import type { RateLimitedError } from './identity-error.js';
import type { IdentityRateLimits } from './identity-limits.js';

/** Identifiers that tie a command's audit leaf to the request that caused it. */
export interface IdentityRequestContext {
  readonly requestId?: string;
  readonly correlationId?: string;
}

/** Lockout settings after defaults. */
export interface LockoutSettings {
  readonly failures: number;
  readonly cooldownBaseMs: number;
  readonly cooldownMaxMs: number;
}

/** Everything the identity commands share, resolved once by `createIdentity`. */
export interface IdentityContext {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly fields: FieldEncryption;
  readonly accessTokens: AccessTokens;
  readonly passwordHasher: PasswordHasher;
  /** A hash of a random password, verified when the account does not exist (same cost). */
  readonly dummyPasswordHash: () => Promise<string>;
  readonly rateLimiter: RateLimiter;
  readonly rateLimits: IdentityRateLimits;
  readonly revocations: RevocationList;
  readonly sender: IdentitySender;
  readonly authorization: Authorization;
  readonly relyingParty: PasskeyRelyingParty | undefined;
  readonly totpIssuer: string;
  readonly defaultRoles: readonly string[];
  readonly lockout: LockoutSettings;
  readonly sessionTtlMs: number;
  /** Fewest code points of a new password. */
  readonly passwordMinimumLength: number;
  readonly accessTokenTtlMs: number;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The system itself as an audit actor, for what a user does before they are signed in. */
export const ANONYMOUS_ACTOR: AuditActor = { type: 'system', id: 'identity' };

/** A user acting on their own account. */
export function userActor(userId: string): AuditActor {
  return { type: 'user', id: userId };
}

/**
 * Consumes one point of each policy for its key, all counted together (one transaction or round
 * trip of the limiter's store); the first refusal, in order, becomes `identity.rate_limited`.
 * Answers the decisions, in order.
 */
export async function enforceRateLimit(
  context: IdentityContext,
  tenantId: TenantId,
  ...limits: readonly [RateLimitConsumption, ...RateLimitConsumption[]]
): Promise<Result<RateLimitDecision[], RateLimitedError | InfrastructureError>> {
  const decisions = await context.rateLimiter.consumeMany(tenantId, limits);
  if (decisions.isErr()) return err(decisions.error);
  for (const [index, { policy }] of limits.entries()) {
    const decision = decisions.value[index];
    assert(decision !== undefined, 'the limiter answers every consumption');
    if (!decision.allowed)
      return err({
        type: 'identity.rate_limited',
        policy: policy.name,
        retryAfterMs: decision.retryAfterMs,
      });
  }
  return ok(decisions.value);
}

/** Appends an audit leaf in the transaction, with the request's ids. */
export function auditInTransaction(
  context: IdentityContext,
  tx: StorageTransaction,
  request: IdentityRequestContext,
  entry: Omit<AuditEntryInput, 'requestId' | 'correlationId'>,
) {
  return context.audit.append(tx, {
    ...entry,
    requestId: request.requestId ?? null,
    correlationId: request.correlationId ?? null,
  });
}

/**
 * The transaction options of identity's commands. Every record a command rewrites is written over
 * the version it read, and every new one is inserted with version 0, so a concurrent change fails
 * the write and the command runs again: READ COMMITTED is enough on Postgres, and spares
 * registrations and sign-ins of different users the predicate-lock aborts SERIALIZABLE gives them
 * (they read index rows that do not exist yet). Memory and DynamoDB ignore the setting.
 */
export const IDENTITY_COMMAND_TRANSACTION: TransactionOptions = {
  maxAttempts: 20,
  isolation: 'read_committed',
};

/** Runs a function as one identity command transaction for the tenant. */
export function commandTransaction<T, E>(
  context: IdentityContext,
  tenantId: TenantId,
  fn: TransactionFunction<StorageTransaction, T, E>,
) {
  return context.storage.transaction<T, E>(tenantId, fn, IDENTITY_COMMAND_TRANSACTION);
}

/** Now, in epoch milliseconds, from the identity's clock. */
export function nowMs(context: IdentityContext): number {
  return context.clock.now().getTime();
}
