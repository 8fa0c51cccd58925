/**
 * Who and what caused an event: carried with every stored event and into the outbox, so a
 * consumer can follow one request across services and tell people from sweeps.
 */
export interface EventMetadata {
  /** The id shared by everything one external request caused. */
  readonly correlationId: string | null;
  /** The id of the command or event that directly caused this one. */
  readonly causationId: string | null;
  /** A principal id (`usr_…`), a provider (`provider:stripe`) or a process (`system:sweep`). */
  readonly actor: string | null;
}

/** Metadata with nothing known, for tests and internal events. */
export const NO_METADATA: EventMetadata = Object.freeze({
  correlationId: null,
  causationId: null,
  actor: null,
});
