import type { Id } from '../ids/type-id.js';
import type { JsonObject } from '../json/json-value.js';
import type { TenantId } from '../tenant/tenant-id.js';

/**
 * A domain event as it leaves a transaction: what happened, to which tenant, and which request
 * caused it. Written to the outbox in the same transaction as the change it describes.
 */
export interface EventEnvelope<
  Type extends string = string,
  Payload extends JsonObject = JsonObject,
> {
  readonly id: Id<'evt'>;
  readonly tenantId: TenantId;
  /** Namespaced event type, e.g. `ledger.transfer.created`. */
  readonly type: Type;
  /** Version of the payload's schema, so old events can be upcast. Starts at 1. */
  readonly schemaVersion: number;
  readonly payload: Payload;
  readonly occurredAt: Date;
  /** The id shared by everything one external request caused. */
  readonly correlationId: string | null;
  /** The id of the command or event that directly caused this one. */
  readonly causationId: string | null;
  /**
   * The event-store stream the event belongs to (an aggregate's id), so the outbox relay can keep
   * each stream in order; absent or `null` for events outside a stream.
   */
  readonly streamId?: string | null;
  /** The event's version within {@link EventEnvelope.streamId}, 1-based; with it or not at all. */
  readonly streamVersion?: number | null;
  /** Who caused it: a principal id (`usr_…`), a provider (`provider:stripe`), `system:<process>`. */
  readonly actor?: string | null;
}
