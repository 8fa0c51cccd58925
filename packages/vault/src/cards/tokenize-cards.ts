import {
  assert,
  err,
  ok,
  type Result,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import type { EnvelopeError } from '../envelope/envelope-cipher.js';
import type { SecretError } from '../secrets/secret-provider.js';
import { CARD_AUDIT_ACTIONS, cardLeaf } from './card-audit.js';
import type { CardBrand } from './card-brand.js';
import { maskedPan, truncatePan } from './card-display.js';
import type { CardInfrastructureError, TokenizeBatchItemError } from './card-error.js';
import {
  type CardFingerprint,
  type CardFingerprinter,
  checkFingerprintSecret,
  createCardFingerprinter,
} from './card-fingerprint.js';
import type { ValidatedCard } from './card-input.js';
import type { CardPrincipal, CardRequestContext } from './card-permissions.js';
import {
  CARD_COLLECTIONS,
  CARD_ENVELOPE_FIELDS,
  type CardTokenRecord,
  isTokenExpired,
  readTokenRecord,
  tokenRecordData,
} from './card-records.js';
import { type CardToken, mintCardToken } from './card-token.js';
import type { CardVaultContext } from './card-vault-context.js';
import type { SensitiveDataStoreError } from './sensitive-data-store.js';

/** What tokenizing a card returns: the token and what may be shown of the card. */
export interface TokenizedCard {
  readonly token: CardToken;
  readonly brand: CardBrand;
  readonly last4: string;
  /** BIN, a `*` per hidden digit, last four: never a card number (see {@link maskedPan}). */
  readonly display: string;
  /** When the token stops working; `null` when it lives until deleted. */
  readonly expiresAt: Date | null;
  /** True when the tenant already had a live token for this PAN, which is returned. */
  readonly deduplicated: boolean;
}

/**
 * Writes one card needs at most in a transaction: the token record, the current fingerprint index
 * record and the audit leaf. Batches are cut into transactions by this.
 */
export const CARD_WRITES_PER_CARD = 3;

// A generous bound of the serialized bytes one card writes (two envelopes of at most a few
// hundred characters, metadata, the audit leaf), used to keep a chunk under the byte limit.
const CARD_BYTES_PER_CARD = 16 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface PreparedCard {
  readonly card: ValidatedCard;
  readonly candidate: CardToken;
  readonly fingerprints: readonly CardFingerprint[];
  readonly panEnvelope: string;
  readonly cardholderNameEnvelope: string;
}

interface WrittenCard {
  readonly token: CardToken;
  readonly record: CardTokenRecord;
  readonly deduplicated: boolean;
}

/** Encrypts a value under the card KEK, bound to tenant, token and field; zeroes the bytes after. */
export async function encryptCardField(
  vault: CardVaultContext,
  tenantId: TenantId,
  token: CardToken,
  field: string,
  value: string,
): Promise<Result<string, EnvelopeError>> {
  const bytes = encoder.encode(value);
  try {
    return await vault.cipher.encrypt(vault.keyId, { tenantId, recordId: token, field }, bytes);
  } finally {
    bytes.fill(0);
  }
}

/** Decrypts a card envelope written for this tenant, token and field. */
export async function decryptCardField(
  vault: CardVaultContext,
  tenantId: TenantId,
  token: CardToken,
  field: string,
  envelope: string,
): Promise<Result<string, EnvelopeError>> {
  const opened = await vault.cipher.decrypt({ tenantId, recordId: token, field }, envelope);
  if (opened.isErr()) return err(opened.error);
  const value = decoder.decode(opened.value);
  opened.value.fill(0);
  return ok(value);
}

// Everything that reaches the KMS happens here, before any transaction: a transaction function
// may run several times and must not call out.
async function prepareCard(
  vault: CardVaultContext,
  tenantId: TenantId,
  fingerprinter: CardFingerprinter,
  card: ValidatedCard,
): Promise<Result<PreparedCard, EnvelopeError>> {
  const candidate = mintCardToken();
  const fingerprints = await fingerprinter.fingerprints(card.pan);
  const [pan, name] = await Promise.all([
    encryptCardField(vault, tenantId, candidate, CARD_ENVELOPE_FIELDS.pan, card.pan),
    encryptCardField(
      vault,
      tenantId,
      candidate,
      CARD_ENVELOPE_FIELDS.cardholderName,
      card.cardholderName,
    ),
  ]);
  if (pan.isErr()) return err(pan.error);
  if (name.isErr()) return err(name.error);
  return ok({
    card,
    candidate,
    fingerprints,
    panEnvelope: pan.value,
    cardholderNameEnvelope: name.value,
  });
}

function isLaterExpiry(card: ValidatedCard, record: CardTokenRecord): boolean {
  const { month, year } = card.expiry;
  return year > record.expiry.year || (year === record.expiry.year && month > record.expiry.month);
}

// The tenant's live token for this PAN, looked up under every live fingerprint key version.
async function findLiveToken(
  tx: StorageTransaction,
  index: readonly (StoredRecord | undefined)[],
  now: Date,
): Promise<{ token: CardToken; record: CardTokenRecord; version: number } | undefined> {
  for (const entry of index) {
    if (entry === undefined) continue;
    const token = entry.data['token'];
    assert(typeof token === 'string', 'a fingerprint record names its token');
    const stored = await tx.records.get(CARD_COLLECTIONS.tokens, token);
    // A dangling or expired pointer is skipped; the current one is overwritten below.
    if (stored === undefined) continue;
    const record = readTokenRecord(stored.data);
    if (isTokenExpired(record, now)) continue;
    return { token: token as CardToken, record, version: stored.version };
  }
  return undefined;
}

// One card inside a chunk's transaction: the dedupe lookup, the writes and the audit leaf.
async function writeCard(
  vault: CardVaultContext,
  tx: StorageTransaction,
  principal: CardPrincipal,
  context: CardRequestContext | undefined,
  prepared: PreparedCard,
  fingerprintVersion: number,
  now: Date,
): Promise<Result<WrittenCard, CardInfrastructureError>> {
  const { card } = prepared;
  const current = prepared.fingerprints[0];
  assert(current !== undefined, 'a card has a fingerprint under the current key version');
  // One read of every live version's index record; the first is the current version's.
  const index = await tx.records.getMany(
    CARD_COLLECTIONS.fingerprints,
    prepared.fingerprints.map((fingerprint) => fingerprint.id),
  );
  const currentIndex = index[0];
  const existing = await findLiveToken(tx, index, now);
  let written: WrittenCard;
  if (existing !== undefined) {
    const indexed = currentIndex?.data['token'] === existing.token;
    const laterExpiry = isLaterExpiry(card, existing.record);
    if (!indexed) {
      // Found under an older key version only: index it under the current one too, so it is
      // still found once the older version retires.
      await tx.records.put({
        collection: CARD_COLLECTIONS.fingerprints,
        id: current.id,
        data: { token: existing.token },
        expectedVersion: currentIndex?.version ?? 0,
      });
    }
    const record: CardTokenRecord = {
      ...existing.record,
      // A reissued card keeps its PAN and gets a later expiry: the token follows it.
      expiry: laterExpiry ? card.expiry : existing.record.expiry,
      fingerprints: existing.record.fingerprints.includes(current.id)
        ? existing.record.fingerprints
        : [...existing.record.fingerprints, current.id],
    };
    if (!indexed || laterExpiry) {
      await tx.records.put({
        collection: CARD_COLLECTIONS.tokens,
        id: existing.token,
        data: tokenRecordData(record),
        expectedVersion: existing.version,
      });
    }
    written = { token: existing.token, record, deduplicated: true };
  } else {
    const record: CardTokenRecord = {
      ...truncatePan(card.pan),
      brand: card.brand,
      expiry: card.expiry,
      panEnvelope: prepared.panEnvelope,
      cardholderNameEnvelope: prepared.cardholderNameEnvelope,
      fingerprints: [current.id],
      createdAt: now,
      expiresAt: card.tokenExpiresAt,
    };
    await tx.records.put({
      collection: CARD_COLLECTIONS.tokens,
      id: prepared.candidate,
      data: tokenRecordData(record),
      expectedVersion: 0,
    });
    // Version 0 when new: of two concurrent tokenizations of one PAN, the second conflicts, runs
    // again, and finds the first one's token.
    await tx.records.put({
      collection: CARD_COLLECTIONS.fingerprints,
      id: current.id,
      data: { token: prepared.candidate },
      expectedVersion: currentIndex?.version ?? 0,
    });
    written = { token: prepared.candidate, record, deduplicated: false };
  }
  const leaf = cardLeaf(
    principal,
    CARD_AUDIT_ACTIONS.tokenized,
    { token: written.token },
    'succeeded',
    {
      brand: written.record.brand,
      deduplicated: written.deduplicated,
      fingerprintVersion,
      withSensitiveData: card.cvv !== null,
    },
    context,
  );
  const receipt = await vault.audit.append(tx, leaf);
  return receipt.isOk() ? ok(written) : err(receipt.error);
}

// Holds the security code, encrypted under its own envelope, until authorization or expiry.
async function holdCvv(
  vault: CardVaultContext,
  tenantId: TenantId,
  written: WrittenCard,
  cvv: string,
  now: Date,
): Promise<Result<void, EnvelopeError | SensitiveDataStoreError>> {
  const sealed = await encryptCardField(
    vault,
    tenantId,
    written.token,
    CARD_ENVELOPE_FIELDS.cvv,
    cvv,
  );
  if (sealed.isErr()) return err(sealed.error);
  let expiresAtMs = now.getTime() + vault.cvvTtlMs;
  if (written.record.expiresAt !== null) {
    expiresAtMs = Math.min(expiresAtMs, written.record.expiresAt.getTime());
  }
  return vault.sensitiveData.put(tenantId, written.token, sealed.value, new Date(expiresAtMs));
}

function tokenizedCard(written: WrittenCard): TokenizedCard {
  return {
    token: written.token,
    brand: written.record.brand,
    last4: written.record.last4,
    display: maskedPan(written.record),
    expiresAt: written.record.expiresAt,
    deduplicated: written.deduplicated,
  };
}

/** How many cards one transaction takes on this storage. */
export function cardsPerTransaction(vault: CardVaultContext): number {
  const { writesPerTransaction, bytesPerTransaction } = vault.storage.limits;
  return Math.max(
    1,
    Math.min(
      Math.floor(writesPerTransaction / CARD_WRITES_PER_CARD),
      Math.floor(bytesPerTransaction / CARD_BYTES_PER_CARD),
    ),
  );
}

/** One card to tokenize, with who asked (already authorized) and the request it came with. */
export interface CardTokenizeRequest {
  readonly card: ValidatedCard;
  readonly principal: CardPrincipal;
  readonly context: CardRequestContext | undefined;
}

/**
 * Tokenizes validated cards of one tenant, possibly from several callers: fingerprints and
 * envelopes first (outside any transaction), then the cards in as few transactions as the
 * storage's limits allow, one audit leaf each (with its own caller), then the security codes into
 * the sensitive data store. One result per card, in order; a fault of one transaction fails only
 * the cards it held.
 */
export async function tokenizeValidatedCards(
  vault: CardVaultContext,
  tenantId: TenantId,
  requests: readonly CardTokenizeRequest[],
): Promise<Result<Result<TokenizedCard, TokenizeBatchItemError>[], SecretError>> {
  if (requests.length === 0) return ok([]);
  const secret = await vault.fingerprintKey();
  if (secret.isErr()) return err(secret.error);
  const checked = checkFingerprintSecret(secret.value);
  if (checked.isErr()) return err(checked.error);
  const fingerprinter = createCardFingerprinter(checked.value, tenantId);
  const now = vault.clock.now();

  const results: (Result<TokenizedCard, TokenizeBatchItemError> | undefined)[] = [];
  const pending: { position: number; prepared: PreparedCard; request: CardTokenizeRequest }[] = [];
  for (const [position, request] of requests.entries()) {
    const prepared = await prepareCard(vault, tenantId, fingerprinter, request.card);
    if (prepared.isErr()) results[position] = err(prepared.error);
    else pending.push({ position, prepared: prepared.value, request });
  }

  const chunkSize = cardsPerTransaction(vault);
  for (let start = 0; start < pending.length; start += chunkSize) {
    const chunk = pending.slice(start, start + chunkSize);
    const committed = await vault.storage.transaction(tenantId, async (tx) => {
      const written: WrittenCard[] = [];
      for (const { prepared, request } of chunk) {
        const card = await writeCard(
          vault,
          tx,
          request.principal,
          request.context,
          prepared,
          fingerprinter.currentVersion,
          now,
        );
        if (card.isErr()) return err(card.error);
        written.push(card.value);
      }
      return ok(written);
    });
    for (const [offset, { position, prepared }] of chunk.entries()) {
      if (committed.isErr()) {
        results[position] = err(committed.error);
        continue;
      }
      const written = committed.value[offset];
      assert(written !== undefined, 'every card of a committed chunk was written');
      if (prepared.card.cvv !== null) {
        const held = await holdCvv(vault, tenantId, written, prepared.card.cvv, now);
        if (held.isErr()) {
          results[position] = err(held.error);
          continue;
        }
      }
      results[position] = ok(tokenizedCard(written));
    }
  }
  return ok(
    requests.map((_, position) => {
      const result = results[position];
      assert(result !== undefined, 'every card has a result');
      return result;
    }),
  );
}
