/** How long an access token lives unless configured: short, since only revocation can end it sooner. */
export const ACCESS_TOKEN_TTL_MS_DEFAULT = 10 * 60_000;
/** The longest lifetime accepted: a stolen bearer token must not outlive an hour (RFC 8725 §3.10). */
export const ACCESS_TOKEN_TTL_MAX_MS = 60 * 60_000;
/** Clock skew tolerated between the issuer and a verifier, unless configured. */
export const ACCESS_TOKEN_LEEWAY_MS_DEFAULT = 30_000;
/** The most clock skew a verifier may be configured to tolerate. */
export const ACCESS_TOKEN_LEEWAY_MAX_MS = 5 * 60_000;
/**
 * Longest token `verify` parses; checked before any decoding. The largest token `issue` can make
 * (most roles and methods, longest ids, issuer and audience) stays below it.
 */
export const ACCESS_TOKEN_MAX_LENGTH = 8192;
/** The JOSE `typ` of an access token (RFC 9068 §2.1), so no other JWT can pass for one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Longest `sub`, `dev` and `sid`: they are revocation ids too. */
export const ACCESS_TOKEN_ID_MAX_LENGTH = 64;
/** Most authentication methods (`amr`, RFC 8176) one token names. */
export const AUTHENTICATION_METHODS_MAX = 8;
/** An RFC 8176 method name (`pwd`, `otp`, `hwk`, `mfa`, …). */
export const AUTHENTICATION_METHOD_PATTERN = /^[a-z]{2,16}$/;
/** Longest configured issuer or audience. */
export const ACCESS_TOKEN_PARTY_MAX_LENGTH = 256;
