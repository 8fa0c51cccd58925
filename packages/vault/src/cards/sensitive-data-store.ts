import type { DomainError, Result, StorageError, TenantId } from '@strongroom/kernel';

/** The in-process store is at its entry limit even after dropping expired entries. */
export interface SensitiveDataStoreFullError
  extends DomainError<'vault.sensitive_data_store_full'> {
  readonly maximum: number;
}

/** Every error of a {@link SensitiveDataStore}. */
export type SensitiveDataStoreError = SensitiveDataStoreFullError | StorageError;

/**
 * Where sensitive authentication data (the card security code) waits for authorization, already
 * encrypted by the caller (PCI DSS 3.3.2), apart from the token records that backups keep. Every
 * entry expires; `take` returns it once and removes it in the same step, so after use or expiry
 * it is gone (PCI DSS 3.3.1). Implementations: {@link createMemorySensitiveDataStore} (the
 * default; non-persistent memory) and {@link createStorageSensitiveDataStore}.
 */
export interface SensitiveDataStore {
  /** Which implementation this is (`memory`, `storage`), for logs and audit details. */
  readonly kind: string;
  /** Holds `sealed` under `key` until `expiresAt`, replacing whatever was held there. */
  put(
    tenantId: TenantId,
    key: string,
    sealed: string,
    expiresAt: Date,
  ): Promise<Result<void, SensitiveDataStoreError>>;
  /** Removes and returns the entry; `null` when there is none or it has expired (removed too). */
  take(tenantId: TenantId, key: string): Promise<Result<string | null, SensitiveDataStoreError>>;
  /** Removes the entry if there is one. */
  discard(tenantId: TenantId, key: string): Promise<Result<void, SensitiveDataStoreError>>;
  /** Removes the tenant's expired entries; returns how many. */
  sweep(tenantId: TenantId): Promise<Result<number, SensitiveDataStoreError>>;
}
