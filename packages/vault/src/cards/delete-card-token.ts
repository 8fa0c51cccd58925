import { err, type JsonObject, ok, type Result, type TenantId } from '@strongroom/kernel';
import { CARD_AUDIT_ACTIONS, cardLeaf, requireCardPermission } from './card-audit.js';
import type { DeleteTokenError, TokenNotFoundError } from './card-error.js';
import {
  CARD_PERMISSIONS,
  type CardPrincipal,
  type CardRequestContext,
} from './card-permissions.js';
import { CARD_COLLECTIONS, readTokenRecord } from './card-records.js';
import { parseCardToken } from './card-token.js';
import type { CardVaultContext } from './card-vault-context.js';

/**
 * Deletes a token: its record (and with it the envelopes holding the PAN, the cardholder name and
 * their wrapped data keys, so the ciphertext is gone from the live store), the fingerprint index
 * records that still point to it, and any security code held for it. Afterwards the token is
 * unknown and tokenizing the same PAN mints a new one. Expired tokens can be deleted too.
 */
export async function deleteCardToken(
  vault: CardVaultContext,
  tenantId: TenantId,
  principal: CardPrincipal,
  tokenInput: string,
  context: CardRequestContext | undefined,
): Promise<Result<void, DeleteTokenError>> {
  const action = CARD_AUDIT_ACTIONS.deleted;
  const token = parseCardToken(tokenInput);
  const allowed = await requireCardPermission(
    vault,
    tenantId,
    principal,
    CARD_PERMISSIONS.delete,
    action,
    token.isOk() ? { token: token.value } : 'vault',
    context,
  );
  if (allowed.isErr()) return err(allowed.error);
  if (token.isErr()) return err(token.error);
  const subject = { token: token.value };

  const deleted = await vault.storage.transaction(tenantId, async (tx) => {
    const stored = await tx.records.get(CARD_COLLECTIONS.tokens, token.value);
    let missing: TokenNotFoundError | null = null;
    let details: JsonObject = {};
    if (stored === undefined) {
      missing = { type: 'vault.token_not_found' };
      details = { reason: missing.type };
    } else {
      const record = readTokenRecord(stored.data);
      await tx.records.delete({
        collection: CARD_COLLECTIONS.tokens,
        id: token.value,
        expectedVersion: stored.version,
      });
      const index = await tx.records.getMany(CARD_COLLECTIONS.fingerprints, record.fingerprints);
      for (const entry of index) {
        // An index record repointed to a newer token (this one had expired) is left alone.
        if (entry === undefined || entry.data['token'] !== token.value) continue;
        await tx.records.delete({
          collection: CARD_COLLECTIONS.fingerprints,
          id: entry.id,
          expectedVersion: entry.version,
        });
      }
      details = { brand: record.brand };
    }
    const leaf = cardLeaf(
      principal,
      action,
      subject,
      missing === null ? 'succeeded' : 'failed',
      details,
      context,
    );
    const receipt = await vault.audit.append(tx, leaf);
    return receipt.isOk() ? ok(missing) : err(receipt.error);
  });
  if (deleted.isErr()) return err(deleted.error);
  if (deleted.value !== null) return err(deleted.value);
  const discarded = await vault.sensitiveData.discard(tenantId, token.value);
  return discarded.isErr() ? err(discarded.error) : ok(undefined);
}
