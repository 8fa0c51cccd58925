import type { Decider, NewEvent } from '@strongroom/events';
import type { DomainError } from '@strongroom/kernel';
import { expect } from 'vitest';

/** The `given` step of a decider specification. */
export interface DeciderGiven<Command, Event, Error> {
  /** The events the stream holds before the command. */
  given(events: readonly Event[]): DeciderWhen<Command, Event, Error>;
}

/** The `when` step of a decider specification. */
export interface DeciderWhen<Command, Event, Error> {
  /** Runs `decide` with this command on the state the given events fold to. */
  when(command: Command): DeciderThen<Event, Error>;
}

/** The `then` step of a decider specification. */
export interface DeciderThen<Event, Error> {
  /** Asserts the command produced exactly these events (not `then`, which would make it a thenable). */
  thenEmits(expected: readonly Event[]): void;
  /** Asserts the command was refused with an error matching this one. */
  thenFails(expected: Partial<Error> & { readonly type: string }): void;
  /** Asserts the command was accepted and changed nothing (a duplicate, a stale notice). */
  thenNothingHappens(): void;
}

/**
 * Given/when/then tests for a decider, in the style of Emmett's `DeciderSpecification`:
 * `spec.given([opened]).when(add(5)).thenEmits([added(5)])`. Pure: no storage involved.
 */
export function deciderSpecification<
  Command,
  State,
  Event extends NewEvent,
  Error extends DomainError,
>(decider: Decider<Command, State, Event, Error>): DeciderGiven<Command, Event, Error> {
  return {
    given(events) {
      return {
        when(command) {
          const state = events.reduce(
            (current, event) => decider.evolve(current, event),
            decider.initialState(),
          );
          const decided = decider.decide(command, state);
          return {
            thenEmits(expected) {
              expect(decided.isOk() ? decided.value : decided.error).toEqual(expected);
            },
            thenFails(expected) {
              expect(decided.isErr() ? decided.error : decided.value).toMatchObject(expected);
            },
            thenNothingHappens() {
              expect(decided.isOk() ? decided.value : decided.error).toEqual([]);
            },
          };
        },
      };
    },
  };
}
