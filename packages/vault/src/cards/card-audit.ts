import type { AuditEntryInput, AuditLog, AuditOutcome } from '@strongroom/audit';
import { err, type JsonObject, ok, type Result, type TenantId } from '@strongroom/kernel';
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

/** Writes one leaf in a transaction of its own: for refusals and failures, which change nothing. */
export async function appendCardLeaf(
  storage: CardVaultContext['storage'],
  audit: AuditLog,
  tenantId: TenantId,
  input: AuditEntryInput,
): Promise<Result<void, CardInfrastructureError>> {
  const written = await storage.transaction(tenantId, async (tx) => {
    const receipt = await audit.append(tx, input);
    return receipt.isOk() ? ok(undefined) : err(receipt.error);
  });
  return written.isOk() ? ok(undefined) : err(written.error);
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
  const written = await appendCardLeaf(vault.storage, vault.audit, tenantId, leaf);
  if (written.isErr()) return err(written.error);
  return err({ type: 'vault.permission_denied', permission });
}
