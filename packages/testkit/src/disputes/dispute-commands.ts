import type { DisputeCommand, OpenChargebackCommand } from '@strongroom/disputes';
import type { Id } from '@strongroom/kernel';
import type { SuiteDisputes } from './suite-disputes.js';

/** The merchant acting through the host's dashboard. */
export const MERCHANT = { kind: 'merchant' } as const;

/** A Visa 13.1 chargeback on the suite's payment, for `amountMinor` (default the whole payment). */
export function chargeback(
  suite: SuiteDisputes,
  overrides: Partial<OpenChargebackCommand> = {},
): OpenChargebackCommand {
  return {
    type: 'open_chargeback',
    disputeId: suite.disputes.newDisputeId(),
    occurredAt: suite.clock.now().toISOString(),
    source: MERCHANT,
    transferId: suite.paymentId,
    merchantAccountId: suite.accounts.merchant,
    network: 'visa',
    reasonCode: '13.1',
    amount: { amountMinor: '10000', currency: 'USD' },
    transactionDate: '2026-01-10',
    withdrawsFunds: true,
    ...overrides,
  };
}

/** A command on an existing dispute, now, from the merchant unless a source is given. */
export function on<
  Type extends Exclude<
    DisputeCommand['type'],
    OpenChargebackCommand['type'] | 'open_inquiry' | 'record_prevention'
  >,
>(
  suite: SuiteDisputes,
  disputeId: Id<'dsp'>,
  type: Type,
  fields: Omit<
    Extract<DisputeCommand, { type: Type }>,
    'type' | 'disputeId' | 'occurredAt' | 'source'
  > & {
    readonly source?: DisputeCommand['source'];
  },
): DisputeCommand {
  return {
    source: MERCHANT,
    ...fields,
    type,
    disputeId,
    occurredAt: suite.clock.now().toISOString(),
  } as DisputeCommand;
}

/** A staged text item answering the 13.1 checklist. */
export const TRACKING_NUMBER = {
  kind: 'text',
  field: 'shipping_tracking_number',
  text: '1Z999AA10123456784',
} as const;
