import { err, type JsonObject, ok, type Result, type TenantId } from '@strongroom/kernel';
import { cardLeaf } from './card-audit.js';
import type {
  CardInfrastructureError,
  TokenExpiredError,
  TokenNotFoundError,
} from './card-error.js';
import type { CardPrincipal, CardRequestContext } from './card-permissions.js';
import {
  CARD_COLLECTIONS,
  type CardTokenRecord,
  isTokenExpired,
  readTokenRecord,
} from './card-records.js';
import type { CardToken } from './card-token.js';
import type { CardVaultContext } from './card-vault-context.js';

/** How one token lookup is audited. */
export interface CardLookupAudit {
  readonly principal: CardPrincipal;
  readonly action: string;
  readonly details: JsonObject;
  readonly context: CardRequestContext | undefined;
  /** Write the `succeeded` leaf in the lookup's own transaction (for reveals that need no KMS). */
  readonly succeededLeaf: boolean;
}

type Lookup =
  | { readonly found: CardTokenRecord }
  | { readonly missing: TokenNotFoundError | TokenExpiredError };

/**
 * Reads a live token of the tenant in one transaction. An unknown or expired token writes a
 * `failed` leaf in that same transaction (probing for tokens leaves a trace); a found one writes
 * the `succeeded` leaf there too when asked. Another tenant's token is simply unknown here.
 */
export async function lookupCardToken(
  vault: CardVaultContext,
  tenantId: TenantId,
  token: CardToken,
  now: Date,
  audited: CardLookupAudit,
): Promise<
  Result<CardTokenRecord, TokenNotFoundError | TokenExpiredError | CardInfrastructureError>
> {
  const looked = await vault.storage.transaction(tenantId, async (tx) => {
    const stored = await tx.records.get(CARD_COLLECTIONS.tokens, token);
    const record = stored === undefined ? undefined : readTokenRecord(stored.data);
    let lookup: Lookup;
    if (record === undefined) lookup = { missing: { type: 'vault.token_not_found' } };
    else if (isTokenExpired(record, now)) lookup = { missing: { type: 'vault.token_expired' } };
    else lookup = { found: record };
    if ('found' in lookup && !audited.succeededLeaf) return ok(lookup);
    const leaf = cardLeaf(
      audited.principal,
      audited.action,
      { token },
      'found' in lookup ? 'succeeded' : 'failed',
      'found' in lookup ? audited.details : { ...audited.details, reason: lookup.missing.type },
      audited.context,
    );
    const receipt = await vault.audit.append(tx, leaf);
    return receipt.isOk() ? ok(lookup) : err(receipt.error);
  });
  if (looked.isErr()) return err(looked.error);
  return 'found' in looked.value ? ok(looked.value.found) : err(looked.value.missing);
}
