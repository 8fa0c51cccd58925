/**
 * The evidence vocabulary: Stripe's dispute `evidence` field names, used for every provider so
 * that one checklist fits all. Source (P): `stripe/stripe-node` `types/Disputes.d.ts`, listed
 * in reference §4. Stripe's `enhanced_evidence` (Visa CE 3.0, Visa compliance) is structured
 * data, not a field of this vocabulary.
 */
export const EVIDENCE_FIELDS = Object.freeze([
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const);

/** One name of the evidence vocabulary ({@link EVIDENCE_FIELDS}). */
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

/** Whether a name belongs to the evidence vocabulary. */
export function isEvidenceField(name: string): name is EvidenceField {
  return (EVIDENCE_FIELDS as readonly string[]).includes(name);
}
