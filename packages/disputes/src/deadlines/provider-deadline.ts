import { type DomainError, err, ok, type Result } from '@strongroom/kernel';

/**
 * The deadline a payment provider gives for the merchant's response (Stripe
 * `evidence_details.due_by`, Adyen `defensePeriodEndsAt`), or its word that the dispute cannot
 * be defended at all (Stripe `due_by = 0`, Adyen `defendable = false`).
 */
export type ProviderDeadline =
  | { readonly kind: 'due'; readonly dueAt: Date }
  | { readonly kind: 'not_defendable' };

/** A provider deadline value that is not a timestamp. */
export interface ProviderDeadlineError extends DomainError<'disputes.provider_deadline_invalid'> {
  readonly reason: 'not_an_integer' | 'out_of_range';
}

/** The latest Unix timestamp accepted, 9999-12-31T23:59:59Z, in seconds. */
export const UNIX_SECONDS_MAX = 253_402_300_799;

/**
 * Reads Stripe's `evidence_details.due_by` (Unix seconds): 0 means "the issuer allows no
 * response" (reference §4, `stripe/stripe-node` `types/Disputes.d.ts` (P)), so the dispute is
 * not defendable; any other value is the deadline.
 */
export function stripeDueByDeadline(
  dueBy: unknown,
): Result<ProviderDeadline, ProviderDeadlineError> {
  if (typeof dueBy !== 'number' || !Number.isInteger(dueBy)) {
    return err({ type: 'disputes.provider_deadline_invalid', reason: 'not_an_integer' });
  }
  if (dueBy < 0 || dueBy > UNIX_SECONDS_MAX) {
    return err({ type: 'disputes.provider_deadline_invalid', reason: 'out_of_range' });
  }
  if (dueBy === 0) return ok(Object.freeze({ kind: 'not_defendable' }));
  return ok(Object.freeze({ kind: 'due', dueAt: new Date(dueBy * 1000) }));
}
