/**
 * WebCrypto's `CryptoKey`. `@types/node` declares the global only as a value (the type lives in
 * `node:crypto`, which domain code may not import), so the type is taken from `importKey`'s result.
 */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
