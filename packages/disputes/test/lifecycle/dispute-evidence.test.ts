import { describe, expect, it } from 'vitest';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from '../../src/evidence/evidence-limits.js';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import {
  command,
  disputeOf,
  documentItem,
  given,
  notice,
  SYSTEM,
  streamAt,
  textItem,
} from './dispute-fixtures.js';

const fields = (count: number, prefix = 'field') =>
  Array.from({ length: count }, (_, index) => textItem(`${prefix}_${index}`));

describe('staging evidence', () => {
  it('replaces a staged item of the same field in place and appends new fields', () => {
    const stream = given(
      [
        command.stageEvidence([textItem('receipt', 'first'), textItem('refund_policy')]),
        command.stageEvidence([documentItem('receipt'), textItem('shipping_date')]),
      ],
      given([command.openChargeback(true, { source: SYSTEM })]),
    );
    expect(disputeOf(stream).stagedEvidence).toEqual([
      documentItem('receipt'),
      textItem('refund_policy'),
      textItem('shipping_date'),
    ]);
  });

  it('holds at most the bound, counting replacements once', () => {
    const full = given(
      [command.stageEvidence(fields(EVIDENCE_ITEMS_PER_DISPUTE_MAX))],
      given([command.openChargeback(true, { source: SYSTEM })]),
    );
    expect(disputeOf(full).stagedEvidence).toHaveLength(EVIDENCE_ITEMS_PER_DISPUTE_MAX);
    // Replacing a staged field keeps the count; one more field is refused.
    expect(
      decideDispute(command.stageEvidence([textItem('field_0', 'again')]), full.state).isOk(),
    ).toBe(true);
    expect(
      decideDispute(command.stageEvidence([textItem('one_more')]), full.state)._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.too_many_evidence_items',
      limit: EVIDENCE_ITEMS_PER_DISPUTE_MAX,
      count: EVIDENCE_ITEMS_PER_DISPUTE_MAX + 1,
    });
  });

  it.each([
    ['no items', [], 'empty'],
    [
      'more items than the bound in one command',
      fields(EVIDENCE_ITEMS_PER_DISPUTE_MAX + 1),
      'too_many',
    ],
    ['two items for one field', [textItem('receipt'), documentItem('receipt')], 'duplicate_field'],
  ])('refuses %s', (_, items, reason) => {
    expect(
      decideDispute(
        command.stageEvidence(items),
        streamAt('chargeback_needs_response').state,
      )._unsafeUnwrapErr(),
    ).toEqual({
      type: 'validation',
      field: 'items',
      reason,
    });
  });

  it('is refused when the issuer allows no response', () => {
    const stream = given(
      [command.setDeadline({ kind: 'not_defendable' }, { source: notice('due0') })],
      streamAt('chargeback_needs_response'),
    );
    expect(
      decideDispute(command.stageEvidence([textItem('receipt')]), stream.state)._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.not_defendable',
    });
    expect(decideDispute(command.submitEvidence(), stream.state)._unsafeUnwrapErr()).toEqual({
      type: 'dispute.not_defendable',
    });
    expect(decideDispute(command.filePreArbitration(), stream.state)._unsafeUnwrapErr()).toEqual({
      type: 'dispute.not_defendable',
    });
    // Accepting, or letting it expire, is still possible.
    expect(decideDispute(command.accept(), stream.state).isOk()).toBe(true);
  });
});

describe('submitting evidence', () => {
  it('needs at least one staged item', () => {
    const stream = given([command.openChargeback(true, { source: SYSTEM })]);
    expect(decideDispute(command.submitEvidence(), stream.state)._unsafeUnwrapErr()).toEqual({
      type: 'dispute.no_evidence_staged',
    });
    expect(decideDispute(command.filePreArbitration(), stream.state)._unsafeUnwrapErr()).toEqual({
      type: 'dispute.no_evidence_staged',
    });
  });

  it('records exactly the items submitted, empties the stage and counts the submission', () => {
    const stream = given(
      [command.stageEvidence([documentItem('receipt')]), command.submitEvidence()],
      given([command.openChargeback(true, { source: SYSTEM })]),
    );
    const submitted = stream.events.at(-1);
    expect(submitted?.type).toBe('dispute.evidence_submitted');
    expect(submitted?.payload).toMatchObject({ items: [documentItem('receipt')] });
    expect(disputeOf(stream)).toMatchObject({
      stagedEvidence: [],
      submissionCount: 1,
      evidenceSubmittedInStage: true,
    });
  });

  it('happens once per stage: staging reopens only when the next stage does', () => {
    const reversed = streamAt('chargeback_reversed_provisional');
    expect(
      decideDispute(command.stageEvidence([textItem('late')]), reversed.state)._unsafeUnwrapErr(),
    ).toEqual({
      type: 'dispute.evidence_already_submitted',
      stage: 'chargeback',
    });
    const preArbitration = given([command.openPreArbitration(true, { source: SYSTEM })], reversed);
    expect(disputeOf(preArbitration).evidenceSubmittedInStage).toBe(false);
    const resubmitted = given(
      [command.stageEvidence([textItem('rebuttal')]), command.submitEvidence()],
      preArbitration,
    );
    expect(disputeOf(resubmitted)).toMatchObject({
      status: 'prearb_under_review',
      submissionCount: 2,
    });
  });

  it('keeps items staged but not submitted when the inquiry escalates', () => {
    const escalated = given(
      [command.escalateInquiry(true, { source: SYSTEM })],
      streamAt('inquiry_needs_response'),
    );
    expect(disputeOf(escalated).stagedEvidence).toEqual([textItem('customer_communication')]);
  });

  it('reported by the provider needs nothing staged and lists nothing sent from here', () => {
    const stream = given(
      [command.submitEvidence({ source: notice('supplied') })],
      given([command.openChargeback(true, { source: SYSTEM })]),
    );
    expect(disputeOf(stream)).toMatchObject({
      status: 'chargeback_under_review',
      submissionCount: 1,
    });
    expect(stream.events.at(-1)?.payload).toMatchObject({ items: [] });
  });
});
