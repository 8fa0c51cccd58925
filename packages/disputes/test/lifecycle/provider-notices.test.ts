import { describe, expect, it } from 'vitest';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import type { DisputeCommand } from '../../src/lifecycle/dispute-command.js';
import { DISPUTE_APPLIED_NOTIFICATIONS_MAX } from '../../src/lifecycle/dispute-limits.js';
import type { DisputeStatus } from '../../src/lifecycle/dispute-status.js';
import {
  command,
  disputeOf,
  EMPTY_STREAM,
  given,
  MERCHANT,
  NETWORK_DEADLINE,
  notice,
  PROVIDER_DEADLINE,
  type Stream,
  SYSTEM,
  streamAt,
  typesOf,
} from './dispute-fixtures.js';

function decide(stream: Stream, next: DisputeCommand) {
  return decideDispute(next, stream.state);
}

describe('duplicate notifications', () => {
  it('a notification id already applied changes nothing, even with another meaning', () => {
    const stream = given([command.openChargeback(true, { source: notice('n1') })]);
    expect(
      decide(stream, command.openChargeback(true, { source: notice('n1') }))._unsafeUnwrap(),
    ).toEqual([]);
    expect(decide(stream, command.expire({ source: notice('n1') }))._unsafeUnwrap()).toEqual([]);
    expect(
      decide(stream, command.expire({ source: notice('n1', 'lost') }))._unsafeUnwrap(),
    ).toEqual([]);
  });

  it('remembers the newest notification ids only, up to the bound', () => {
    const count = DISPUTE_APPLIED_NOTIFICATIONS_MAX + 44;
    const deadlines = Array.from({ length: count }, (_, index) =>
      command.setDeadline(
        {
          kind: 'due',
          dueAt: `2025-04-01T00:${String(Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z`,
          source: 'provider',
        },
        { source: notice(`deadline-${index}`) },
      ),
    );
    const stream = given([command.openChargeback(true, { source: notice('open') }), ...deadlines]);
    const applied = disputeOf(stream).appliedNotificationIds;
    expect(applied).toHaveLength(DISPUTE_APPLIED_NOTIFICATIONS_MAX);
    expect(applied.at(-1)).toBe(`deadline-${count - 1}`);
    expect(applied).not.toContain('open');
    expect(typesOf(stream.events).filter((type) => type === 'dispute.deadline_set')).toHaveLength(
      count,
    );
  });

  it('records the id once although a command produced several events', () => {
    const stream = given([command.openChargeback(true, { source: notice('n1') })]);
    expect(stream.events).toHaveLength(2);
    expect(disputeOf(stream).appliedNotificationIds).toEqual(['n1']);
  });
});

describe('stale notifications', () => {
  it.each<[string, DisputeStatus, DisputeCommand]>([
    [
      'a late inquiry opening after escalation',
      'chargeback_needs_response',
      command.openInquiry({ source: notice('x') }),
    ],
    [
      'a late chargeback submission after the reversal',
      'chargeback_reversed_provisional',
      command.submitEvidence({ source: notice('x') }),
    ],
    [
      'a late reversal during pre-arbitration',
      'prearb_needs_response',
      command.issuerDecision('accepted_provisionally', { source: notice('x') }),
    ],
    [
      'a late escalation during arbitration',
      'arbitration_pending',
      command.escalateInquiry(true, { source: notice('x') }),
    ],
    [
      'a late pre-arbitration opening during arbitration',
      'arbitration_pending',
      command.openPreArbitration(true, { source: notice('x') }),
    ],
    [
      'an inquiry closing after escalation',
      'chargeback_under_review',
      command.closeInquiry({ source: notice('x') }),
    ],
    [
      'an inquiry submission reported after the escalation',
      'chargeback_needs_response',
      { ...command.submitEvidence({ source: notice('x') }), stage: 'inquiry' } as DisputeCommand,
    ],
    [
      'a submission reported during arbitration',
      'arbitration_pending',
      command.submitEvidence({ source: notice('x') }),
    ],
    [
      'the issuer pre-arbitration when the merchant filed one',
      'prearb_filed_by_merchant',
      command.openPreArbitration(false, { source: notice('x') }),
    ],
    ['anything after a win', 'won', command.openPreArbitration(true, { source: notice('x') })],
    ['a debit after a loss', 'lost', command.withdrawFunds({ source: notice('x') })],
    [
      'a deadline after prevention',
      'prevented',
      command.setDeadline(PROVIDER_DEADLINE, { source: notice('x') }),
    ],
    [
      'evidence after the inquiry closed',
      'inquiry_closed',
      command.stageEvidence([{ kind: 'text', field: 'x', text: 'y' }], { source: notice('x') }),
    ],
  ])('%s changes nothing', (_, status, late) => {
    expect(decide(streamAt(status), late)._unsafeUnwrap()).toEqual([]);
  });
});

