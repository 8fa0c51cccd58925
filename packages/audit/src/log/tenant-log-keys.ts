import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { assert, type TenantId } from '@strongroom/kernel';
import { isValidKeyName } from '../checkpoint/key-name.js';
import {
  createNoteSigner,
  ED25519_SEED_BYTES,
  type Ed25519NoteSigner,
} from '../checkpoint/note-signer.js';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';

/** How the audit log signs: the origin prefix of every tenant's log and its master seeds. */
export interface AuditSigningOptions {
  /** Schema-less URL prefix, e.g. `audit.example.com`; each tenant's log is `<prefix>/<tenantId>`. */
  readonly originPrefix: string;
  /**
   * 32-byte master seeds, newest first. Checkpoints are signed with every seed listed, so a
   * rotation adds the new seed in front, waits until clients trust the new keys, then drops the
   * old seed. Seeds come from the secrets port; they never reach a log line or a record.
   */
  readonly masterSeeds: readonly Uint8Array[];
}

/** The C2SP origin of a tenant's log, which is also its key name. */
export function tenantLogOrigin(originPrefix: string, tenantId: TenantId): string {
  return `${originPrefix}/${tenantId}`;
}

/**
 * The Ed25519 signers of one tenant's log. Each tenant gets its own key, derived from the master
 * seed with HKDF-SHA-256 (info = the origin), because the key name must equal the origin for
 * witnesses and one key per log keeps a leaked tenant key from vouching for another tenant.
 */
export function tenantLogSigners(
  options: AuditSigningOptions,
  tenantId: TenantId,
): Ed25519NoteSigner[] {
  const origin = tenantLogOrigin(options.originPrefix, tenantId);
  assert(isValidKeyName(origin), 'the origin prefix has no spaces or "+"');
  assert(options.masterSeeds.length > 0, 'the audit log needs at least one master seed');
  return options.masterSeeds.map((masterSeed) => {
    assert(masterSeed.length === ED25519_SEED_BYTES, 'master seeds are 32 bytes');
    const seed = hkdf(
      sha256,
      masterSeed,
      utf8ToBytes('strongroom/audit/log-key/v1'),
      utf8ToBytes(origin),
      ED25519_SEED_BYTES,
    );
    return createNoteSigner({ name: origin, seed });
  });
}

/** The verifiers of one tenant's log keys, for opening its checkpoints. */
export function tenantLogVerifiers(
  options: AuditSigningOptions,
  tenantId: TenantId,
): NoteVerifier[] {
  return tenantLogSigners(options, tenantId).map((signer) => signer.verifier);
}
