/**
 * The normalized category of a reason code, the same across networks. The first four are Visa's
 * VCR categories (reference §1: Fraud 10.x, Authorization 11.x, Processing Errors 12.x, Consumer
 * Disputes 13.x), onto which the other networks' codes are mapped:
 * - `fraud`: the cardholder says they did not take part (Mastercard 4837, 4863, 487x; Amex F*,
 *   FR*; Discover UA*, AA).
 * - `authorization`: authorization was missing, declined or expired (Mastercard 4808; Discover
 *   AT, DA, NA, EX).
 * - `processing_error`: the transaction was processed wrongly (duplicate, amount, currency,
 *   late presentment; Mastercard 4834; Amex P*).
 * - `consumer_dispute`: the goods, service, credit or cancellation is disputed (Mastercard 4853;
 *   Amex C*).
 * - `inquiry`: a request for information with no chargeback yet (Amex R03, R13, M38, S01).
 * - `other`: a code the reference puts in no category (Mastercard 4999), and unknown codes
 *   outside Visa's numbered families.
 */
export type DisputeCategory =
  | 'fraud'
  | 'authorization'
  | 'processing_error'
  | 'consumer_dispute'
  | 'inquiry'
  | 'other';

/** Every {@link DisputeCategory}, for parsing and exhaustive tests. */
export const DISPUTE_CATEGORIES: readonly DisputeCategory[] = Object.freeze([
  'fraud',
  'authorization',
  'processing_error',
  'consumer_dispute',
  'inquiry',
  'other',
]);

/**
 * Visa's two dispute flows (reference §1, ServiceNow docs (P)): in `allocation` (fraud and
 * authorization) the acquirer starts pre-arbitration and arbitration; in `collaboration`
 * (processing errors and consumer disputes) the issuer does, after the acquirer's response.
 */
export type VisaFlow = 'allocation' | 'collaboration';
