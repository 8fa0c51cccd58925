import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { CARD_AUDIT_ACTIONS, cardLeaf, requireCardPermission } from './card-audit.js';
import type { CardBrand } from './card-brand.js';
import { maskedPan } from './card-display.js';
import type { DetokenizeError } from './card-error.js';
import {
  CARD_PERMISSIONS,
  type CardPrincipal,
  type CardRequestContext,
} from './card-permissions.js';
import { CARD_ENVELOPE_FIELDS, type CardTokenRecord } from './card-records.js';
import { type CardToken, parseCardToken } from './card-token.js';
import type { CardVaultContext } from './card-vault-context.js';
import { checkPurpose } from './check-purpose.js';
import { lookupCardToken } from './lookup-card-token.js';
import { decryptCardField } from './tokenize-cards.js';

/** How much of a card a reveal returns; each level needs its own permission. */
export type CardRevealLevel = 'masked' | 'full';

/** What a detokenize call states and asks for. */
export interface DetokenizeOptions {
  /** Why the card is revealed; required, written to the audit leaf. */
  readonly purpose: string;
  /** `masked` (the default) or `full`. */
  readonly reveal?: CardRevealLevel;
}

/** A card revealed masked: at most BIN and last four, read without decrypting anything. */
export interface MaskedCard {
  readonly reveal: 'masked';
  readonly token: CardToken;
  readonly brand: CardBrand;
  readonly bin: string;
  readonly last4: string;
  readonly display: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly expiresAt: Date | null;
}

/** A card revealed in full: the masked view plus the decrypted PAN and cardholder name. */
export interface FullCard extends Omit<MaskedCard, 'reveal'> {
  readonly reveal: 'full';
  readonly pan: string;
  readonly cardholderName: string;
}

/** The outcome of a reveal. */
export type RevealedCard = MaskedCard | FullCard;

function maskedCard(token: CardToken, record: CardTokenRecord): MaskedCard {
  return {
    reveal: 'masked',
    token,
    brand: record.brand,
    bin: record.bin,
    last4: record.last4,
    display: maskedPan(record),
    expiryMonth: record.expiry.month,
    expiryYear: record.expiry.year,
    expiresAt: record.expiresAt,
  };
}

/**
 * Reveals a token. Masked reveals read stored metadata and write their leaf in the same
 * transaction. Full reveals decrypt outside any transaction and return the PAN only once the
 * `succeeded` leaf is committed, so no PAN leaves the vault without a record of it.
 */
export async function detokenizeCard(
  vault: CardVaultContext,
  tenantId: TenantId,
  principal: CardPrincipal,
  tokenInput: string,
  options: DetokenizeOptions,
  context: CardRequestContext | undefined,
): Promise<Result<RevealedCard, DetokenizeError>> {
  const reveal = options?.reveal ?? 'masked';
  if (reveal !== 'masked' && reveal !== 'full') {
    return err({ type: 'validation', field: 'reveal', reason: 'unknown' });
  }
  const action = CARD_AUDIT_ACTIONS.revealed;
  const token = parseCardToken(tokenInput);
  const permission =
    reveal === 'full' ? CARD_PERMISSIONS.revealFull : CARD_PERMISSIONS.revealMasked;
  // The permission is checked before anything else, so a refused caller learns nothing, not
  // even whether the token is well formed.
  const allowed = await requireCardPermission(
    vault,
    tenantId,
    principal,
    permission,
    action,
    token.isOk() ? { token: token.value } : 'vault',
    context,
  );
  if (allowed.isErr()) return err(allowed.error);
  if (token.isErr()) return err(token.error);
  const subject = { token: token.value };
  const purpose = checkPurpose(options?.purpose);
  if (purpose.isErr()) return err(purpose.error);
  const details = { purpose: purpose.value, reveal };
  const record = await lookupCardToken(vault, tenantId, token.value, vault.clock.now(), {
    principal,
    action,
    details,
    context,
    succeededLeaf: reveal === 'masked',
  });
  if (record.isErr()) return err(record.error);
  const masked = maskedCard(token.value, record.value);
  if (reveal === 'masked') return ok(masked);

  const [pan, name] = await Promise.all([
    decryptCardField(
      vault,
      tenantId,
      token.value,
      CARD_ENVELOPE_FIELDS.pan,
      record.value.panEnvelope,
    ),
    decryptCardField(
      vault,
      tenantId,
      token.value,
      CARD_ENVELOPE_FIELDS.cardholderName,
      record.value.cardholderNameEnvelope,
    ),
  ]);
  const failure = pan.isErr() ? pan.error : name.isErr() ? name.error : undefined;
  const leaf = cardLeaf(
    principal,
    action,
    subject,
    failure === undefined ? 'succeeded' : 'failed',
    failure === undefined ? details : { ...details, reason: failure.type },
    context,
  );
  const written = await vault.appendLeaf(tenantId, leaf);
  if (written.isErr()) return err(written.error);
  if (pan.isErr()) return err(pan.error);
  if (name.isErr()) return err(name.error);
  return ok({ ...masked, reveal: 'full', pan: pan.value, cardholderName: name.value });
}
