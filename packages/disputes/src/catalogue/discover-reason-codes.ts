import { networkEntryBuilder } from './catalogue-entry.js';
import { defaultIssuerFilingRule } from './default-issuer-filing.js';
import { discoverStageWindows } from './network-stage-windows.js';
import type { ReasonCode } from './reason-code.js';

// The reference gives no Discover filing limit: the unconfirmed default.
const discoverFiling = defaultIssuerFilingRule();

const discover = networkEntryBuilder('discover', discoverFiling, discoverStageWindows);

/**
 * Discover codes (reference §3): alpha codes from docs.antom.com (Antom), numeric examples from
 * TabaPay. UA10 and UA11 are listed without names, in the UA fraud family.
 */
export const DISCOVER_REASON_CODES: readonly ReasonCode[] = Object.freeze([
  // Classed as fraud like Mastercard 4863 ("Cardholder Does Not Recognize – Potential Fraud").
  discover('AA', 'Does not recognize', 'fraud', 'fraud'),
  discover('UA01', 'Fraud – card present', 'fraud', 'fraud'),
  discover('UA02', 'Fraud – card not present', 'fraud', 'fraud'),
  discover('UA05', 'Chip counterfeit', 'fraud', 'fraud'),
  discover('UA06', 'Chip-and-PIN', 'fraud', 'fraud'),
  discover('UA10', 'Fraud (name unconfirmed)', 'fraud', 'fraud'),
  discover('UA11', 'Fraud (name unconfirmed)', 'fraud', 'fraud'),
  discover('AT', 'Authorization non-compliance', 'authorization', 'authorization'),
  discover('DA', 'Declined', 'authorization', 'authorization'),
  discover('NA', 'No authorization', 'authorization', 'authorization'),
  discover('EX', 'Expired', 'authorization', 'authorization'),
  discover('4534', 'Duplicate', 'processing_error', 'duplicate'),
  discover('4541', 'Cancelled recurring', 'consumer_dispute', 'cancelled_recurring'),
  discover('4553', 'Quality', 'consumer_dispute', 'not_as_described'),
  discover('4755', 'Non-receipt', 'consumer_dispute', 'not_received'),
  discover('4865', 'Paid by other means', 'processing_error', 'processing_error'),
  discover('7030', 'Fraud – card not present', 'fraud', 'fraud'),
  discover('8002', 'Credit not processed', 'consumer_dispute', 'credit_not_processed'),
]);
