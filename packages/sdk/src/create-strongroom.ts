import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
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
  resolveIdGenerator,
  type Storage,
  systemClock,
} from '@strongroom/kernel';
import { createLedger, type Ledger } from '@strongroom/ledger';
import { createVault, type Kms, type KmsError, type Vault } from '@strongroom/vault';
import type { StrongroomOptions } from './strongroom-options.js';
import { createWorkerController } from './strongroom-worker.js';
import type { StrongroomWorker } from './worker-options.js';
import type { ExpiringRecordStore } from './worker-units.js';

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
  /** The KMS the vault's keys live in, for readiness probes and key administration. */
  readonly kms: Kms;
  /** The double-entry ledger; every command writes its audit leaf and outbox events. */
  readonly ledger: Ledger;
  /** Users, sessions, MFA and roles; present when `identity` options were given. */
  readonly identity: Identity | undefined;
  /** The event store every event-sourced domain appends to, inside its own transactions. */
  readonly events: EventStore;
  /** Chargebacks from first notice to final ruling; present when `disputes` options were given. */
  readonly disputes: Disputes | undefined;
  /**
   * The background worker: audit and event sequencers, outbox relay, projections, the ledger's
   * expiry sweep, the dispute deadline sweep, the card-data sweep and identity's purge. `start` it
   * in a long-running process, or call `runOnce` from a scheduled one.
   */
  readonly worker: StrongroomWorker;
  /**
   * Creates the KMS keys the configured domains need (the vault's `cards` and `fields`, and
   * `tokens` for identity's signing keys) where they do not exist yet. Run once at deployment.
   */
  prepareKeys(): Promise<Result<void, KmsError>>;
  /**
   * Stops every running worker (each finishes its current unit of work) and waits for `runOnce`
   * rounds under way, flushes the vault's usage counters, then releases the KMS and the storage;
   * the instance cannot be used afterwards. Rejects, once all is released, with the first failure
   * of a worker, if one failed.
   */
  close(): Promise<void>;
}

/** Builds the {@link Strongroom} facade from a host's adapters. */
export function createStrongroom(options: StrongroomOptions): Strongroom {
  assert(options.storage !== undefined, 'createStrongroom needs a storage adapter');
  const storage = options.storage;
  const clock = options.clock ?? systemClock;
  const ids = resolveIdGenerator(options.ids);
  // Native SHA-256 for receipts, the sequencer and verification: the SDK runs on Node.
  const audit = createAuditLog({ storage, clock, ids, hasher: nodeMerkleHasher, ...options.audit });
  const vault = createVault({ ...options.vault, storage, audit, clock });
  const ledger = createLedger({ ...options.ledger, storage, audit, clock, ids });
  // The identity stores built here live on the facade's storage, so the worker purges them too.
  const identityStores: ExpiringRecordStore[] = [];
  function ownStore<T extends ExpiringRecordStore>(store: T): T {
    identityStores.push(store);
    return store;
  }
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
          rateLimiter:
            options.identity.rateLimiter ?? ownStore(createStorageRateLimiter({ storage, clock })),
          revocations:
            options.identity.revocations ??
            ownStore(createStorageRevocationList({ storage, clock })),
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
  const workers = createWorkerController({
    storage,
    clock,
    audit,
    events,
    ledger,
    vault,
    disputes,
    identity,
    identityStores,
    relayHolder: `strongroom-${crypto.randomUUID()}`,
  });
  let closed = false;
  return {
    storage,
    clock,
    ids,
    audit,
    vault,
    kms: options.vault.kms,
    ledger,
    identity,
    events,
    disputes,
    worker: workers.worker,
    async prepareKeys() {
      const prepared = await vault.prepareKeys();
      if (prepared.isErr() || identity === undefined) return prepared;
      const created = await options.vault.kms.createKey(TOKEN_SIGNING_KEK_DEFAULT);
      return created.isErr() ? err(created.error) : ok(undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Workers first: they use every other part until their current unit of work ends.
      const workerFailure = await workers.close().then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      try {
        await vault.close();
        await options.vault.kms.close();
      } finally {
        await storage.close();
      }
      if (workerFailure !== undefined) throw workerFailure.error;
    },
  };
}
