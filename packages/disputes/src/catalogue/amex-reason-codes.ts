import { networkEntryBuilder } from './catalogue-entry.js';
import { issuerFilingRule } from './issuer-filing-rule.js';
import { amexStageWindows } from './network-stage-windows.js';
import type { ReasonCode } from './reason-code.js';

// Filing "about 120 d" (S, chargeflow; reference §3): approximate, so unconfirmed.
const amexFiling = issuerFilingRule(120, false);

const amex = networkEntryBuilder('amex', amexFiling, amexStageWindows);

/**
 * American Express codes seen in docs.antom.com/ac/dispute/amex (P/S) with Braintree's category
 * mapping (reference §3). Codes listed only by group carry the group's name; the reference says
 * no more about them.
 */
export const AMEX_REASON_CODES: readonly ReasonCode[] = Object.freeze([
  amex('F10', 'Missing imprint', 'fraud', 'fraud'),
  amex('F14', 'Missing signature', 'fraud', 'fraud'),
  amex('F24', 'No card member authorization', 'fraud', 'fraud'),
  amex('F29', 'Card not present', 'fraud', 'fraud'),
  amex('F30', 'EMV counterfeit', 'fraud', 'fraud'),
  amex('F31', 'EMV lost/stolen', 'fraud', 'fraud'),
  amex('FR2', 'Fraud full recourse', 'fraud', 'fraud'),
  amex('FR4', 'Immediate chargeback program', 'fraud', 'fraud'),
  amex('FR6', 'Partial immediate chargeback program', 'fraud', 'fraud'),
  amex('C02', 'Credit not processed', 'consumer_dispute', 'credit_not_processed'),
  amex('C04', 'Credit not processed', 'consumer_dispute', 'credit_not_processed'),
  amex('C05', 'Credit not processed', 'consumer_dispute', 'credit_not_processed'),
  amex('C18', 'Credit not processed', 'consumer_dispute', 'credit_not_processed'),
  amex('C28', 'Cancelled recurring', 'consumer_dispute', 'cancelled_recurring'),
  amex('C08', 'Not received', 'consumer_dispute', 'not_received'),
  amex('C31', 'Unsatisfactory', 'consumer_dispute', 'not_as_described'),
  amex('C32', 'Unsatisfactory', 'consumer_dispute', 'not_as_described'),
  amex('P08', 'Duplicate', 'processing_error', 'duplicate'),
  amex('P05', 'Amount differs', 'processing_error', 'processing_error'),
  amex('R03', 'Inquiry/general', 'inquiry', 'inquiry'),
  amex('R13', 'Inquiry/general', 'inquiry', 'inquiry'),
  amex('M38', 'Inquiry/general', 'inquiry', 'inquiry'),
  amex('S01', 'Inquiry/general', 'inquiry', 'inquiry'),
]);
