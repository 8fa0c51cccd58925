import type { EventEnvelope } from '../events/event-envelope.js';
import type { Page, PageRequest } from './pagination.js';

/**
 * The transactional outbox of one tenant: events appended here commit or roll back with the rest
 * of the transaction, and a relay publishes them afterwards.
 */
export interface OutboxStore {
  /** Adds events; appending an id that is already in the outbox is a programmer error. */
  append(events: readonly EventEnvelope[]): Promise<void>;
  /** Outbox events in ascending id order (ids are time-ordered TypeIDs). */
  list(page: PageRequest): Promise<Page<EventEnvelope>>;
}
