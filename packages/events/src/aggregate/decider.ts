import type { DomainError, Result } from '@strongroom/kernel';
import type { NewEvent } from '../stream/new-event.js';

/**
 * An aggregate as two pure functions, in the style of Emmett: `decide` turns a command and the
 * current state into new events (or a typed refusal), `evolve` folds one event into the state.
 * The state of a stream is `events.reduce(evolve, initialState())`; nothing else is stored.
 */
export interface Decider<
  Command,
  State,
  Event extends NewEvent,
  Error extends DomainError = DomainError,
> {
  /** The state of a stream with no events. */
  initialState(): State;
  /** What the command changes, as events; an empty list when it changes nothing (a duplicate). */
  decide(command: Command, state: State): Result<readonly Event[], Error>;
  /** The state after one more event. Must not throw for any event `decide` can produce. */
  evolve(state: State, event: Event): State;
}
