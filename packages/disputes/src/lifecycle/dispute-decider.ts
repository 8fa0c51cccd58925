import type { Decider } from '@strongroom/events';
import { decideDispute } from './decide-dispute.js';
import type { DisputeCommand } from './dispute-command.js';
import type { DisputeError } from './dispute-error.js';
import type { DisputeEvent } from './dispute-event.js';
import { type DisputeState, initialDisputeState } from './dispute-state.js';
import { evolveDispute } from './evolve-dispute.js';

/** The dispute aggregate: a stream's state is `events.reduce(evolve, initialState())`. */
export const disputeDecider: Decider<DisputeCommand, DisputeState, DisputeEvent, DisputeError> =
  Object.freeze({
    initialState: initialDisputeState,
    decide: decideDispute,
    evolve: evolveDispute,
  });
