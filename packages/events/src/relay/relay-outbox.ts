import {
  assert,
  type EventEnvelope,
  err,
  eventToJson,
  ok,
  type Result,
  type StorageError,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import {
  type OutboxRelayOptions,
  type RelaySettings,
  relaySettings,
  retryDelayMs,
} from './outbox-relay-options.js';
import type { PublishOutcome } from './publisher.js';
import { RELAY_COLLECTIONS } from './relay-collections.js';
import { acquireRelayLease, releaseRelayLease } from './relay-lease.js';
import { selectForPublishing } from './select-for-publishing.js';

/** What one relay round did for one tenant. */
export type RelayRoundOutcome =
  | { readonly status: 'lease_held_elsewhere' }
  | {
      readonly status: 'relayed';
      readonly published: number;
      /** Failed events that will be retried after their backoff. */
      readonly retrying: number;
      readonly deadLettered: number;
      /** Whether another round now could find more to publish. */
      readonly more: boolean;
    };

/** One tenant's outbox relay: call `relayOnce` from a loop (see `startOutboxRelay`). */
export interface OutboxRelay {
  readonly holder: string;
  /** Reads one page of the outbox, publishes what may go now, and records the outcomes. */
  relayOnce(tenantId: TenantId): Promise<Result<RelayRoundOutcome, StorageError>>;
  /**
   * Hands over every lease this relay took, so other relays take over at once rather than after
   * the lease lapses; call it when the relay stops. Answers the tenants whose lease could not be
   * released (it then lapses on its own), with the storage error.
   */
  releaseLeases(): Promise<ReadonlyMap<TenantId, StorageError>>;
}

interface OutboxPage {
  readonly events: readonly EventEnvelope[];
  readonly attempts: ReadonlyMap<string, StoredRecord>;
}

async function readOutboxPage(
  settings: RelaySettings,
  tenantId: TenantId,
): Promise<Result<OutboxPage, StorageError>> {
  return settings.storage.transaction(tenantId, async (tx) => {
    const page = await tx.outbox.list({ limit: settings.pageSize });
    const ids = page.items.map((event) => event.id);
    const records =
      ids.length === 0 ? [] : await tx.records.getMany(RELAY_COLLECTIONS.attempts, ids);
    const attempts = new Map<string, StoredRecord>();
    for (const record of records) if (record !== undefined) attempts.set(record.id, record);
    return ok({ events: page.items, attempts });
  });
}

// Deletes an event's retry state, if it has any, at the version this transaction read.
async function removeAttempt(tx: StorageTransaction, attempt: StoredRecord | undefined) {
  if (attempt === undefined) return;
  await tx.records.delete({
    collection: RELAY_COLLECTIONS.attempts,
    id: attempt.id,
    expectedVersion: attempt.version,
  });
}

/** Records the outcomes: published and dead-lettered events leave the outbox, failures back off. */
async function recordOutcomes(
  settings: RelaySettings,
  tenantId: TenantId,
  events: readonly EventEnvelope[],
  outcomes: readonly PublishOutcome[],
  nowMs: number,
) {
  return settings.storage.transaction(tenantId, async (tx) => {
    const done: string[] = [];
    let published = 0;
    let retrying = 0;
    let deadLettered = 0;
    // The retry state of every event of the call, in one read rather than one per event.
    const ids = events.map((event) => event.id);
    const read = await tx.records.getMany(RELAY_COLLECTIONS.attempts, ids);
    const attemptOf = new Map(ids.map((id, index) => [id, read[index]]));
    for (const [index, event] of events.entries()) {
      const outcome = outcomes[index];
      if (outcome === undefined || outcome.status === 'not_attempted') continue;
      if (outcome.status === 'published') {
        published += 1;
        done.push(event.id);
        await removeAttempt(tx, attemptOf.get(event.id));
        continue;
      }
      const previous = attemptOf.get(event.id);
      const attempts = ((previous?.data['attempts'] as number | undefined) ?? 0) + 1;
      if (!outcome.retryable || attempts >= settings.attemptsMax) {
        deadLettered += 1;
        done.push(event.id);
        await removeAttempt(tx, previous);
        await tx.records.put({
          collection: RELAY_COLLECTIONS.deadLetters,
          id: event.id,
          data: {
            event: eventToJson(event),
            reason: outcome.reason,
            attempts,
            publisher: settings.publisher.name,
            deadLetteredAt: new Date(nowMs).toISOString(),
          },
          expectedVersion: 0,
        });
        continue;
      }
      retrying += 1;
      await tx.records.put({
        collection: RELAY_COLLECTIONS.attempts,
        id: event.id,
        data: {
          attempts,
          reason: outcome.reason,
          retryAtMs: nowMs + retryDelayMs(settings, attempts),
        },
        expectedVersion: previous?.version ?? 0,
      });
    }
    if (done.length > 0) await tx.outbox.remove(done);
    return ok({ published, retrying, deadLettered });
  });
}

/**
 * Builds an outbox relay: at least once, in order per stream (see `selectForPublishing`), with
 * bounded retries and exponential backoff; an event that fails `attemptsMax` times, or fails in a
 * way retrying cannot fix, moves to the dead-letter error bus with the reason and leaves the
 * outbox, so it no longer holds back its stream. `replayDeadLetters` puts it back.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const settings = relaySettings(options);
  // Tenants whose lease this relay took: the ones `releaseLeases` hands over.
  const leased = new Set<TenantId>();
  async function relayOnce(tenantId: TenantId): Promise<Result<RelayRoundOutcome, StorageError>> {
    const nowMs = settings.clock.now().getTime();
    const lease = await acquireRelayLease(
      settings.storage,
      tenantId,
      settings.holder,
      nowMs,
      settings.leaseMs,
    );
    if (lease.isErr()) {
      if (lease.error.type === 'storage.conflict') return ok({ status: 'lease_held_elsewhere' });
      return err(lease.error);
    }
    if (!lease.value) return ok({ status: 'lease_held_elsewhere' });
    leased.add(tenantId);
    const page = await readOutboxPage(settings, tenantId);
    if (page.isErr()) return err(page.error);
    const selected = selectForPublishing(
      page.value.events,
      page.value.attempts,
      nowMs,
      settings.publisher,
    );
    if (selected.length === 0) {
      return ok({ status: 'relayed', published: 0, retrying: 0, deadLettered: 0, more: false });
    }
    const outcomes = await settings.publisher.publish(selected);
    assert(outcomes.length === selected.length, 'a publisher answers one outcome per event');
    const recorded = await recordOutcomes(settings, tenantId, selected, outcomes, nowMs);
    if (recorded.isErr()) return err(recorded.error);
    // Any change of state may free events held back behind it: a failure holds its stream back
    // but may have stopped an ordered publisher before other streams' events.
    const { published, deadLettered, retrying } = recorded.value;
    const more = published + deadLettered + retrying > 0;
    return ok({ status: 'relayed', ...recorded.value, more });
  }
  async function releaseLeases(): Promise<ReadonlyMap<TenantId, StorageError>> {
    const failures = new Map<TenantId, StorageError>();
    const nowMs = settings.clock.now().getTime();
    for (const tenantId of [...leased]) {
      const released = await releaseRelayLease(settings.storage, tenantId, settings.holder, nowMs);
      leased.delete(tenantId);
      // A conflict means another relay was taking the lease meanwhile: handed over all the same.
      if (released.isErr() && released.error.type !== 'storage.conflict') {
        failures.set(tenantId, released.error);
      }
    }
    return failures;
  }
  return { holder: settings.holder, relayOnce, releaseLeases };
}
