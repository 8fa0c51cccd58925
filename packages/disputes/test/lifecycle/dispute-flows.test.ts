import { describe, expect, it } from 'vitest';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import {
  AT,
  command,
  disputeOf,
  documentItem,
  given,
  MERCHANT,
  merchantBalanceChangeMinor,
  notice,
  PROVIDER_DEADLINE,
  SYSTEM,
  textItem,
  typesOf,
} from './dispute-fixtures.js';

const stripe = (id: string, final?: 'won' | 'lost') => notice(id, final, 'stripe');
const adyen = (id: string, final?: 'won' | 'lost') => notice(id, final, 'adyen');

describe('Visa collaboration (13.1) on Stripe, won', () => {
  it('debits on the chargeback, reinstates on the win, with the evidence submitted once', () => {
    // Given a chargeback Stripe reports with its funds_withdrawn and its own due_by.
    const opened = given([
      command.openChargeback(true, { source: stripe('evt_created'), deadline: PROVIDER_DEADLINE }),
      command.stageEvidence([
        documentItem('shipping_documentation'),
        textItem('shipping_tracking_number'),
      ]),
      command.submitEvidence(),
    ]);
    expect(disputeOf(opened)).toMatchObject({
      status: 'chargeback_under_review',
      submissionCount: 1,
      stagedEvidence: [],
      fundsWithdrawn: true,
    });
    // When Stripe closes it as won.
    const won = given(
      [command.issuerDecision('accepted', { source: stripe('evt_closed', 'won') })],
      opened,
    );
    // Then the dispute is won, the funds are back, and the merchant's balance is whole again.
    expect(disputeOf(won)).toMatchObject({
      status: 'won',
      stage: 'chargeback',
      fundsWithdrawn: false,
    });
    expect(typesOf(won.events)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
      'dispute.evidence_staged',
      'dispute.evidence_submitted',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
    ]);
    expect(merchantBalanceChangeMinor(won.events)).toBe(0n);
    // And Stripe's separate funds_reinstated notice, arriving afterwards, changes nothing.
    expect(
      decideDispute(
        command.reinstateFunds({ source: stripe('evt_reinstated') }),
        won.state,
      )._unsafeUnwrap(),
    ).toEqual([]);
  });

  it('after a reversal, survives the issuer pre-arbitration and wins when the issuer withdraws', () => {
    const end = given([
      command.openChargeback(true, { source: SYSTEM }),
      command.stageEvidence([textItem('product_description')]),
      command.submitEvidence(),
      command.issuerDecision('accepted_provisionally', { source: SYSTEM }),
      command.openPreArbitration(true, { source: SYSTEM }),
      command.stageEvidence([textItem('customer_communication')]),
      command.submitEvidence(),
      command.issuerDecision('accepted', { source: SYSTEM }),
    ]);
    expect(disputeOf(end)).toMatchObject({
      status: 'won',
      stage: 'pre_arbitration',
      submissionCount: 2,
    });
    expect(merchantBalanceChangeMinor(end.events)).toBe(0n);
  });
});

describe('Visa allocation (10.4): the merchant files pre-arbitration', () => {
  it('files with the staged compelling evidence, escalates after the decline, and wins the ruling', () => {
    const filed = given([
      command.openChargeback(true, { source: SYSTEM, reasonCode: '10.4' }),
      command.stageEvidence([textItem('access_activity_log'), textItem('customer_purchase_ip')]),
      command.filePreArbitration(),
    ]);
    expect(disputeOf(filed)).toMatchObject({
      status: 'prearb_filed_by_merchant',
      stage: 'pre_arbitration',
      submissionCount: 1,
      evidenceSubmittedInStage: true,
    });
    const filing = filed.events.find((event) => event.type === 'dispute.pre_arbitration_filed');
    expect(filing?.payload).toMatchObject({
      items: [{ field: 'access_activity_log' }, { field: 'customer_purchase_ip' }],
    });
    // When the issuer declines, the merchant escalates within the window and wins the ruling.
    const ruled = given(
      [command.escalateToArbitration(false), command.ruling('won', { source: SYSTEM })],
      filed,
    );
    expect(disputeOf(ruled)).toMatchObject({
      status: 'won',
      stage: 'arbitration',
      fundsWithdrawn: false,
    });
    expect(typesOf(ruled.events).slice(-3)).toEqual([
      'dispute.escalated_to_arbitration',
      'dispute.ruling_recorded',
      'dispute.funds_reinstated',
    ]);
  });

  it('loses as expired when the merchant lets the escalation window pass', () => {
    const end = given([
      command.openChargeback(true, { source: SYSTEM, reasonCode: '10.4' }),
      command.stageEvidence([textItem('access_activity_log')]),
      command.filePreArbitration(),
      command.expire({ source: SYSTEM }),
    ]);
    expect(disputeOf(end)).toMatchObject({
      status: 'lost',
      lostReason: 'expired',
      fundsWithdrawn: true,
    });
    expect(typesOf(end.events).slice(-2)).toEqual(['dispute.expired', 'dispute.written_off']);
    expect(merchantBalanceChangeMinor(end.events)).toBe(-4999n);
  });
});

