import { assert } from '../errors/assert.js';
import type { Clock } from './clock.js';

/** A clock that moves only when a test moves it. */
export class FakeClock implements Clock {
  #nowMs: number;

  /** Starts at `start` (default 2026-01-01T00:00:00Z, a fixed instant so tests are repeatable). */
  constructor(start: Date = new Date('2026-01-01T00:00:00.000Z')) {
    assert(!Number.isNaN(start.getTime()), 'FakeClock needs a valid start date');
    this.#nowMs = start.getTime();
  }

  /** The current fake instant. */
  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Moves time forward; time never goes backwards. */
  advance(durationMs: number): void {
    assert(
      Number.isSafeInteger(durationMs) && durationMs >= 0,
      'advance takes a non-negative integer',
    );
    this.#nowMs += durationMs;
  }

  /** Jumps to a later instant. */
  set(instant: Date): void {
    assert(instant.getTime() >= this.#nowMs, 'a fake clock never goes backwards');
    this.#nowMs = instant.getTime();
  }
}
