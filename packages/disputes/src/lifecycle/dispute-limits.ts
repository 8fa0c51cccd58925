/**
 * Provider notification ids a dispute remembers, newest kept. A dispute's whole life is a few
 * dozen notifications (Adyen's webhook list has 20 event codes and each stage is passed once;
 * Stripe sends fewer), so 256 keeps all of them in practice while bounding the state. A
 * duplicate older than the window is still harmless: stage ordering makes it stale, and the
 * money rules never withdraw twice or reinstate what is not withdrawn.
 */
export const DISPUTE_APPLIED_NOTIFICATIONS_MAX = 256;

/** Longest network reason code (`10.4`, `4853`, `FR2`, `12.6.1`). */
export const DISPUTE_REASON_CODE_MAX_LENGTH = 32;

/** Longest provider name (`stripe`, `adyen`). */
export const DISPUTE_PROVIDER_NAME_MAX_LENGTH = 64;

/** Longest provider notification id or provider dispute id. */
export const DISPUTE_PROVIDER_ID_MAX_LENGTH = 256;

/** Most digits of a disputed amount in minor units: the kernel's Money bound is 10^36 - 1. */
export const DISPUTE_AMOUNT_MAX_DIGITS = 36;
