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
  /** Releases the storage's connections; the instance cannot be used afterwards. */
  close(): Promise<void>;
}

/** Builds the {@link Strongroom} facade from a host's adapters. */
export function createStrongroom(options: StrongroomOptions): Strongroom {
  assert(options.storage !== undefined, 'createStrongroom needs a storage adapter');
  const storage = options.storage;
  let closed = false;
  return {
    storage,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? typeIdGenerator,
    async close() {
      if (closed) return;
      closed = true;
      await storage.close();
    },
  };
}