describe('submissions pinned to their stage', () => {
  it('moves the current stage to review when the notice names it', () => {
    const pinned = {
      ...command.submitEvidence({ source: notice('x') }),
      stage: 'chargeback',
    } as DisputeCommand;
    expect(typesOf(decide(streamAt('chargeback_needs_response'), pinned)._unsafeUnwrap())).toEqual([
      'dispute.evidence_submitted',
    ]);
  });

  it('refuses a stage that does not exist', () => {
    const unknown = {
      ...command.submitEvidence({ source: notice('x') }),
      stage: 'appeal',
    } as unknown as DisputeCommand;
    expect(decide(streamAt('chargeback_needs_response'), unknown)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'stage',
      reason: 'unknown',
    });
  });
});

describe('notifications ahead of the state', () => {
  it('follows a reversal reported before the submission, reinstating the debit', () => {
    const events = decide(
      streamAt('chargeback_needs_response'),
      command.issuerDecision('accepted_provisionally', { source: notice('x') }),
    )._unsafeUnwrap();
    expect(typesOf(events)).toEqual([
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ]);
    expect(events[0]?.payload).toMatchObject({
      from: 'chargeback_needs_response',
      to: 'chargeback_reversed_provisional',
    });
  });

  it('follows an arbitration reported before the pre-arbitration, without a second debit', () => {
    const stream = given(
      [command.escalateToArbitration(true, { source: notice('x') })],
      streamAt('chargeback_needs_response'),
    );
    expect(disputeOf(stream)).toMatchObject({
      status: 'arbitration_pending',
      stage: 'arbitration',
      fundsWithdrawn: true,
    });
    expect(typesOf(stream.events).at(-1)).toBe('dispute.escalated_to_arbitration');
  });

  it('follows a pre-arbitration reported while the dispute is still an inquiry', () => {
    const stream = given(
      [command.openPreArbitration(true, { source: notice('x') })],
      streamAt('inquiry_under_review'),
    );
    expect(disputeOf(stream)).toMatchObject({
      status: 'prearb_needs_response',
      fundsWithdrawn: true,
      evidenceSubmittedInStage: false,
    });
  });

  it('does not reach won or lost without the provider final status', () => {
    for (const ahead of [
      command.ruling('won', { source: notice('x') }),
      command.issuerDecision('rejected', { source: notice('x') }),
      command.resolveProvisional({ source: notice('x') }),
    ]) {
      expect(decide(streamAt('chargeback_needs_response'), ahead)._unsafeUnwrapErr()).toMatchObject(
        {
          type: 'dispute.transition_not_allowed',
          from: 'chargeback_needs_response',
        },
      );
    }
  });
});