describe('Mastercard 4808 on Adyen: straight to arbitration, lost', () => {
  it('debits, reverses, debits again on arbitration, and writes off on the ruling', () => {
    const mastercard = { network: 'mastercard', reasonCode: '4808' } as const;
    const end = given([
      command.openChargeback(false, { source: adyen('noc'), ...mastercard }), // NOTIFICATION_OF_CHARGEBACK
      command.openChargeback(true, { source: adyen('cb'), ...mastercard }), // CHARGEBACK
      command.stageEvidence([documentItem('receipt')]),
      command.submitEvidence(),
      command.issuerDecision('accepted_provisionally', { source: adyen('reversed') }), // CHARGEBACK_REVERSED
      command.escalateToArbitration(true, { source: adyen('arbitration') }), // SCHEME_ARBITRATION
      command.ruling('lost', { source: adyen('arbitration_lost', 'lost') }), // SCHEME_ARBITRATION_LOST
    ]);
    expect(disputeOf(end)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      stage: 'arbitration',
      fundsWithdrawn: true,
      network: 'mastercard',
    });
    expect(typesOf(end.events)).toEqual([
      'dispute.chargeback_opened',
      'dispute.funds_withdrawn',
      'dispute.evidence_staged',
      'dispute.evidence_submitted',
      'dispute.issuer_decision_recorded',
      'dispute.funds_reinstated',
      'dispute.escalated_to_arbitration',
      'dispute.funds_withdrawn',
      'dispute.ruling_recorded',
      'dispute.written_off',
    ]);
    expect(merchantBalanceChangeMinor(end.events)).toBe(-4999n);
  });
});

describe('Adyen: reversal, then second chargeback, then pre-arbitration lost', () => {
  it('debits again on the second chargeback and takes the final loss without a third debit', () => {
    const reversed = given([
      command.openChargeback(true, { source: adyen('cb') }),
      command.stageEvidence([documentItem('receipt')]),
      command.submitEvidence(),
      command.issuerDecision('accepted_provisionally', { source: adyen('reversed') }),
    ]);
    expect(disputeOf(reversed)).toMatchObject({
      status: 'chargeback_reversed_provisional',
      fundsWithdrawn: false,
    });
    const preArbitration = given(
      [
        command.openPreArbitration(true, { source: adyen('second_cb') }), // SECOND_CHARGEBACK
        command.openPreArbitration(false, { source: adyen('prearb_open') }), // PREARBITRATION_OPEN
        command.stageEvidence([textItem('rebuttal')]),
        command.submitEvidence(),
      ],
      reversed,
    );
    expect(disputeOf(preArbitration)).toMatchObject({
      status: 'prearb_under_review',
      fundsWithdrawn: true,
      submissionCount: 2,
    });
    // PREARBITRATION_LOST: the provider's final word, whatever the state machine would allow.
    const end = given(
      [command.issuerDecision('rejected', { source: adyen('prearb_lost', 'lost') })],
      preArbitration,
    );
    expect(disputeOf(end)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      fundsWithdrawn: true,
    });
    expect(typesOf(end.events).slice(preArbitration.events.length)).toEqual([
      'dispute.final_status_recorded',
      'dispute.written_off',
    ]);
    expect(merchantBalanceChangeMinor(end.events)).toBe(-4999n);
  });
});

describe('Stripe inquiry escalated to a chargeback', () => {
  it('moves no money during the inquiry, debits on escalation, and opens staging again', () => {
    const inquiry = given([
      command.openInquiry({ source: stripe('evt_warning'), reasonCode: 'R13', network: 'amex' }),
      command.stageEvidence([textItem('customer_communication')]),
      command.submitEvidence(),
    ]);
    expect(disputeOf(inquiry)).toMatchObject({
      status: 'inquiry_under_review',
      fundsWithdrawn: false,
    });
    expect(merchantBalanceChangeMinor(inquiry.events)).toBe(0n);

    const chargeback = given(
      [command.escalateInquiry(true, { source: stripe('evt_escalated'), reasonCode: 'C08' })],
      inquiry,
    );
    expect(disputeOf(chargeback)).toMatchObject({
      status: 'chargeback_needs_response',
      stage: 'chargeback',
      reasonCode: 'C08',
      fundsWithdrawn: true,
      evidenceSubmittedInStage: false,
    });
    const end = given(
      [
        command.stageEvidence([documentItem('shipping_documentation')]),
        command.submitEvidence(),
        command.issuerDecision('rejected', { source: stripe('evt_lost', 'lost') }),
      ],
      chargeback,
    );
    expect(disputeOf(end)).toMatchObject({
      status: 'lost',
      lostReason: 'ruled',
      submissionCount: 2,
    });
    expect(merchantBalanceChangeMinor(end.events)).toBe(-4999n);
  });
});

describe('a prevented dispute (Visa RDR, Stripe prevented)', () => {
  it('moves no money and stays prevented', () => {
    const prevented = given([command.recordPrevention({ source: stripe('evt_prevented') })]);
    expect(disputeOf(prevented)).toMatchObject({
      status: 'prevented',
      stage: 'pre_dispute',
      fundsWithdrawn: false,
    });
    expect(typesOf(prevented.events)).toEqual(['dispute.prevention_recorded']);
    // A late provider notice is stale; a merchant request is refused; a final "won" conflicts.
    expect(
      decideDispute(
        command.submitEvidence({ source: stripe('evt_late') }),
        prevented.state,
      )._unsafeUnwrap(),
    ).toEqual([]);
    expect(
      decideDispute(command.accept({ source: MERCHANT }), prevented.state)._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.transition_not_allowed',
      from: 'prevented',
      command: 'accept',
    });
    expect(
      decideDispute(
        command.ruling('won', { source: stripe('evt_won', 'won'), occurredAt: AT }),
        prevented.state,
      )._unsafeUnwrapErr(),
    ).toEqual({ type: 'dispute.conflicting_final_status', status: 'prevented', final: 'won' });
  });
});
