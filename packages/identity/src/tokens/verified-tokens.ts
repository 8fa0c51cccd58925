import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BoundedCache, BoundedCacheLimits } from '@strongroom/kernel';
import type { AccessTokenClaims } from './access-token-claims.js';

/**
 * Limits of the verified-token cache unless configured: a minute (a token is re-verified at least
 * that often) and ten thousand tokens (each entry is one token's claims, about half a kilobyte).
 */
export const VERIFIED_TOKEN_CACHE_DEFAULTS: BoundedCacheLimits = {
  maxAgeMs: 60_000,
  maxEntries: 10_000,
};

/**
 * The claims of tokens whose signature, type, issuer and audience this process has verified, by
 * {@link verifiedTokenKey}: those checks give the same answer for the same token string every
 * time, so a hit skips them. Everything that can change after issue is checked on every hit.
 */
export type VerifiedTokens = BoundedCache<AccessTokenClaims>;

const encoder = new TextEncoder();

/** The cache key of a token: its SHA-256, so the cache holds no bearer token a dump could replay. */
export function verifiedTokenKey(token: string): string {
  return bytesToHex(sha256(encoder.encode(token)));
}