describe('the provider final status', () => {
  it('overrides from any open state, with the money it implies', () => {
    const stream = given(
      [command.submitEvidence({ source: notice('x', 'won') })],
      streamAt('chargeback_needs_response'),
    );
    expect(disputeOf(stream)).toMatchObject({ status: 'won', fundsWithdrawn: false });
    expect(typesOf(stream.events).slice(-2)).toEqual([
      'dispute.final_status_recorded',
      'dispute.funds_reinstated',
    ]);
  });

  it('overrides the provisional win, which is not terminal', () => {
    const stream = given(
      [command.expire({ source: notice('x', 'lost') })],
      streamAt('chargeback_reversed_provisional'),
    );
    expect(disputeOf(stream)).toMatchObject({
      status: 'lost',
      lostReason: 'expired',
      fundsWithdrawn: true,
    });
    // The reversal had given the funds back: the loss takes them again before writing them off.
    expect(typesOf(stream.events).slice(-3)).toEqual([
      'dispute.final_status_recorded',
      'dispute.funds_withdrawn',
      'dispute.written_off',
    ]);
  });

  it.each<[DisputeCommand, string]>([
    [command.accept({ source: notice('x', 'lost') }), 'accepted'],
    [command.expire({ source: notice('x', 'lost') }), 'expired'],
    [command.submitEvidence({ source: notice('x', 'lost') }), 'ruled'],
  ])('takes the loss reason from the notice (%#)', (final, reason) => {
    const stream = given([final], streamAt('arbitration_pending'));
    expect(disputeOf(stream).lostReason).toBe(reason);
  });

  it('uses the ordinary transition when it reaches the same outcome', () => {
    const events = decide(
      streamAt('arbitration_pending'),
      command.ruling('won', { source: notice('x', 'won') }),
    )._unsafeUnwrap();
    expect(typesOf(events)).toEqual(['dispute.ruling_recorded', 'dispute.funds_reinstated']);
  });

  it('wins over the command when they disagree', () => {
    const events = decide(
      streamAt('arbitration_pending'),
      command.ruling('won', { source: notice('x', 'lost') }),
    )._unsafeUnwrap();
    expect(typesOf(events)).toEqual(['dispute.final_status_recorded', 'dispute.written_off']);
  });

  it('is a no-op after a terminal state that agrees', () => {
    expect(
      decide(
        streamAt('won'),
        command.ruling('won', { source: notice('x', 'won') }),
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      decide(streamAt('lost'), command.expire({ source: notice('x', 'lost') }))._unsafeUnwrap(),
    ).toEqual([]);
  });

  it.each<[DisputeStatus, 'won' | 'lost']>([
    ['won', 'lost'],
    ['lost', 'won'],
    ['inquiry_closed', 'lost'],
    ['prevented', 'won'],
  ])('conflicts with the terminal state %s when it says %s', (status, final) => {
    expect(
      decide(
        streamAt(status),
        command.submitEvidence({ source: notice('x', final) }),
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.conflicting_final_status',
      status,
      final,
    });
  });

  it('opens a dispute first heard of with its final status, then settles it', () => {
    const stream = given([command.openChargeback(false, { source: notice('x', 'lost') })]);
    expect(disputeOf(stream)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      fundsWithdrawn: true,
    });
    expect(typesOf(stream.events)).toEqual([
      'dispute.chargeback_opened',
      'dispute.final_status_recorded',
      'dispute.funds_withdrawn',
      'dispute.written_off',
    ]);
  });

  it('conflicts with a prevention reported with a final status', () => {
    expect(
      decideDispute(
        command.recordPrevention({ source: notice('x', 'won') }),
        null,
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.conflicting_final_status',
      status: 'prevented',
      final: 'won',
    });
  });
});

describe('opening notices for a dispute that exists', () => {
  it('debits when the chargeback notice with the debit follows the one without (Adyen)', () => {
    const stream = given([
      command.openChargeback(false, { source: notice('noc') }),
      command.openChargeback(true, { source: notice('cb') }),
    ]);
    expect(typesOf(stream.events)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
    ]);
    expect(disputeOf(stream).fundsWithdrawn).toBe(true);
  });

  it('changes nothing when the notice without the debit comes second', () => {
    const stream = given([command.openChargeback(true, { source: notice('cb') })]);
    expect(
      decide(stream, command.openChargeback(false, { source: notice('noc') }))._unsafeUnwrap(),
    ).toEqual([]);
  });

  it('changes nothing when the debit arrives after the reversal it preceded', () => {
    const reversed = given(
      [command.issuerDecision('accepted_provisionally', { source: notice('reversed') })],
      given([command.openChargeback(false, { source: notice('noc') })]),
    );
    expect(
      decide(reversed, command.openChargeback(true, { source: notice('cb') }))._unsafeUnwrap(),
    ).toEqual([]);
    expect(disputeOf(reversed).fundsWithdrawn).toBe(false);
  });

  it('refuses a chargeback opening on an inquiry: escalation is its own command', () => {
    expect(
      decide(
        streamAt('inquiry_needs_response'),
        command.openChargeback(true, { source: notice('x') }),
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.already_exists',
      disputeId: disputeOf(streamAt('inquiry_needs_response')).disputeId,
    });
    expect(
      decide(
        streamAt('chargeback_needs_response'),
        command.recordPrevention({ source: notice('x') }),
      )._unsafeUnwrapErr().type,
    ).toBe('dispute.already_exists');
  });
});

