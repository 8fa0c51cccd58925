import { assert } from '@strongroom/kernel';
import { calendarDate } from '../deadlines/calendar-date.js';
import type { EvidenceProfile } from '../evidence/evidence-profiles.js';
import { catalogueEntry } from './catalogue-entry.js';
import type { DisputeCategory, VisaFlow } from './dispute-category.js';
import { type IssuerFilingRule, issuerFilingRule } from './issuer-filing-rule.js';
import { visaStageWindows } from './network-stage-windows.js';
import type { ReasonCode } from './reason-code.js';

/** A Visa VCR category family: the first number of the code (`13` in `13.1`). */
export interface VisaFamily {
  readonly category: DisputeCategory;
  readonly flow: VisaFlow;
}

// Reference §1 "Categories and flows" (P: ServiceNow docs): 10.x/11.x Allocation,
// 12.x/13.x Collaboration.
const VISA_FAMILIES: Readonly<Record<string, VisaFamily>> = Object.freeze({
  '10': { category: 'fraud', flow: 'allocation' },
  '11': { category: 'authorization', flow: 'allocation' },
  '12': { category: 'processing_error', flow: 'collaboration' },
  '13': { category: 'consumer_dispute', flow: 'collaboration' },
});

/**
 * The VCR family of a Visa code from its first number, also for codes the catalogue does not
 * list (12.8, 13.10), or `null` when the code is in no family.
 */
export function visaFamilyOf(code: string): VisaFamily | null {
  const family = code.split('.')[0] ?? '';
  return Object.hasOwn(VISA_FAMILIES, family) ? (VISA_FAMILIES[family] ?? null) : null;
}

// Visa "the time limit starts on the calendar day after the TPD" (reference §1): the default
// counting of `issuerFilingRule`.
const CAP_540_DAYS = 540;
const WAIT_15_DAYS = 15;

// Days from TPD. Issuer limits: chargeback.com Aug-2019 table (S) unless the row says otherwise.
const tpd120 = issuerFilingRule(120, true);
const tpd75 = issuerFilingRule(75, true);

// 13.3–13.5: "120 d, with a receipt-date modifier; cap 540 d (S; details unconfirmed)". We read
// the modifier as "or from the date the goods were received" (`expected_delivery_date`), and
// assume the 540-day cap of 13.3 for 13.4 and 13.5 too.
const receiptModifier120 = issuerFilingRule(120, false, {
  anchors: ['transaction_date', 'expected_delivery_date'],
  capDays: CAP_540_DAYS,
});

function visa(
  code: string,
  name: string,
  issuerFiling: IssuerFilingRule,
  evidenceProfile: EvidenceProfile,
): ReasonCode {
  const family = visaFamilyOf(code);
  assert(family !== null, 'every Visa catalogue code belongs to a family');
  return catalogueEntry({
    network: 'visa',
    code,
    name,
    category: family.category,
    visaFlow: family.flow,
    issuerFiling,
    stages: visaStageWindows(family.flow),
    evidenceProfile,
  });
}

/**
 * Visa Claims Resolution reason codes (reference §1 table). Names and issuer limits from
 * chargeback.com (S) and Visa Core Rules text on quavo-inc.atlassian.net (P); sub-codes 12.6.1
 * and 12.6.2 from docs.stripe.com/disputes/categories (P). Merchant response 30 d for all.
 */
export const VISA_REASON_CODES: readonly ReasonCode[] = Object.freeze([
  visa('10.1', 'EMV Liability Shift Counterfeit Fraud', tpd120, 'fraud'),
  visa('10.2', 'EMV Liability Shift Non-Counterfeit Fraud', tpd120, 'fraud'),
  visa('10.3', 'Other Fraud – Card-Present Environment', tpd120, 'fraud'),
  visa('10.4', 'Other Fraud – Card-Absent Environment', tpd120, 'fraud'),
  visa('10.5', 'Visa Fraud Monitoring Program', tpd120, 'fraud'),
  visa('11.1', 'Card Recovery Bulletin', tpd75, 'authorization'),
  visa('11.2', 'Declined Authorization', tpd75, 'authorization'),
  visa('11.3', 'No Authorization', tpd75, 'authorization'),
  visa('12.1', 'Late Presentment', tpd120, 'processing_error'),
  visa('12.2', 'Incorrect Transaction Code', tpd120, 'processing_error'),
  visa('12.3', 'Incorrect Currency', tpd120, 'processing_error'),
  visa('12.4', 'Incorrect Account Number', tpd120, 'processing_error'),
  visa('12.5', 'Incorrect Amount', tpd120, 'processing_error'),
  visa('12.6.1', 'Duplicate Processing', tpd120, 'duplicate'),
  visa('12.6.2', 'Paid by Other Means', tpd120, 'processing_error'),
  visa('12.7', 'Invalid Data', tpd75, 'processing_error'),
  visa(
    '13.1',
    'Merchandise/Services Not Received',
    // 120 d from TPD or from the last expected delivery date, cap 540 d from TPD; wait 15 d
    // first if no delivery date was specified: Visa Core Rules via Quavo (P). The wait is
    // counted from the TPD, the only date known then.
    issuerFilingRule(120, true, {
      anchors: ['transaction_date', 'expected_delivery_date'],
      capDays: CAP_540_DAYS,
      waitingPeriod: {
        days: WAIT_15_DAYS,
        from: 'transaction_date',
        onlyWithout: 'expected_delivery_date',
      },
    }),
    'not_received',
  ),
  visa('13.2', 'Cancelled Recurring Transaction', tpd120, 'cancelled_recurring'),
  visa(
    '13.3',
    'Not as Described or Defective Merchandise/Services',
    receiptModifier120,
    'not_as_described',
  ),
  visa('13.4', 'Counterfeit Merchandise', receiptModifier120, 'not_as_described'),
  visa('13.5', 'Misrepresentation', receiptModifier120, 'not_as_described'),
  visa(
    '13.6',
    'Credit Not Processed',
    // Wait 15 d from the credit-receipt date, then 120 d from TPD or the credit-receipt date;
    // cap 540 d from TPD for disputes on or after 16-Oct-2021: Quavo (P), verifi.com (S).
    issuerFilingRule(120, true, {
      anchors: ['transaction_date', 'credit_receipt_date'],
      capDays: CAP_540_DAYS,
      capAppliesFrom: calendarDate('2021-10-16'),
      waitingPeriod: { days: WAIT_15_DAYS, from: 'credit_receipt_date', onlyWithout: null },
    }),
    'credit_not_processed',
  ),
  visa(
    '13.7',
    'Cancelled Merchandise/Services',
    // Wait 15 d from the return date, then 120 d from TPD or the date received/expected; cap
    // 540 d: Quavo (P).
    issuerFilingRule(120, true, {
      anchors: ['transaction_date', 'expected_delivery_date'],
      capDays: CAP_540_DAYS,
      waitingPeriod: { days: WAIT_15_DAYS, from: 'return_date', onlyWithout: null },
    }),
    'cancelled',
  ),
  visa('13.8', 'Original Credit Transaction Not Accepted', tpd120, 'general'),
  // The source row is truncated: 120 d unconfirmed.
  visa(
    '13.9',
    'Non-Receipt of Cash or Load Transaction Value',
    issuerFilingRule(120, false),
    'not_received',
  ),
]);
