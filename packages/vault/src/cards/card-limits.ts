/** Most cards one {@link CardVault.tokenizeBatch} call takes (Basis Theory and VGS cap batches too). */
export const CARD_BATCH_SIZE_MAX = 100;

/** How long a security code is held for authorization by default: one checkout, not a session. */
export const CVV_TTL_DEFAULT_MS = 15 * 60 * 1000;

/** The longest a security code may ever be held (PCI DSS 3.3.1: only until authorization). */
export const CVV_TTL_MAX_MS = 60 * 60 * 1000;

/** The longest lifetime a token may be given; without one a token lives until deleted. */
export const CARD_TOKEN_LIFETIME_MAX_MS = 10 * 366 * 24 * 60 * 60 * 1000;

/** Characters a stated purpose of a reveal may take: a reason, not a narrative. */
export const PURPOSE_MAX_LENGTH = 128;

/** Live fingerprint key versions a tokenize looks up; rotation keeps two or three. */
export const FINGERPRINT_VERSIONS_MAX = 8;

/** Bytes a fingerprint key version must have at least: HMAC-SHA-256's own output size. */
export const FINGERPRINT_KEY_MIN_BYTES = 32;
