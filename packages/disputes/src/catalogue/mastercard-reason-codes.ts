import type { EvidenceProfile } from '../evidence/evidence-profiles.js';
import { catalogueEntry } from './catalogue-entry.js';
import { defaultIssuerFilingRule } from './default-issuer-filing.js';
import type { DisputeCategory } from './dispute-category.js';
import { type IssuerFilingRule, issuerFilingRule } from './issuer-filing-rule.js';
import { mastercardStageWindows } from './network-stage-windows.js';
import type { ReasonCode } from './reason-code.js';

// Mastercard counts days from the CSBD, "which counts as day 1" (reference §2, S).
const fromCsbd = (days: number, confirmed: boolean): IssuerFilingRule =>
  issuerFilingRule(days, confirmed, { counting: 'anchor_day' });

function mastercard(
  code: string,
  name: string,
  category: DisputeCategory,
  issuerFiling: IssuerFilingRule,
  evidenceProfile: EvidenceProfile,
  options: { readonly skipsPreArbitration?: boolean } = {},
): ReasonCode {
  return catalogueEntry({
    network: 'mastercard',
    code,
    name,
    category,
    visaFlow: null,
    issuerFiling,
    stages: mastercardStageWindows(options.skipsPreArbitration ?? false),
    evidenceProfile,
  });
}

// Straight to arbitration, no pre-arbitration case: Adyen mastercard-chargebacks doc; Quavo
// (reference §2 "Cycle").
const straightToArbitration = { skipsPreArbitration: true } as const;

/**
 * Mastercard's current reason codes (reference §2). The set comes from docs.antom.com (P/S);
 * issuer limits come from secondary sources only and are to be verified against the
 * Mastercard Chargeback Guide, so most are marked unconfirmed.
 */
export const MASTERCARD_REASON_CODES: readonly ReasonCode[] = Object.freeze([
  // 90 d: justt.ai, paymentsandrisk (S).
  mastercard(
    '4808',
    'Authorization-Related Chargeback',
    'authorization',
    fromCsbd(90, true),
    'authorization',
    straightToArbitration,
  ),
  // 90 d, reduced from 120 (S).
  mastercard(
    '4834',
    'Point-of-Interaction Error',
    'processing_error',
    fromCsbd(90, true),
    'processing_error',
  ),
  // 120 d (unconfirmed).
  mastercard('4837', 'No Cardholder Authorization', 'fraud', fromCsbd(120, false), 'fraud'),
  // Listed by Antom, reported retired (unconfirmed); no limit given: the default.
  mastercard(
    '4840',
    'Fraudulent Processing of Transactions',
    'fraud',
    defaultIssuerFilingRule('anchor_day'),
    'fraud',
  ),
  // 120 d (unconfirmed).
  mastercard('4849', 'Questionable Merchant Activity', 'fraud', fromCsbd(120, false), 'fraud'),
  // Current per Antom (regional); no limit given: the default.
  mastercard(
    '4850',
    'Installment Billing Dispute',
    'consumer_dispute',
    defaultIssuerFilingRule('anchor_day'),
    'consumer_general',
  ),
  // 120 d from CSBD or expected delivery, cap 540 (S); paymentsandrisk says 90: a conflict, so
  // unconfirmed, and the longer figure is kept (see DEFAULT_ISSUER_FILING_DAYS on why longer).
  mastercard(
    '4853',
    'Cardholder Dispute',
    'consumer_dispute',
    issuerFilingRule(120, false, {
      anchors: ['transaction_date', 'expected_delivery_date'],
      counting: 'anchor_day',
      capDays: 540,
    }),
    'consumer_general',
  ),
  // 120 d (unconfirmed).
  mastercard(
    '4863',
    'Cardholder Does Not Recognize – Potential Fraud',
    'fraud',
    fromCsbd(120, false),
    'fraud',
  ),
  // 120 d (unconfirmed).
  mastercard(
    '4870',
    'Chip Liability Shift',
    'fraud',
    fromCsbd(120, false),
    'fraud',
    straightToArbitration,
  ),
  // 120 d (unconfirmed).
  mastercard(
    '4871',
    'Chip/PIN Liability Shift',
    'fraud',
    fromCsbd(120, false),
    'fraud',
    straightToArbitration,
  ),
  // Europe only; the reference gives "n/a": the default.
  mastercard(
    '4999',
    'Domestic Chargeback Dispute',
    'other',
    defaultIssuerFilingRule('anchor_day'),
    'general',
  ),
]);

/** A retired Mastercard code and the current code that replaced it. */
export interface LegacyReasonCode {
  readonly code: string;
  readonly name: string;
  readonly currentCode: string;
  /** False where the reference gives no target and the mapping is ours. */
  readonly confirmed: boolean;
}

/**
 * Legacy Mastercard codes mapped to current ones: midmetrics.com/mastercard-chargeback-reason-codes
 * (S), reference §2. The reference lists 4854 as legacy without a target; we map it to 4853,
 * whose name ("Cardholder Dispute") it shares.
 */
export const MASTERCARD_LEGACY_CODES: readonly LegacyReasonCode[] = Object.freeze([
  legacy('4807', 'Warning Bulletin', '4808'),
  legacy('4812', 'Account Number Not on File', '4808'),
  legacy('4831', 'Amount Differs', '4834'),
  legacy('4842', 'Late Presentment', '4834'),
  legacy('4846', 'Currency Code Not Provided', '4834'),
  legacy('4841', 'Cancelled Recurring/Digital', '4853'),
  legacy('4855', 'Goods/Services Not Provided', '4853'),
  legacy('4859', 'Addendum/No-show/ATM', '4853'),
  legacy('4860', 'Credit Not Processed', '4853'),
  legacy('4854', 'Cardholder Dispute – Not Elsewhere Classified (US)', '4853', false),
]);

function legacy(
  code: string,
  name: string,
  currentCode: string,
  confirmed = true,
): LegacyReasonCode {
  return Object.freeze({ code, name, currentCode, confirmed });
}
