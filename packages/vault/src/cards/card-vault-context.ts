import type { AuditLog } from '@strongroom/audit';
import type { Clock, Result, Storage } from '@strongroom/kernel';
import type { EnvelopeCipher } from '../envelope/envelope-cipher.js';
import type { SecretError, VersionedSecret } from '../secrets/secret-provider.js';
import type { CardLeafWriter } from './card-audit.js';
import type { SensitiveDataStore } from './sensitive-data-store.js';

/** Everything the card operations share, resolved from the vault's options. */
export interface CardVaultContext {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly cipher: EnvelopeCipher;
  readonly fingerprintKey: () => Promise<Result<VersionedSecret, SecretError>>;
  readonly sensitiveData: SensitiveDataStore;
  readonly clock: Clock;
  /** The KEK that wraps card data keys. */
  readonly keyId: string;
  readonly cvvTtlMs: number;
  /** Writes a standalone leaf (a reveal, a refusal, a failure), sharing commits under load. */
  readonly appendLeaf: CardLeafWriter;
}
