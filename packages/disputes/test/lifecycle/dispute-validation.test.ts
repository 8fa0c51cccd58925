import { describe, expect, it } from 'vitest';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import type { DisputeCommand } from '../../src/lifecycle/dispute-command.js';
import { command, notice, SYSTEM, streamAt } from './dispute-fixtures.js';

const bad = (reason: string, field: string, input: DisputeCommand) => ({ reason, field, input });

describe('malformed commands', () => {
  it.each([
    bad('bad_format', 'occurredAt', command.openInquiry({ occurredAt: '2025-03-14' })),
    bad('bad_format', 'occurredAt', command.openInquiry({ occurredAt: '2025-02-30T00:00:00Z' })),
    bad('bad_format', 'occurredAt', command.openInquiry({ occurredAt: '2025-03-14T25:00:00Z' })),
    bad('bad_format', 'occurredAt', command.openInquiry({ occurredAt: '2025-03-14T09:30:00' })),
    bad(
      'not_a_positive_integer',
      'amount.amountMinor',
      command.openChargeback(true, { amount: { amountMinor: '0', currency: 'USD' } }),
    ),
    bad(
      'not_a_positive_integer',
      'amount.amountMinor',
      command.openChargeback(true, { amount: { amountMinor: '-5', currency: 'USD' } }),
    ),
    bad(
      'not_a_positive_integer',
      'amount.amountMinor',
      command.openChargeback(true, { amount: { amountMinor: '12.5', currency: 'USD' } }),
    ),
    bad(
      'not_a_positive_integer',
      'amount.amountMinor',
      command.openChargeback(true, { amount: { amountMinor: '007', currency: 'USD' } }),
    ),
    bad(
      'too_large',
      'amount.amountMinor',
      command.openChargeback(true, { amount: { amountMinor: '1'.repeat(37), currency: 'USD' } }),
    ),
    bad(
      'unknown_currency',
      'amount.currency',
      command.openChargeback(true, { amount: { amountMinor: '100', currency: 'usd' } }),
    ),
    bad(
      'unknown_currency',
      'amount.currency',
      command.openChargeback(true, { amount: { amountMinor: '100', currency: 'XXX' } }),
    ),
    bad('bad_format', 'transactionDate', command.openInquiry({ transactionDate: '2025-13-01' })),
    bad(
      'bad_format',
      'transactionDate',
      command.openInquiry({ transactionDate: '2025-03-14T00:00:00Z' }),
    ),
    bad('empty', 'reasonCode', command.openInquiry({ reasonCode: '' })),
    bad('too_long', 'reasonCode', command.openInquiry({ reasonCode: '1'.repeat(33) })),
    bad('bad_format', 'reasonCode', command.openInquiry({ reasonCode: '10.4 <script>' })),
    bad(
      'bad_format',
      'providerReference.provider',
      command.openInquiry({ providerReference: { provider: 'Stripe', providerDisputeId: 'dp_1' } }),
    ),
    bad(
      'empty',
      'providerReference.providerDisputeId',
      command.openInquiry({ providerReference: { provider: 'stripe', providerDisputeId: '' } }),
    ),
    bad(
      'too_long',
      'providerReference.providerDisputeId',
      command.openInquiry({
        providerReference: { provider: 'stripe', providerDisputeId: 'd'.repeat(257) },
      }),
    ),
    bad(
      'bad_format',
      'deadline.dueAt',
      command.openInquiry({ deadline: { kind: 'due', dueAt: 'soon', source: 'network' } }),
    ),
    bad(
      'bad_format',
      'deadline.dueAt',
      command.setDeadline(
        { kind: 'due', dueAt: '2025-04-01', source: 'provider' },
        { source: SYSTEM },
      ),
    ),
    bad('bad_format', 'reasonCode', command.escalateInquiry(true, { reasonCode: 'C 08' })),
    bad('empty', 'source.notificationId', command.accept({ source: notice('') })),
    bad('too_long', 'source.notificationId', command.accept({ source: notice('n'.repeat(257)) })),
    bad('bad_format', 'source.notificationId', command.accept({ source: notice('has space') })),
    bad(
      'bad_format',
      'source.provider',
      command.accept({ source: notice('n1', undefined, 'Adyen!') }),
    ),
    bad(
      'too_long',
      'source.provider',
      command.accept({ source: notice('n1', undefined, 'a'.repeat(65)) }),
    ),
  ])('refuses $field ($reason) without changing anything', ({ reason, field, input }) => {
    const state = input.type.startsWith('open_')
      ? null
      : streamAt('chargeback_needs_response').state;
    expect(decideDispute(input, state)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field,
      reason,
    });
  });

  it('accepts the reference reason code shapes and an instant with an offset', () => {
    for (const reasonCode of ['10.4', '12.6.1', '4853', 'FR2', 'UA01', 'C08']) {
      expect(
        decideDispute(
          command.openInquiry({ reasonCode, occurredAt: '2025-03-14T09:30:00.123+02:00' }),
          null,
        ).isOk(),
      ).toBe(true);
    }
  });

  it('never echoes the rejected value', () => {
    const secret = '4111111111111111';
    const result = decideDispute(command.openInquiry({ reasonCode: `${secret} x` }), null);
    expect(JSON.stringify(result._unsafeUnwrapErr())).not.toContain(secret);
  });
});
