import { err, type IdGenerator, ok, type Result } from '@strongroom/kernel';
import { applyTemplate, type LedgerEvent, type PostingTemplate } from '@strongroom/ledger';
import type { Dispute } from '../lifecycle/dispute-state.js';
import type { DisputeFee } from './dispute-fee-schedule.js';
import type { DisputeHouseAccounts } from './dispute-house-accounts.js';
import {
  DISPUTE_REINSTATEMENT,
  DISPUTE_WITHDRAWAL,
  DISPUTE_WRITE_OFF,
} from './dispute-posting-templates.js';
import type { DisputePostingFailedError } from './disputes-error.js';

/** What the postings of one command are planned from. */
export interface PostingPlanInput {
  /** The dispute before the command (`null` when the command opened it). */
  readonly before: Dispute | null;
  readonly after: Dispute;
  /** Every event of the stream before this command, to know whether the fee was charged. */
  readonly history: readonly { readonly type: string }[];
  /** The events this command appends, in order. */
  readonly appended: readonly { readonly type: string }[];
  readonly fee: DisputeFee;
  readonly accounts: DisputeHouseAccounts;
  readonly ids: IdGenerator;
}

/** A ledger event planned for one dispute event, with the template it came from. */
export interface PlannedPosting {
  readonly template: string;
  readonly event: LedgerEvent;
}

const countOf = (events: readonly { readonly type: string }[], type: string) =>
  events.filter((event) => event.type === type).length;

/**
 * The ledger postings of a command's funds events, one per event: a withdrawal moves the disputed
 * amount from the merchant to the reserve (plus the fee with the dispute's first withdrawal), a
 * reinstatement moves it back, a write-off pays the reserve away. When the command ends the
 * dispute won and the fee is refundable, the fee comes back with the reinstatement (or alone).
 */
export function planDisputePostings(
  input: PostingPlanInput,
): Result<PlannedPosting[], DisputePostingFailedError> {
  const { after, accounts, fee } = input;
  const amount = BigInt(after.amount.amountMinor);
  const feeCharged = countOf(input.history, 'dispute.funds_withdrawn') > 0;
  const wonNow = after.status === 'won' && input.before?.status !== 'won';
  let feeToCharge = feeCharged ? 0n : fee.amountMinor;
  let feeToRefund =
    wonNow &&
    fee.refundableOnWin &&
    (feeCharged || input.appended.some((event) => event.type === 'dispute.funds_withdrawn'))
      ? fee.amountMinor
      : 0n;
  const planned: PlannedPosting[] = [];
  const plan = (
    template: PostingTemplate,
    values: Record<string, string | bigint>,
    cause: string,
  ) => {
    const applied = applyTemplate(template, {
      id: input.ids.next('trf'),
      values,
      metadata: { disputeId: after.disputeId, disputeEvent: cause },
    });
    if (applied.isErr())
      return err<void, DisputePostingFailedError>({
        type: 'dispute.posting_failed',
        template: template.name,
        status: 'template_not_applicable',
      });
    planned.push({ template: template.name, event: { kind: 'journal', journal: applied.value } });
    return ok<void, DisputePostingFailedError>(undefined);
  };
  const merchant = after.merchantAccountId;
  for (const event of input.appended) {
    let step: Result<void, DisputePostingFailedError> = ok(undefined);
    if (event.type === 'dispute.funds_withdrawn') {
      step = plan(
        DISPUTE_WITHDRAWAL,
        {
          merchant,
          reserve: accounts.reserveAccountId,
          fees: accounts.feeAccountId,
          amount,
          fee: feeToCharge,
        },
        event.type,
      );
      feeToCharge = 0n;
    } else if (event.type === 'dispute.funds_reinstated') {
      step = plan(
        DISPUTE_REINSTATEMENT,
        {
          merchant,
          reserve: accounts.reserveAccountId,
          fees: accounts.feeAccountId,
          amount,
          fee: feeToRefund,
        },
        event.type,
      );
      feeToRefund = 0n;
    } else if (event.type === 'dispute.written_off') {
      step = plan(
        DISPUTE_WRITE_OFF,
        { reserve: accounts.reserveAccountId, loss: accounts.lossAccountId, amount },
        event.type,
      );
    }
    if (step.isErr()) return err(step.error);
  }
  if (feeToRefund > 0n) {
    const step = plan(
      DISPUTE_REINSTATEMENT,
      {
        merchant,
        reserve: accounts.reserveAccountId,
        fees: accounts.feeAccountId,
        amount: 0n,
        fee: feeToRefund,
      },
      'dispute.fee_refunded',
    );
    if (step.isErr()) return err(step.error);
  }
  return ok(planned);
}
