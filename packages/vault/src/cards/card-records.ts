import { assert, type JsonObject } from '@strongroom/kernel';
import { BIN_RANGES, type CardBrand } from './card-brand.js';
import type { TruncatedPan } from './card-display.js';
import type { CardExpiry } from './check-expiry.js';

/**
 * The record collections of the card vault, per tenant:
 * - `tokens`: one record per token, keyed by the token: BIN, last four, expiry, the PAN and the
 *   cardholder name as envelopes, and the ids of its fingerprint index records;
 * - `fingerprints`: keyed fingerprint (`v<version>.<HMAC>`) → token, for deduplication;
 * - `sensitiveData`: security codes awaiting authorization, when the storage-backed store is used.
 */
export const CARD_COLLECTIONS = {
  tokens: 'vault.tokens',
  fingerprints: 'vault.fingerprints',
  sensitiveData: 'vault.sad',
} as const;

/** The field names bound into each card envelope's additional data, beside tenant and token. */
export const CARD_ENVELOPE_FIELDS = {
  pan: 'pan',
  cardholderName: 'cardholder_name',
  cvv: 'cvv',
} as const;

/** A token record as the vault reads it. */
export interface CardTokenRecord extends TruncatedPan {
  readonly brand: CardBrand;
  readonly expiry: CardExpiry;
  /** Envelope of the PAN's digits, bound to tenant, token and field `pan`. */
  readonly panEnvelope: string;
  /** Envelope of the cardholder name, bound to tenant, token and field `cardholder_name`. */
  readonly cardholderNameEnvelope: string;
  /** Ids of the fingerprint index records that point here. */
  readonly fingerprints: readonly string[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
}

const BRANDS = new Set<string>(BIN_RANGES.map((range) => range.brand));

/** The stored body of a token record. */
export function tokenRecordData(record: CardTokenRecord): JsonObject {
  return {
    formatVersion: 1,
    brand: record.brand,
    bin: record.bin,
    last4: record.last4,
    panLength: record.panLength,
    expiryMonth: record.expiry.month,
    expiryYear: record.expiry.year,
    panEnvelope: record.panEnvelope,
    cardholderNameEnvelope: record.cardholderNameEnvelope,
    fingerprints: [...record.fingerprints],
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt === null ? null : record.expiresAt.toISOString(),
  };
}

/**
 * Reads a stored token record. The vault alone writes these, so a body of another shape is a
 * broken invariant (a bug or a hand-edited row), not an operating error, and it throws.
 */
export function readTokenRecord(data: JsonObject): CardTokenRecord {
  const { brand, bin, last4, panLength, expiryMonth, expiryYear } = data;
  const { panEnvelope, cardholderNameEnvelope, fingerprints, createdAt, expiresAt } = data;
  assert(
    data['formatVersion'] === 1 &&
      typeof brand === 'string' &&
      BRANDS.has(brand) &&
      typeof bin === 'string' &&
      typeof last4 === 'string' &&
      typeof panLength === 'number' &&
      typeof expiryMonth === 'number' &&
      typeof expiryYear === 'number' &&
      typeof panEnvelope === 'string' &&
      typeof cardholderNameEnvelope === 'string' &&
      Array.isArray(fingerprints) &&
      fingerprints.every((id) => typeof id === 'string') &&
      typeof createdAt === 'string' &&
      (expiresAt === null || typeof expiresAt === 'string'),
    'a vault.tokens record has the shape the vault writes',
  );
  return {
    brand: brand as CardBrand,
    bin,
    last4,
    panLength,
    expiry: { month: expiryMonth, year: expiryYear },
    panEnvelope,
    cardholderNameEnvelope,
    fingerprints: fingerprints as string[],
    createdAt: new Date(createdAt),
    expiresAt: expiresAt === null ? null : new Date(expiresAt),
  };
}

/** Whether a token's lifetime has ended at `now`. */
export function isTokenExpired(record: CardTokenRecord, now: Date): boolean {
  return record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime();
}