describe('money notices', () => {
  it('are idempotent from a provider', () => {
    expect(
      decide(
        streamAt('chargeback_needs_response'),
        command.withdrawFunds({ source: notice('x') }),
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      decide(
        streamAt('chargeback_reversed_provisional'),
        command.reinstateFunds({ source: notice('x') }),
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      typesOf(
        decide(
          streamAt('chargeback_reversed_provisional'),
          command.withdrawFunds({ source: notice('x') }),
        )._unsafeUnwrap(),
      ),
    ).toEqual(['dispute.funds_withdrawn']);
  });

  it('refuse a debit during an inquiry, which has no financial impact', () => {
    expect(
      decide(
        streamAt('inquiry_needs_response'),
        command.withdrawFunds({ source: notice('x') }),
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.transition_not_allowed',
      from: 'inquiry_needs_response',
      command: 'withdraw_funds',
    });
  });

  it('are refused from the merchant', () => {
    for (const money of [
      command.withdrawFunds({ source: MERCHANT }),
      command.reinstateFunds({ source: MERCHANT }),
    ]) {
      expect(decide(streamAt('chargeback_needs_response'), money)._unsafeUnwrapErr()).toEqual({
        type: 'dispute.source_not_allowed',
        command: money.type,
        source: 'merchant',
      });
    }
  });

  it('carry what the ledger needs to post them', () => {
    const [withdrawn] = decideDispute(command.openChargeback(true, { source: SYSTEM }), null)
      ._unsafeUnwrap()
      .slice(1);
    expect(withdrawn).toEqual({
      type: 'dispute.funds_withdrawn',
      schemaVersion: 1,
      payload: {
        occurredAt: '2025-03-14T09:30:00Z',
        source: { kind: 'system' },
        transferId: 'trf_01h455vb4pex5vsknk084sn02r',
        merchantAccountId: 'acc_01h455vb4pex5vsknk084sn02s',
        amount: { amountMinor: '4999', currency: 'USD' },
      },
    });
  });
});

describe('deadlines', () => {
  it('a network default does not replace the provider deadline', () => {
    const stream = given(
      [command.setDeadline(PROVIDER_DEADLINE, { source: notice('d1') })],
      streamAt('chargeback_needs_response'),
    );
    expect(
      decide(stream, command.setDeadline(NETWORK_DEADLINE, { source: SYSTEM }))._unsafeUnwrap(),
    ).toEqual([]);
    expect(disputeOf(stream).deadline).toEqual(PROVIDER_DEADLINE);
  });

  it('a provider deadline replaces the network default, and setting the same one changes nothing', () => {
    const stream = streamAt('chargeback_needs_response');
    expect(disputeOf(stream).deadline).toEqual(NETWORK_DEADLINE);
    expect(
      typesOf(
        decide(
          stream,
          command.setDeadline(PROVIDER_DEADLINE, { source: notice('d1') }),
        )._unsafeUnwrap(),
      ),
    ).toEqual(['dispute.deadline_set']);
    expect(
      decide(stream, command.setDeadline(NETWORK_DEADLINE, { source: SYSTEM }))._unsafeUnwrap(),
    ).toEqual([]);
  });

  it('not defendable (due_by = 0) is kept against a network default', () => {
    const stream = given(
      [command.setDeadline({ kind: 'not_defendable' }, { source: notice('d0') })],
      streamAt('chargeback_needs_response'),
    );
    expect(
      decide(stream, command.setDeadline(NETWORK_DEADLINE, { source: SYSTEM }))._unsafeUnwrap(),
    ).toEqual([]);
  });

  it('a state change clears the deadline unless the command brings the next one', () => {
    expect(disputeOf(streamAt('chargeback_under_review')).deadline).toEqual({ kind: 'none' });
    const preArbitration = given(
      [
        {
          ...command.openPreArbitration(true, { source: SYSTEM }),
          deadline: PROVIDER_DEADLINE,
        } as DisputeCommand,
      ],
      streamAt('chargeback_reversed_provisional'),
    );
    expect(disputeOf(preArbitration).deadline).toEqual(PROVIDER_DEADLINE);
  });
});

describe('requests on an absent or existing dispute', () => {
  it('anything but an opening on an absent dispute is not found, from any source', () => {
    for (const source of [MERCHANT, SYSTEM, notice('x'), notice('y', 'won')]) {
      expect(
        decideDispute(command.submitEvidence({ source }), EMPTY_STREAM.state)._unsafeUnwrapErr(),
      ).toMatchObject({
        type: 'dispute.not_found',
      });
    }
  });

  it('a merchant or system opening of an existing dispute is refused', () => {
    expect(
      decide(streamAt('won'), command.openInquiry({ source: SYSTEM }))._unsafeUnwrapErr().type,
    ).toBe('dispute.already_exists');
  });
});
