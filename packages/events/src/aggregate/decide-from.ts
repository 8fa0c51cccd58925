import type { DomainError, Result } from '@strongroom/kernel';
import type { NewEvent } from '../stream/new-event.js';
import type { Decider } from './decider.js';

/** What a decider made of a command, before anything is written. */
export interface CommandDecision<State, Event extends NewEvent> {
  /** The new events; empty when the command changes nothing (a duplicate). */
  readonly events: readonly Event[];
  /** The state those events lead to. */
  readonly state: State;
}

/**
 * Decides a command on a folded state and folds the new events in, writing nothing: lets a caller
 * check everything a command needs before its first write (see `handleCommand` for the whole step).
 */
export function decideFrom<Command, State, Event extends NewEvent, Error extends DomainError>(
  decider: Decider<Command, State, Event, Error>,
  state: State,
  command: Command,
): Result<CommandDecision<State, Event>, Error> {
  return decider.decide(command, state).map((events) => ({
    events,
    state: events.reduce((current, event) => decider.evolve(current, event), state),
  }));
}
