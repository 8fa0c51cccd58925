import { assert, type StorageLimits } from '@strongroom/kernel';

/**
 * What one transaction may write by default on PostgreSQL. The database has no hard cap of its
 * own at this size; these bound lock time and WAL per command and keep a command portable to the
 * DynamoDB adapter's far smaller limits only where the domain batches deliberately.
 */
export const DEFAULT_POSTGRES_LIMITS: StorageLimits = {
  writesPerTransaction: 1000,
  bytesPerTransaction: 4 * 1024 * 1024,
  bytesPerRecord: 400 * 1024,
};

/** The defaults with the caller's overrides, checked: limits are configuration, not input. */
export function resolveLimits(overrides: Partial<StorageLimits> = {}): StorageLimits {
  const limits = { ...DEFAULT_POSTGRES_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    assert(Number.isSafeInteger(value) && value >= 1, `${name} is a positive integer`);
  }
  assert(limits.bytesPerRecord <= limits.bytesPerTransaction, 'a record fits in a transaction');
  return limits;
}
