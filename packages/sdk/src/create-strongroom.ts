import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { createDisputes, type Disputes } from '@strongroom/disputes';
import { createEventStore, type EventStore } from '@strongroom/events';
import {
  createIdentity,
  createStorageRevocationList,
  type Identity,
  TOKEN_SIGNING_KEK_DEFAULT,
} from '@strongroom/identity';
import {
  assert,
  type Clock,
  createStorageRateLimiter,
  err,
  type IdGenerator,
  ok,
  type Result,
  type Storage,
  systemClock,
  typeIdGenerator,
} from '@strongroom/kernel';
import { createLedger, type Ledger } from '@strongroom/ledger';
import { createVault, type KmsError, type Vault } from '@strongroom/vault';
import type { StrongroomOptions } from './strongroom-options.js';

/**
 * The facade a host application holds: one object per process, shared by every request. Each
 * domain (audit, vault, ledger, identity, events, disputes) is wired onto it.
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
  /** Users, sessions, MFA and roles; present when `identity` options were given. */
  readonly identity: Identity | undefined;
  /** The event store every event-sourced domain appends to, inside its own transactions. */
  readonly events: EventStore;
  /** Chargebacks from first notice to final ruling; present when `disputes` options were given. */
  readonly disputes: Disputes | undefined;
  /**
   * Creates the KMS keys the configured domains need (the vault's `cards` and `fields`, and
   * `tokens` for identity's signing keys) where they do not exist yet. Run once at deployment.
   */
  prepareKeys(): Promise<Result<void, KmsError>>;
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
  const identity =
    options.identity === undefined
      ? undefined
      : createIdentity({
          ...options.identity,
          storage,
          audit,
          vault,
          clock,
          ids,
          rateLimiter: options.identity.rateLimiter ?? createStorageRateLimiter({ storage, clock }),
          revocations:
            options.identity.revocations ?? createStorageRevocationList({ storage, clock }),
        });
  const events = createEventStore({ clock, ids, ...options.events });
  const disputes =
    options.disputes === undefined
      ? undefined
      : createDisputes({
          ...options.disputes,
          storage,
          ledger,
          audit,
          eventStore: events,
          clock,
          ids,
        });
  let closed = false;
  return {
    storage,
    clock,
    ids,
    audit,
    vault,
    ledger,
    identity,
    events,
    disputes,
    async prepareKeys() {
      const prepared = await vault.prepareKeys();
      if (prepared.isErr() || identity === undefined) return prepared;
      const created = await options.vault.kms.createKey(TOKEN_SIGNING_KEK_DEFAULT);
      return created.isErr() ? err(created.error) : ok(undefined);
    },
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
