import type { EvidenceField } from './evidence-field.js';
import type { EvidenceRequirement } from './evidence-requirement.js';

/**
 * The kinds of evidence sets a reason code can ask for. Each catalogue entry names one; the
 * sets below are OUR mapping, derived per category from Stripe's evidence field names and
 * Adyen's requirement levels (reference §4, §5). No network publishes this table: it is a
 * checklist to guide merchants, not a network rule.
 */
export type EvidenceProfile =
  | 'fraud'
  | 'authorization'
  | 'processing_error'
  | 'duplicate'
  | 'not_received'
  | 'not_as_described'
  | 'credit_not_processed'
  | 'cancelled_recurring'
  | 'cancelled'
  | 'consumer_general'
  | 'inquiry'
  | 'general';

/** Every {@link EvidenceProfile}, for exhaustive tests. */
export const EVIDENCE_PROFILES: readonly EvidenceProfile[] = Object.freeze([
  'fraud',
  'authorization',
  'processing_error',
  'duplicate',
  'not_received',
  'not_as_described',
  'credit_not_processed',
  'cancelled_recurring',
  'cancelled',
  'consumer_general',
  'inquiry',
  'general',
]);

/** The requirements of each {@link EvidenceProfile} (our mapping; see the type's comment). */
export const EVIDENCE_PROFILE_REQUIREMENTS: Readonly<
  Record<EvidenceProfile, readonly EvidenceRequirement[]>
> = Object.freeze({
  // The cardholder took part: proof of identity or presence is what defeats a fraud claim.
  fraud: requirements(
    required('receipt'),
    oneOf('customer_purchase_ip', 'access_activity_log', 'customer_signature', 'billing_address'),
    optional('customer_name'),
    optional('customer_email_address'),
    optional('customer_communication'),
    optional('shipping_address'),
    optional('shipping_documentation'),
    optional('shipping_tracking_number'),
    optional('product_description'),
  ),
  // The vocabulary has no authorization field; an authorization record goes in the
  // uncategorized fields.
  authorization: requirements(
    required('receipt'),
    oneOf('uncategorized_file', 'uncategorized_text'),
    optional('customer_communication'),
  ),
  processing_error: requirements(
    required('receipt'),
    optional('product_description'),
    optional('customer_communication'),
    optional('uncategorized_file'),
    optional('uncategorized_text'),
  ),
  duplicate: requirements(
    required('duplicate_charge_explanation'),
    oneOf('duplicate_charge_id', 'duplicate_charge_documentation'),
    optional('receipt'),
    optional('customer_communication'),
  ),
  // Goods are proven by shipping records, services by service records.
  not_received: requirements(
    oneOf('shipping_documentation', 'shipping_tracking_number', 'service_documentation'),
    optional('shipping_carrier'),
    optional('shipping_date'),
    optional('shipping_address'),
    optional('service_date'),
    optional('product_description'),
    optional('receipt'),
    optional('customer_communication'),
  ),
  not_as_described: requirements(
    required('product_description'),
    oneOf('refund_refusal_explanation', 'customer_communication'),
    optional('refund_policy'),
    optional('refund_policy_disclosure'),
    optional('receipt'),
    optional('shipping_documentation'),
    optional('service_documentation'),
  ),
  credit_not_processed: requirements(
    required('refund_refusal_explanation'),
    oneOf('refund_policy', 'refund_policy_disclosure'),
    optional('customer_communication'),
    optional('receipt'),
  ),
  // Use of the service after the claimed cancellation shows in the access log.
  cancelled_recurring: requirements(
    required('cancellation_policy'),
    oneOf('cancellation_rebuttal', 'customer_communication'),
    optional('cancellation_policy_disclosure'),
    optional('access_activity_log'),
    optional('receipt'),
  ),
  cancelled: requirements(
    required('cancellation_policy'),
    oneOf('cancellation_rebuttal', 'refund_refusal_explanation'),
    optional('cancellation_policy_disclosure'),
    optional('refund_policy'),
    optional('customer_communication'),
    optional('receipt'),
  ),
  // Codes that cover many consumer disputes (Mastercard 4853): any of the specific answers.
  consumer_general: requirements(
    oneOf(
      'shipping_documentation',
      'service_documentation',
      'customer_communication',
      'refund_refusal_explanation',
      'cancellation_rebuttal',
    ),
    optional('receipt'),
    optional('product_description'),
    optional('refund_policy'),
    optional('cancellation_policy'),
  ),
  inquiry: requirements(
    oneOf('receipt', 'customer_communication', 'uncategorized_file'),
    optional('product_description'),
    optional('uncategorized_text'),
  ),
  // Unknown and unclassified codes: something must be sent, and nothing more can be assumed.
  general: requirements(
    oneOf('receipt', 'customer_communication', 'uncategorized_file', 'uncategorized_text'),
    optional('product_description'),
  ),
});

function requirements(...list: EvidenceRequirement[]): readonly EvidenceRequirement[] {
  return Object.freeze(list);
}

function required(field: EvidenceField): EvidenceRequirement {
  return Object.freeze({ level: 'required', fields: Object.freeze([field]) });
}

function optional(field: EvidenceField): EvidenceRequirement {
  return Object.freeze({ level: 'optional', fields: Object.freeze([field]) });
}

function oneOf(...fields: EvidenceField[]): EvidenceRequirement {
  return Object.freeze({ level: 'one_of', fields: Object.freeze(fields) });
}
