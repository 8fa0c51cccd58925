/**
 * The source of time for every deadline, expiry, lockout and token lifetime, so that all of them
 * can be tested with a {@link FakeClock}.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock of the host. */
export const systemClock: Clock = { now: () => new Date() };
