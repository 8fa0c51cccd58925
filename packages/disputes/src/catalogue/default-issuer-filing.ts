import { type DayCounting, type IssuerFilingRule, issuerFilingRule } from './issuer-filing-rule.js';

/**
 * The issuer window used where the reference gives no figure (Mastercard 4840, 4850, 4999,
 * Discover, unknown codes): the longest limit in the reference, Visa's 540-day cap from the
 * transaction date (reference §1). Longest is the conservative side for an issuer window: a
 * dispute is never assumed out of time, and a won case never assumed final, too early.
 */
export const DEFAULT_ISSUER_FILING_DAYS = 540;

/** The unconfirmed default issuer window ({@link DEFAULT_ISSUER_FILING_DAYS} from the transaction). */
export function defaultIssuerFilingRule(
  counting: DayCounting = 'day_after_anchor',
): IssuerFilingRule {
  return issuerFilingRule(DEFAULT_ISSUER_FILING_DAYS, false, { counting });
}
