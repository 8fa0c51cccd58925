import { type AuditLog, createAuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  type IdGenerator,
  type Storage,
  systemClock,
  typeIdGenerator,
} from '@strongroom/kernel';
import { createLedger, type Ledger } from '@strongroom/ledger';
import { createVault, type Vault } from '@strongroom/vault';
import type { StrongroomOptions } from './strongroom-options.js';

/**
 * The facade a host application holds: one object per process, shared by every request. Each
 * domain (audit, vault, ledger, identity, disputes) is wired onto it as it lands.
 */
export interface Strongroom {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The tamper-evident audit log every domain writes to inside its transactions. */
  readonly audit: AuditLog;
  /** Card tokens, field encryption and keys; every vault operation writes an audit leaf. */
  readonly vault: Vault;
  /** The double-entry ledger; every command writes its audit leaf and outbox events. */
  readonly ledger: Ledger;
  /**
   * Flushes the vault's usage counters, then releases the KMS and the storage; the instance cannot
   * be used afterwards.
   */
  close(): Promise<void>;
}

/** Builds the {@link Strongroom} facade from a host's adapters. */
export function createStrongroom(options: StrongroomOptions): Strongroom {
  assert(options.storage !== undefined, 'createStrongroom needs a storage adapter');
  const storage = options.storage;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? typeIdGenerator;
  const audit = createAuditLog({ storage, clock, ids, ...options.audit });
  const vault = createVault({ ...options.vault, storage, audit, clock });
  const ledger = createLedger({ ...options.ledger, storage, audit, clock, ids });
  let closed = false;
  return {
    storage,
    clock,
    ids,
    audit,
    vault,
    ledger,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await vault.close();
        await options.vault.kms.close();
      } finally {
        await storage.close();
      }
    },
  };
}
