/**
 * The JWS algorithms access tokens may be signed with (RFC 8725 §3.1: a fixed list, asymmetric only,
 * so a verifier never holds a secret that could sign): Ed25519, or ECDSA P-256 where a FIPS
 * module is required.
 */
export const SIGNING_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The algorithm new signing keys use unless configured. */
export const SIGNING_ALGORITHM_DEFAULT: SigningAlgorithm = 'EdDSA';

/** Narrows a header's `alg`, which comes from an unverified token. */
export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return SIGNING_ALGORITHMS.some((algorithm) => algorithm === value);
}
