import type { DisputeCommand } from './dispute-command.js';
import type { DisputeFundsEvent } from './dispute-event.js';
import { fundsEvent } from './dispute-event-builders.js';
import type { Dispute } from './dispute-state.js';
import { type DisputeStatus, isTerminalStatus, stageOfStatus } from './dispute-status.js';

/**
 * The money events of moving `dispute` to `to` (reference/disputes.md §6 "Accounting
 * postings"). A loss is final: funds still with the merchant are withdrawn first, then written
 * off. A win or a reversal gives back what was withdrawn. A notice carrying the issuer's debit
 * withdraws, unless the funds are already out: never twice in a row.
 */
export function fundsEffects(
  command: DisputeCommand,
  dispute: Dispute,
  to: DisputeStatus,
): readonly DisputeFundsEvent[] {
  if (to === 'lost') {
    const written = fundsEvent('dispute.written_off', command, dispute);
    return dispute.fundsWithdrawn
      ? [written]
      : [fundsEvent('dispute.funds_withdrawn', command, dispute), written];
  }
  if (to === 'won' || to === 'chargeback_reversed_provisional') {
    return dispute.fundsWithdrawn ? [fundsEvent('dispute.funds_reinstated', command, dispute)] : [];
  }
  return withdrawsFunds(command) && !dispute.fundsWithdrawn
    ? [fundsEvent('dispute.funds_withdrawn', command, dispute)]
    : [];
}

/**
 * The debit of a stage-opening notice that arrived after the dispute already reached that
 * stage (Adyen `CHARGEBACK` after `NOTIFICATION_OF_CHARGEBACK`): the state does not move, the
 * money does. After a reversal in the chargeback stage the late debit preceded the reversal,
 * which was then recorded with nothing to give back, so both are left out.
 */
export function lateDebitEffects(
  command: DisputeCommand,
  dispute: Dispute,
  target: DisputeStatus,
): readonly DisputeFundsEvent[] {
  const sameStage = stageOfStatus(target) === dispute.stage;
  const reversed = dispute.status === 'chargeback_reversed_provisional';
  return withdrawsFunds(command) && !dispute.fundsWithdrawn && sameStage && !reversed
    ? [fundsEvent('dispute.funds_withdrawn', command, dispute)]
    : [];
}

/** Whether a command's notice comes with a debit of the disputed amount. */
function withdrawsFunds(command: DisputeCommand): boolean {
  return 'withdrawsFunds' in command && command.withdrawsFunds;
}

/** Whether money can move in this state: inquiries have no financial impact, ended disputes none left. */
export function fundsCanMove(dispute: Dispute): boolean {
  return (
    dispute.stage !== 'inquiry' &&
    dispute.stage !== 'pre_dispute' &&
    !isTerminalStatus(dispute.status)
  );
}
