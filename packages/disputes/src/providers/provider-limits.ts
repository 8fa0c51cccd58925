/**
 * Longest provider id accepted: Stripe event, dispute and charge ids (`evt_…`, `dp_…`, `ch_…`,
 * about 30 characters) and Adyen PSP references (16 characters) fit many times over. The bound
 * keeps an Adyen notification id (reference + event code + date) within the dispute's
 * provider id limit.
 */
export const PROVIDER_REFERENCE_MAX_LENGTH = 128;

/** Longest event type or event code accepted (`charge.dispute.funds_reinstated`, `PREARBITRATION_ISSUER_WITHDRAWN`). */
export const PROVIDER_EVENT_NAME_MAX_LENGTH = 64;

/** Longest short provider token accepted: card brand, scheme, payment method, Stripe reason, dispute status. */
export const PROVIDER_TOKEN_MAX_LENGTH = 64;

/** Longest ISO 8601 timestamp text accepted (`2025-03-14T09:30:00.123456789+01:00` has 35). */
export const PROVIDER_TIMESTAMP_MAX_LENGTH = 64;

/** Longest currency text accepted before it is checked against ISO 4217 (codes have 3 letters). */
export const PROVIDER_CURRENCY_MAX_LENGTH = 8;

/**
 * Most balance transactions read from a Stripe dispute. Stripe lists "zero, one, or two"
 * (reference/disputes.md §4); the headroom tolerates a future extra entry.
 */
export const STRIPE_BALANCE_TRANSACTIONS_MAX = 16;

/** Highest Stripe evidence submission count accepted ("typically you may only submit evidence once"). */
export const STRIPE_SUBMISSION_COUNT_MAX = 1_000;

/**
 * Most notification items read from one Adyen webhook body. Our bound, not Adyen's: the JSON
 * webhooks carry one item in practice, and a body beyond this is refused whole.
 */
export const ADYEN_WEBHOOK_ITEMS_MAX = 100;
