/**
 * What the service supplies to one execution: the time (the engine never reads a clock) and the
 * first commit stamp. Event `i` of the execution gets stamp `firstTimestamp + i`, whatever its
 * outcome, so stamps are unique and increase in commit order; the service reserves
 * `events.length` stamps (e.g. ms-since-epoch × 1000 + a counter, or a clock in ns).
 */
export interface ExecutionContext {
  /** The execution time: `insertedAt` of every record, the default effective time. */
  readonly now: Date;
  /** Stamp of the first event; must be positive. */
  readonly firstTimestamp: bigint;
}
