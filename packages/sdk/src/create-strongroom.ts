import { type AuditLog, createAuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  type IdGenerator,
  type Storage,
  systemClock,
  typeIdGenerator,
} from '@strongroom/kernel';
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
  /** Releases the storage's connections; the instance cannot be used afterwards. */
  close(): Promise<void>;
}

/** Builds the {@link Strongroom} facade from a host's adapters. */
export function createStrongroom(options: StrongroomOptions): Strongroom {
  assert(options.storage !== undefined, 'createStrongroom needs a storage adapter');
  const storage = options.storage;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? typeIdGenerator;
  let closed = false;
  return {
    storage,
    clock,
    ids,
    audit: createAuditLog({ storage, clock, ids, ...options.audit }),
    async close() {
      if (closed) return;
      closed = true;
      await storage.close();
    },
  };
}
