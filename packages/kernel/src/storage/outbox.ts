import type { EventEnvelope } from '../events/event-envelope.js';
import type { Page, PageRequest } from './pagination.js';

/**
 * The transactional outbox of one tenant: events appended here commit or roll back with the rest
 * of the transaction, and a relay publishes them afterwards.
 */
export interface OutboxStore {
  /**
   * Adds events. Appending an id that is already in the outbox, or that this transaction removed,
   * is a programmer error. Event ids are 1 to 256 characters; stream and actor fields absent from
   * an envelope are stored (and listed) as `null`.
   */
  append(events: readonly EventEnvelope[]): Promise<void>;
  /** Outbox events in ascending id order (ids are time-ordered TypeIDs). */
  list(page: PageRequest): Promise<Page<EventEnvelope>>;
  /**
   * Removes events that were published or dead-lettered, as part of the transaction: the removal
   * commits or rolls back with it, and `list` in this transaction already leaves them out. Ids
   * that are not in the outbox are ignored, so two relays acknowledging one event do not fail.
   * Each id counts as one write against the storage's limits; removing an event appended in the
   * same transaction drops the append and counts once in all.
   */
  remove(ids: readonly string[]): Promise<void>;
}
