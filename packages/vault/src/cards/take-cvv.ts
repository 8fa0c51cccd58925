import { err, type Result, type TenantId } from '@strongroom/kernel';
import { CARD_AUDIT_ACTIONS, cardLeaf, requireCardPermission } from './card-audit.js';
import type { TakeCvvError } from './card-error.js';
import {
  CARD_PERMISSIONS,
  type CardPrincipal,
  type CardRequestContext,
} from './card-permissions.js';
import { CARD_ENVELOPE_FIELDS } from './card-records.js';
import { parseCardToken } from './card-token.js';
import type { CardVaultContext } from './card-vault-context.js';
import { checkPurpose } from './check-purpose.js';
import { lookupCardToken } from './lookup-card-token.js';
import { decryptCardField } from './tokenize-cards.js';

/**
 * Returns the security code held for a token, once: the store removes it as it is read, so a
 * second take (or one after the TTL, or after the token's deletion) fails with
 * `vault.cvv_not_found`. The `succeeded` leaf is committed before the code is returned.
 */
export async function takeCvv(
  vault: CardVaultContext,
  tenantId: TenantId,
  principal: CardPrincipal,
  tokenInput: string,
  purposeInput: string,
  context: CardRequestContext | undefined,
): Promise<Result<string, TakeCvvError>> {
  const action = CARD_AUDIT_ACTIONS.cvvTaken;
  const token = parseCardToken(tokenInput);
  const allowed = await requireCardPermission(
    vault,
    tenantId,
    principal,
    CARD_PERMISSIONS.authorize,
    action,
    token.isOk() ? { token: token.value } : 'vault',
    context,
  );
  if (allowed.isErr()) return err(allowed.error);
  if (token.isErr()) return err(token.error);
  const purpose = checkPurpose(purposeInput);
  if (purpose.isErr()) return err(purpose.error);
  const details = { purpose: purpose.value };
  const record = await lookupCardToken(vault, tenantId, token.value, vault.clock.now(), {
    principal,
    action,
    details,
    context,
    succeededLeaf: false,
  });
  if (record.isErr()) return err(record.error);

  const sealed = await vault.sensitiveData.take(tenantId, token.value);
  if (sealed.isErr()) return err(sealed.error);
  let taken: Result<string, TakeCvvError>;
  if (sealed.value === null) taken = err({ type: 'vault.cvv_not_found' });
  else {
    const field = CARD_ENVELOPE_FIELDS.cvv;
    taken = await decryptCardField(vault, tenantId, token.value, field, sealed.value);
  }
  const leaf = cardLeaf(
    principal,
    action,
    { token: token.value },
    taken.isOk() ? 'succeeded' : 'failed',
    taken.isOk() ? details : { ...details, reason: taken.error.type },
    context,
  );
  const written = await vault.appendLeaf(tenantId, leaf);
  return written.isErr() ? err(written.error) : taken;
}
