import {
  type AuditEntryInput,
  type AuditLog,
  type AuditOutcome,
  checkAuditEntryInput,
} from '@strongroom/audit';
import {
  createAutoBatcher,
  err,
  type JsonObject,
  ok,
  type Result,
  type Storage,
  type TenantId,
} from '@strongroom/kernel';
import type { CardInfrastructureError, CardPermissionDeniedError } from './card-error.js';
import type { CardPrincipal, CardRequestContext } from './card-permissions.js';
import type { CardVaultContext } from './card-vault-context.js';

/** The audit actions of the card vault; a refusal is the same action with outcome `denied`. */
export const CARD_AUDIT_ACTIONS = {
  tokenized: 'vault.card.tokenized',
  revealed: 'vault.card.revealed',
  cvvTaken: 'vault.card.cvv_taken',
  deleted: 'vault.card.deleted',
} as const;

/** The audit resource types: one token, or the tenant's vault when there is no token yet. */
export const CARD_AUDIT_RESOURCES = {
  token: 'vault.card_token',
  vault: 'vault.card_vault',
} as const;

/**
 * The resource id of leaves about the tenant's card vault as a whole. A constant, not the tenant
 * id: the log is already per tenant, and a caller-chosen id may hold digits the audit guard
 * refuses as a card number.
 */
export const CARD_VAULT_RESOURCE_ID = 'cards';

/** What a card leaf is about: a token, or the tenant's card vault as a whole. */
export type CardAuditSubject = { readonly token: string } | 'vault';

/**
 * Builds a card vault leaf. Details carry brand, purpose, outcome reasons and flags only: never a
 * PAN, BIN, last four, security code or fingerprint, because the log is immutable and outlives
 * the token (the audit guard would refuse a card number anyway).
 */
export function cardLeaf(
  principal: CardPrincipal,
  action: string,
  subject: CardAuditSubject,
  outcome: AuditOutcome,
  details: JsonObject,
  context: CardRequestContext | undefined,
): AuditEntryInput {
  return {
    actor: principal.actor,
    action,
    resource:
      subject === 'vault'
        ? { type: CARD_AUDIT_RESOURCES.vault, id: CARD_VAULT_RESOURCE_ID }
        : { type: CARD_AUDIT_RESOURCES.token, id: subject.token },
    outcome,
    requestId: context?.requestId ?? null,
    correlationId: context?.correlationId ?? null,
    details,
  };
}

/** Writes one standalone leaf (a reveal, a refusal, a failure: nothing else changes with it). */
export type CardLeafWriter = (
  tenantId: TenantId,
  input: AuditEntryInput,
) => Promise<Result<void, CardInfrastructureError>>;

/** Leaves one standalone-leaf transaction carries at most. */
export const CARD_LEAVES_PER_TRANSACTION_MAX = 100;

/**
 * Builds the {@link CardLeafWriter}: concurrent standalone leaves of a tenant (full reveals,
 * refusals, failures) share a transaction (kernel `createAutoBatcher`), so a burst of reveals
 * costs a few commits instead of one each. A leaf the audit log would refuse is answered alone,
 * before it could fail its neighbours' transaction.
 */
export function createCardLeafWriter(storage: Storage, audit: AuditLog): CardLeafWriter {
  const perTransaction = Math.max(
    1,
    Math.min(CARD_LEAVES_PER_TRANSACTION_MAX, Math.floor(storage.limits.writesPerTransaction / 2)),
  );
  const batcher = createAutoBatcher(
    { maxBatchSize: perTransaction, maxInFlight: 4 },
    async (tenantId, inputs: readonly AuditEntryInput[]) => {
      const written = await storage.transaction(tenantId as TenantId, async (tx) => {
        for (const input of inputs) {
          const receipt = await audit.append(tx, input);
          if (receipt.isErr()) return err(receipt.error);
        }
        return ok(undefined);
      });
      const outcome: Result<void, CardInfrastructureError> = written.isOk()
        ? ok(undefined)
        : err(written.error);
      return inputs.map(() => outcome);
    },
  );
  return async (tenantId, input) => {
    const checked = checkAuditEntryInput(input);
    if (checked.isErr()) return err(checked.error);
    return batcher.submit(tenantId, input);
  };
}

/**
 * Checks that the principal holds `permission`. A refusal writes a `denied` leaf first; if that
 * leaf cannot be written, its error is returned instead, so a refusal is never silent.
 */
export async function requireCardPermission(
  vault: CardVaultContext,
  tenantId: TenantId,
  principal: CardPrincipal,
  permission: string,
  action: string,
  subject: CardAuditSubject,
  context: CardRequestContext | undefined,
): Promise<Result<void, CardPermissionDeniedError | CardInfrastructureError>> {
  if (principal.permissions.has(permission)) return ok(undefined);
  const leaf = cardLeaf(principal, action, subject, 'denied', { permission }, context);
  const written = await vault.appendLeaf(tenantId, leaf);
  if (written.isErr()) return err(written.error);
  return err({ type: 'vault.permission_denied', permission });
}
