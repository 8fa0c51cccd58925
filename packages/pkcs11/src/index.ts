/**
 * `@strongroom/pkcs11`: the vault's KMS port on a PKCS#11 token (an HSM; SoftHSM2 in tests).
 * KEKs are AES-256 keys generated inside the token that never leave it.
 * @module
 */
export { createPkcs11Kms, type Pkcs11Kms } from './pkcs11-kms.js';
export { type Pkcs11KmsOptions, SESSION_POOL_SIZE_DEFAULT } from './pkcs11-kms-options.js';
export { SESSION_POOL_SIZE_MAX } from './session-pool.js';
