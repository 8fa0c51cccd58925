import { describe, expect, it } from 'vitest';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import type { DisputeCommand } from '../../src/lifecycle/dispute-command.js';
import {
  DISPUTE_STATUSES,
  type DisputeStatus,
  type LostReason,
} from '../../src/lifecycle/dispute-status.js';
import {
  DISPUTE_TRANSITIONS,
  type DisputeTransitionKey,
} from '../../src/lifecycle/dispute-transitions.js';
import { evolveDispute } from '../../src/lifecycle/evolve-dispute.js';
import {
  COMMAND_TYPES,
  command,
  EMPTY_STREAM,
  PROVIDER_DEADLINE,
  SYSTEM,
  streamAt,
  textItem,
  typesOf,
} from './dispute-fixtures.js';

// One sample of every command and variant, each from the source that would normally send it.
const SAMPLES = {
  open_inquiry: command.openInquiry({ source: SYSTEM }),
  'open_chargeback.debit': command.openChargeback(true, { source: SYSTEM }),
  'open_chargeback.notice': command.openChargeback(false, { source: SYSTEM }),
  record_prevention: command.recordPrevention({ source: SYSTEM }),
  stage_evidence: command.stageEvidence([textItem('receipt')]),
  submit_evidence: command.submitEvidence(),
  escalate_inquiry: command.escalateInquiry(true, { source: SYSTEM }),
  close_inquiry: command.closeInquiry({ source: SYSTEM }),
  accept: command.accept(),
  expire: command.expire({ source: SYSTEM }),
  file_pre_arbitration: command.filePreArbitration(),
  'record_issuer_decision.accepted': command.issuerDecision('accepted', { source: SYSTEM }),
  'record_issuer_decision.accepted_provisionally': command.issuerDecision(
    'accepted_provisionally',
    { source: SYSTEM },
  ),
  'record_issuer_decision.rejected': command.issuerDecision('rejected', { source: SYSTEM }),
  open_pre_arbitration: command.openPreArbitration(true, { source: SYSTEM }),
  escalate_to_arbitration: command.escalateToArbitration(true, { source: SYSTEM }),
  'record_ruling.won': command.ruling('won', { source: SYSTEM }),
  'record_ruling.lost': command.ruling('lost', { source: SYSTEM }),
  resolve_provisional: command.resolveProvisional({ source: SYSTEM }),
  withdraw_funds: command.withdrawFunds({ source: SYSTEM }),
  reinstate_funds: command.reinstateFunds({ source: SYSTEM }),
  set_deadline: command.setDeadline(PROVIDER_DEADLINE, { source: SYSTEM }),
} satisfies Record<string, DisputeCommand>;

type Sample = keyof typeof SAMPLES;
type From = DisputeStatus | 'none';

type Outcome =
  | { readonly to: DisputeStatus; readonly events: readonly string[]; readonly lost?: LostReason }
  | { readonly error: string };

const moved = (to: DisputeStatus, ...events: string[]): Outcome => ({ to, events });
const lostBy = (lost: LostReason, ...events: string[]): Outcome => ({ to: 'lost', events, lost });
const refused = (error: string): Outcome => ({ error });

const already = refused('dispute.evidence_already_submitted');
const staged = (status: DisputeStatus) => moved(status, 'dispute.evidence_staged');
const deadline = (status: DisputeStatus) => moved(status, 'dispute.deadline_set');
const reinstated = (status: DisputeStatus) => moved(status, 'dispute.funds_reinstated');
const debitedAlready = refused('dispute.funds_already_withdrawn');

/**
 * Every pair that is not refused with `dispute.transition_not_allowed` (or, around the absent
 * dispute, `not_found` / `already_exists`), with its expected target and events, written out by
 * hand from reference/disputes.md §6. Fixture states come from `PATHS`: chargeback, pre-arb and
 * arbitration states have the funds withdrawn, the provisional reversal and inquiries do not;
 * needs-response states hold one staged item.
 */
