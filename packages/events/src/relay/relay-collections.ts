/** Where the outbox relay keeps its state, beside the outbox it drains. */
export const RELAY_COLLECTIONS = {
  /** One per event that failed and waits to be retried: `{ attempts, reason, retryAtMs }`. */
  attempts: 'events.relay_attempts',
  /** The error bus: one per event that kept failing, with the event and the reason. */
  deadLetters: 'events.dead_letters',
  /** One per tenant: which relay instance publishes, and until when. */
  leases: 'events.relay_leases',
} as const;

/** The only record of {@link RELAY_COLLECTIONS.leases}: one relay per tenant's outbox. */
export const RELAY_LEASE_ID = 'outbox';
