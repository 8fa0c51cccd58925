import { AssertionFailure, assert, type JsonObject } from '@strongroom/kernel';
import type { RecordedEvent } from './recorded-event.js';

/** Turns the payload of one schema version of an event type into the next version's. */
export interface Upcaster {
  readonly type: string;
  /** The version it reads; it produces `fromVersion + 1`. */
  readonly fromVersion: number;
  /** The payload at `fromVersion + 1`. */
  upcast(payload: JsonObject): JsonObject;
}

/** Most upcasts one event may go through, so a cycle of upcasters is caught, not looped on. */
export const UPCAST_STEPS_MAX = 64;

/**
 * Upcasters by type and version. Reads apply them one after the other, so a stream written years
 * ago folds with today's `evolve`; the stored events themselves are never rewritten.
 */
export class Upcasters {
  readonly #byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[]) {
    for (const upcaster of upcasters) {
      assert(
        Number.isInteger(upcaster.fromVersion) && upcaster.fromVersion >= 1,
        'an upcaster reads a schema version from 1',
      );
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      assert(!this.#byKey.has(key), 'one upcaster per event type and version');
      this.#byKey.set(key, upcaster);
    }
  }

  /** The event at the newest schema version the upcasters reach. */
  apply(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let step = 0; step < UPCAST_STEPS_MAX; step += 1) {
      const upcaster = this.#byKey.get(`${current.type}@${current.schemaVersion}`);
      if (upcaster === undefined) return current;
      current = {
        ...current,
        schemaVersion: current.schemaVersion + 1,
        payload: upcaster.upcast(current.payload),
      };
    }
    throw new AssertionFailure(`an event is upcast at most ${UPCAST_STEPS_MAX} times`);
  }
}