const EXPECTED: Partial<Record<From, Partial<Record<Sample, Outcome>>>> = {
  none: {
    open_inquiry: moved('inquiry_needs_response', 'dispute.inquiry_opened'),
    'open_chargeback.debit': moved(
      'chargeback_needs_response',
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
    ),
    'open_chargeback.notice': moved('chargeback_needs_response', 'dispute.chargeback_opened'),
    record_prevention: moved('prevented', 'dispute.prevention_recorded'),
  },
  inquiry_needs_response: {
    stage_evidence: staged('inquiry_needs_response'),
    submit_evidence: moved('inquiry_under_review', 'dispute.evidence_submitted'),
    escalate_inquiry: moved(
      'chargeback_needs_response',
      'dispute.inquiry_escalated',
      'dispute.funds_withdrawn',
    ),
    close_inquiry: moved('inquiry_closed', 'dispute.inquiry_closed'),
    set_deadline: deadline('inquiry_needs_response'),
  },
  inquiry_under_review: {
    stage_evidence: already,
    submit_evidence: already,
    escalate_inquiry: moved(
      'chargeback_needs_response',
      'dispute.inquiry_escalated',
      'dispute.funds_withdrawn',
    ),
    close_inquiry: moved('inquiry_closed', 'dispute.inquiry_closed'),
    set_deadline: deadline('inquiry_under_review'),
  },
  chargeback_needs_response: {
    stage_evidence: staged('chargeback_needs_response'),
    submit_evidence: moved('chargeback_under_review', 'dispute.evidence_submitted'),
    accept: lostBy('accepted', 'dispute.accepted', 'dispute.written_off'),
    expire: lostBy('expired', 'dispute.expired', 'dispute.written_off'),
    file_pre_arbitration: moved('prearb_filed_by_merchant', 'dispute.pre_arbitration_filed'),
    set_deadline: deadline('chargeback_needs_response'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('chargeback_needs_response'),
  },
  chargeback_under_review: {
    stage_evidence: already,
    submit_evidence: already,
    'record_issuer_decision.accepted': moved(
      'won',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ),
    'record_issuer_decision.accepted_provisionally': moved(
      'chargeback_reversed_provisional',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ),
    'record_issuer_decision.rejected': lostBy(
      'ruled',
      'dispute.issuer_decision_recorded',
      'dispute.written_off',
    ),
    set_deadline: deadline('chargeback_under_review'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('chargeback_under_review'),
  },
  chargeback_reversed_provisional: {
    stage_evidence: already,
    submit_evidence: already,
    open_pre_arbitration: moved(
      'prearb_needs_response',
      'dispute.pre_arbitration_opened',
      'dispute.funds_withdrawn',
    ),
    escalate_to_arbitration: moved(
      'arbitration_pending',
      'dispute.escalated_to_arbitration',
      'dispute.funds_withdrawn',
    ),
    resolve_provisional: moved('won', 'dispute.provisional_win_confirmed'),
    set_deadline: deadline('chargeback_reversed_provisional'),
    withdraw_funds: moved('chargeback_reversed_provisional', 'dispute.funds_withdrawn'),
    reinstate_funds: refused('dispute.funds_not_withdrawn'),
  },
  prearb_needs_response: {
    stage_evidence: staged('prearb_needs_response'),
    submit_evidence: moved('prearb_under_review', 'dispute.evidence_submitted'),
    accept: lostBy('accepted', 'dispute.accepted', 'dispute.written_off'),
    expire: lostBy('expired', 'dispute.expired', 'dispute.written_off'),
    set_deadline: deadline('prearb_needs_response'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('prearb_needs_response'),
  },
  prearb_filed_by_merchant: {
    stage_evidence: already,
    submit_evidence: already,
    'record_issuer_decision.accepted': moved(
      'won',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ),
    escalate_to_arbitration: moved('arbitration_pending', 'dispute.escalated_to_arbitration'),
    accept: lostBy('accepted', 'dispute.accepted', 'dispute.written_off'),
    expire: lostBy('expired', 'dispute.expired', 'dispute.written_off'),
    set_deadline: deadline('prearb_filed_by_merchant'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('prearb_filed_by_merchant'),
  },
  prearb_under_review: {
    stage_evidence: already,
    submit_evidence: already,
    'record_issuer_decision.accepted': moved(
      'won',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ),
    escalate_to_arbitration: moved('arbitration_pending', 'dispute.escalated_to_arbitration'),
    set_deadline: deadline('prearb_under_review'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('prearb_under_review'),
  },
  arbitration_pending: {
    'record_ruling.won': moved('won', 'dispute.ruling_recorded', 'dispute.funds_reinstated'),
    'record_ruling.lost': lostBy('ruled', 'dispute.ruling_recorded', 'dispute.written_off'),
    set_deadline: deadline('arbitration_pending'),
    withdraw_funds: debitedAlready,
    reinstate_funds: reinstated('arbitration_pending'),
  },
};

const OPENINGS: readonly Sample[] = [
  'open_inquiry',
  'open_chargeback.debit',
  'open_chargeback.notice',
  'record_prevention',
];

function defaultOutcome(from: From, sample: Sample): Outcome {
  if (from === 'none') return refused('dispute.not_found');
  if (OPENINGS.includes(sample)) return refused('dispute.already_exists');
  return refused('dispute.transition_not_allowed');
}

const FROMS: readonly From[] = ['none', ...DISPUTE_STATUSES];
const CASES = FROMS.flatMap((from) =>
  (Object.keys(SAMPLES) as Sample[]).map((sample) => {
    const outcome = EXPECTED[from]?.[sample] ?? defaultOutcome(from, sample);
    return { from, sample, outcome, label: describeOutcome(outcome) };
  }),
);

function describeOutcome(outcome: Outcome): string {
  return 'error' in outcome ? outcome.error : `→ ${outcome.to} [${outcome.events.join(', ')}]`;
}

describe('every (state, command) pair', () => {
  it('covers every state and every command type', () => {
    expect(CASES).toHaveLength(FROMS.length * Object.keys(SAMPLES).length);
    const sampled = new Set(Object.values(SAMPLES).map((sample) => sample.type));
    expect([...sampled].sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it.each(CASES)('$from × $sample: $label', ({ from, sample, outcome }) => {
    const stream = from === 'none' ? EMPTY_STREAM : streamAt(from);
    if (from !== 'none') expect(stream.state?.status).toBe(from);
    const result = decideDispute(SAMPLES[sample], stream.state);
    if ('error' in outcome) {
      expect(result.isErr() && result.error.type).toBe(outcome.error);
      if (outcome.error === 'dispute.transition_not_allowed') {
        expect(result._unsafeUnwrapErr()).toEqual({
          type: 'dispute.transition_not_allowed',
          from,
          command: SAMPLES[sample].type,
        });
      }
      return;
    }
    const events = result._unsafeUnwrap();
    expect(typesOf(events)).toEqual(outcome.events);
    const after = events.reduce(evolveDispute, stream.state);
    expect(after?.status).toBe(outcome.to);
    expect(after?.lostReason).toBe(outcome.lost ?? null);
  });

  it('agrees with the transition list the decider uses, pair for pair', () => {
    const sampleKey = (sample: Sample): DisputeTransitionKey | undefined => {
      if (sample.startsWith('open_chargeback')) return 'open_chargeback';
      return DISPUTE_TRANSITIONS.some((transition) => transition.key === sample)
        ? (sample as DisputeTransitionKey)
        : undefined;
    };
    const expectedMoves = new Set<string>();
    for (const { from, sample, outcome } of CASES) {
      const key = sampleKey(sample);
      if (key !== undefined && !('error' in outcome)) expectedMoves.add(`${from} ${key}`);
    }
    const listed = new Set(DISPUTE_TRANSITIONS.map(({ from, key }) => `${from} ${key}`));
    expect([...listed].sort()).toEqual([...expectedMoves].sort());
  });
});
