import type { JsonObject } from '@strongroom/kernel';

/** An event a decider produced, before the store gives it an id, a stream version and a time. */
export interface NewEvent<Type extends string = string, Payload extends JsonObject = JsonObject> {
  /** Namespaced type, e.g. `dispute.chargeback_opened`. */
  readonly type: Type;
  /** Version of the payload's schema; the current one when omitted. Starts at 1. */
  readonly schemaVersion?: number;
  readonly payload: Payload;
}
