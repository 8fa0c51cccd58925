import type { ProviderCardNetwork } from './card-network-of-brand.js';
import { UNKNOWN_PROVIDER_REASON_CODE } from './provider-reason-code.js';

// Stripe's own `reason` (reference/disputes.md §4) mapped to the Visa category whose codes cover
// it (§1 table): 10 Fraud; 12 Processing Errors (12.4 Incorrect Account Number, 12.6.1 Duplicate
// Processing); 13 Consumer Disputes (13.1 not received, 13.2 cancelled recurring, 13.3 not as
// described, 13.6 credit not processed). Only reasons one category clearly covers are listed.
const VISA_CATEGORY_OF_REASON: ReadonlyMap<string, string> = new Map([
  ['fraudulent', '10'],
  ['incorrect_account_details', '12'],
  ['duplicate', '12'],
  ['product_not_received', '13'],
  ['subscription_canceled', '13'],
  ['product_unacceptable', '13'],
  ['credit_not_processed', '13'],
]);

/**
 * The reason code of a Stripe dispute without `network_reason_code`: for Visa, the category
 * number its `reason` falls in (`fraudulent` → `10`), which the catalogue resolves to the
 * category's flow and windows; otherwise `unknown`. Other networks have no category codes.
 */
export function stripeFallbackReasonCode(network: ProviderCardNetwork, reason: string): string {
  if (network !== 'visa') return UNKNOWN_PROVIDER_REASON_CODE;
  return VISA_CATEGORY_OF_REASON.get(reason) ?? UNKNOWN_PROVIDER_REASON_CODE;
}
