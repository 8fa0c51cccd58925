import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { disputeDecider } from '../../src/lifecycle/dispute-decider.js';
import type { DisputeEvent } from '../../src/lifecycle/dispute-event.js';
import { evolveDispute } from '../../src/lifecycle/evolve-dispute.js';
import { streamAt } from './dispute-fixtures.js';

function eventOf(status: Parameters<typeof streamAt>[0], type: DisputeEvent['type']): DisputeEvent {
  const event = streamAt(status).events.find((candidate) => candidate.type === type);
  if (event === undefined) throw new Error(`no ${type} on the way to ${status}`);
  return event;
}

describe('evolve on a corrupted stream', () => {
  it('refuses an event before the opening', () => {
    expect(() => evolveDispute(null, eventOf('won', 'dispute.funds_reinstated'))).toThrow(
      AssertionFailure,
    );
  });

  it('refuses a second opening', () => {
    const opening = eventOf('chargeback_needs_response', 'dispute.chargeback_opened');
    expect(() => evolveDispute(streamAt('chargeback_needs_response').state, opening)).toThrow(
      AssertionFailure,
    );
  });

  it('refuses a second withdrawal and a reinstatement of funds not withdrawn', () => {
    const withdrawal = eventOf('chargeback_needs_response', 'dispute.funds_withdrawn');
    expect(() => evolveDispute(streamAt('chargeback_needs_response').state, withdrawal)).toThrow(
      AssertionFailure,
    );
    const reinstatement = eventOf('won', 'dispute.funds_reinstated');
    expect(() =>
      evolveDispute(streamAt('chargeback_reversed_provisional').state, reinstatement),
    ).toThrow(AssertionFailure);
  });

  it('refuses a transition out of a terminal state or from another state', () => {
    const submitted = eventOf('chargeback_under_review', 'dispute.evidence_submitted');
    expect(() => evolveDispute(streamAt('lost').state, submitted)).toThrow(AssertionFailure);
    expect(() => evolveDispute(streamAt('arbitration_pending').state, submitted)).toThrow(
      AssertionFailure,
    );
  });

  it('refuses a write-off of a dispute that is not lost', () => {
    const writeOff = eventOf('lost', 'dispute.written_off');
    expect(() => evolveDispute(streamAt('chargeback_needs_response').state, writeOff)).toThrow(
      AssertionFailure,
    );
  });
});

describe('the decider', () => {
  it('starts from no dispute and folds its own events back to the same state', () => {
    const stream = streamAt('arbitration_pending');
    expect(disputeDecider.initialState()).toBeNull();
    expect(stream.events.reduce(disputeDecider.evolve, disputeDecider.initialState())).toEqual(
      stream.state,
    );
  });
});
