import {
  assert,
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  type Result,
  type TenantId,
} from '@strongroom/kernel';
import type { EnvelopeBinding, EnvelopeCipher, EnvelopeError } from '@strongroom/vault';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SigningAlgorithm } from './signing-algorithm.js';
import {
  type PublicSigningJwk,
  publicMembers,
  SIGNING_KEY_PRIVATE_FIELD,
  type SigningKeyRecord,
} from './signing-key-record.js';

/** What sealing a new key needs: the vault's cipher and the KEK that wraps its data keys. */
export interface SigningKeySealer {
  readonly cipher: EnvelopeCipher;
  /** The KEK name (`tokens` by default). */
  readonly keyId: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const binding = (tenantId: TenantId, kid: string): EnvelopeBinding => ({
  tenantId,
  recordId: kid,
  field: SIGNING_KEY_PRIVATE_FIELD,
});

const unreadable = (): InfrastructureError =>
  infrastructureError({
    retryable: false,
    operation: 'identity.signing_keys.import',
    message: 'a stored signing key could not be imported',
  });

/**
 * Generates a key pair and seals its private JWK under the tenant and `kid`. It calls the KMS,
 * so it runs before the transaction that stores the record (whose function may run again).
 */
export async function generateSigningKey(
  sealer: SigningKeySealer,
  tenantId: TenantId,
  key: { readonly kid: string; readonly algorithm: SigningAlgorithm; readonly createdAtMs: number },
): Promise<Result<SigningKeyRecord, EnvelopeError>> {
  const pair = await generateKeyPair(key.algorithm, { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  assert(
    typeof publicJwk.kty === 'string' &&
      typeof publicJwk.crv === 'string' &&
      typeof publicJwk.x === 'string',
    'an exported Ed25519 or P-256 public key has kty, crv and x',
  );
  const plaintext = encoder.encode(JSON.stringify(await exportJWK(pair.privateKey)));
  try {
    const sealed = await sealer.cipher.encrypt(sealer.keyId, binding(tenantId, key.kid), plaintext);
    if (sealed.isErr()) return err(sealed.error);
    return ok({
      ...key,
      status: 'active',
      publicJwk: publicMembers(publicJwk as PublicSigningJwk),
      privateKeyEnvelope: sealed.value,
      retiredAtMs: null,
    });
  } finally {
    plaintext.fill(0);
  }
}

/** Opens a record's private key as a non-extractable `CryptoKey` that can only sign. */
export async function unsealPrivateKey(
  cipher: EnvelopeCipher,
  tenantId: TenantId,
  record: SigningKeyRecord,
): Promise<Result<CryptoKey, EnvelopeError | InfrastructureError>> {
  const opened = await cipher.decrypt(binding(tenantId, record.kid), record.privateKeyEnvelope);
  if (opened.isErr()) return err(opened.error);
  try {
    const jwk = JSON.parse(decoder.decode(opened.value)) as JWK;
    return ok(await importKey(jwk, record.algorithm));
  } catch {
    return err(unreadable());
  } finally {
    opened.value.fill(0);
  }
}

/** Imports a record's public key for verification. */
export async function importPublicKey(
  record: SigningKeyRecord,
): Promise<Result<CryptoKey, InfrastructureError>> {
  try {
    return ok(await importKey({ ...publicMembers(record.publicJwk) }, record.algorithm));
  } catch {
    return err(unreadable());
  }
}

async function importKey(jwk: JWK, algorithm: SigningAlgorithm): Promise<CryptoKey> {
  const key = await importJWK(jwk, algorithm, { extractable: false });
  assert(!(key instanceof Uint8Array), 'an OKP or EC JWK imports as a CryptoKey');
  return key;
}
