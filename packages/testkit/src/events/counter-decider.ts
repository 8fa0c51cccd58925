import type { Decider, NewEvent } from '@strongroom/events';
import { type DomainError, err, ok } from '@strongroom/kernel';

/** The events of the suite's sample aggregate: a counter that can be opened, added to, closed. */
export type CounterEvent =
  | NewEvent<'counter.opened', { readonly limit: number }>
  | NewEvent<'counter.added', { readonly amount: number }>
  | NewEvent<'counter.closed', { readonly reason: string }>;

/** The commands of the sample aggregate. */
export type CounterCommand =
  | { readonly kind: 'open'; readonly limit: number }
  | { readonly kind: 'add'; readonly amount: number }
  | { readonly kind: 'close' };

/** The sample aggregate's state. */
export interface CounterState {
  readonly status: 'none' | 'open' | 'closed';
  readonly total: number;
  readonly limit: number;
}

/** What the sample aggregate refuses. */
export type CounterError = DomainError<
  'counter.not_open' | 'counter.already_open' | 'counter.over_limit'
>;

/**
 * A small aggregate for the suite: enough rules (a limit, a lifecycle) that a wrong fold or a lost
 * event changes a decision, which is what the aggregate and concurrency cases check.
 */
export const counterDecider: Decider<CounterCommand, CounterState, CounterEvent, CounterError> = {
  initialState: () => ({ status: 'none', total: 0, limit: 0 }),
  decide(command, state) {
    switch (command.kind) {
      case 'open':
        if (state.status !== 'none') return err({ type: 'counter.already_open' });
        return ok([{ type: 'counter.opened', payload: { limit: command.limit } }]);
      case 'add':
        if (state.status !== 'open') return err({ type: 'counter.not_open' });
        if (state.total + command.amount > state.limit) return err({ type: 'counter.over_limit' });
        return ok([{ type: 'counter.added', payload: { amount: command.amount } }]);
      case 'close':
        if (state.status !== 'open') return err({ type: 'counter.not_open' });
        return ok([{ type: 'counter.closed', payload: { reason: 'done' } }]);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'counter.opened':
        return { status: 'open', total: 0, limit: event.payload.limit };
      case 'counter.added':
        return { ...state, total: state.total + event.payload.amount };
      case 'counter.closed':
        return { ...state, status: 'closed' };
    }
  },
};
