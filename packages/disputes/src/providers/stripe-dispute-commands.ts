import { err, ok, type Result } from '@strongroom/kernel';
import type { FinalStatus } from '../lifecycle/command-source.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';
import type { ProviderCommand } from './provider-notification.js';
import { type ProviderPayloadError, providerPayloadError } from './provider-payload-error.js';
import type { StripeDisputeEventType, StripeDisputeStatus } from './stripe-dispute-schema.js';

/** What a Stripe dispute event says, as far as the commands it means depend on it. */
export interface StripeDisputeFacts {
  readonly eventType: StripeDisputeEventType;
  readonly status: StripeDisputeStatus;
  readonly reasonCode: string;
  /** The provider's deadline (`due_by`), when Stripe gives one. */
  readonly deadline: ResponseDeadline | undefined;
  readonly submissionCount: number;
  readonly pastDue: boolean;
}

/** The commands of a Stripe event for an existing dispute, and Stripe's final word if any. */
export interface StripeDisputeMeaning {
  readonly commands: readonly ProviderCommand[];
  readonly final?: FinalStatus;
}

/**
 * The commands a Stripe dispute event means. Stripe sends a snapshot of the dispute with every
 * event, so the commands come from its `status`, whatever the event type; the two money events
 * add their money command (reference/disputes.md §4 "Events", §6 states and postings):
 *
 * | status                   | commands                                                   | final |
 * |--------------------------|------------------------------------------------------------|-------|
 * | `warning_needs_response` | none (the opening is the inquiry)                          |       |
 * | `warning_under_review`   | `submit_evidence`                                          |       |
 * | `warning_closed`         | `close_inquiry`                                            |       |
 * | `needs_response`         | `escalate_inquiry` (no debit; reason code, deadline)       |       |
 * | `under_review`           | `escalate_inquiry` (no debit), `submit_evidence`           |       |
 * | `won`                    | `record_issuer_decision` accepted                          | won   |
 * | `lost`                   | `record_issuer_decision` rejected / `expire` / `accept`    | lost  |
 * | `prevented`              | none (the opening is the prevention)                       |       |
 *
 * | event type                         | adds                                                 |
 * |------------------------------------|------------------------------------------------------|
 * | `charge.dispute.funds_withdrawn`   | `withdraw_funds`                                     |
 * | `charge.dispute.funds_reinstated`  | `reinstate_funds`                                    |
 *
 * `escalate_inquiry` comes first for the chargeback statuses because a Stripe inquiry may turn
 * into a chargeback under the same id (reference §4: unconfirmed): from an inquiry it escalates,
 * from the chargeback stage it changes nothing, and it keeps a following `submit_evidence`, which
 * means "under review in the current stage", from landing in the inquiry stage. The money command
 * follows the stage commands (money moves only in the chargeback stage) and precedes the outcome,
 * because the service sends the provider's final word with the last command only, and the outcome
 * is the command that needs it; for `won` and `lost` an `escalate_inquiry` opens the list, so
 * `[escalate_inquiry, reinstate_funds, record_issuer_decision]`. A money event on an inquiry or a
 * prevention contradicts Stripe ("inquiries don't have any financial impact") and is refused.
 */
export function stripeDisputeMeaning(
  facts: StripeDisputeFacts,
): Result<StripeDisputeMeaning, ProviderPayloadError> {
  const status = statusMeaning(facts);
  const money = moneyCommand(facts.eventType);
  if (money === undefined) return ok(status);
  if (!MONEY_STATUSES.has(facts.status)) {
    return err(providerPayloadError('stripe', 'data.object.status', 'inconsistent'));
  }
  if (status.final === undefined) return ok({ commands: [...status.commands, money] });
  return ok({ commands: [escalateOf(facts), money, ...status.commands], final: status.final });
}

// The statuses of a chargeback, the only disputes money moves for.
const MONEY_STATUSES: ReadonlySet<StripeDisputeStatus> = new Set([
  'needs_response',
  'under_review',
  'won',
  'lost',
]);

// The chargeback stage, entered from an inquiry without a debit (the debit is its own event).
function escalateOf(facts: StripeDisputeFacts): ProviderCommand {
  return {
    type: 'escalate_inquiry',
    withdrawsFunds: false,
    reasonCode: facts.reasonCode,
    ...(facts.deadline === undefined ? {} : { deadline: facts.deadline }),
  };
}

function statusMeaning(facts: StripeDisputeFacts): StripeDisputeMeaning {
  const escalate = escalateOf(facts);
  switch (facts.status) {
    case 'warning_needs_response':
    case 'prevented':
      return { commands: [] };
    case 'warning_under_review':
      return { commands: [{ type: 'submit_evidence', stage: 'inquiry' }] };
    case 'warning_closed':
      return { commands: [{ type: 'close_inquiry' }] };
    case 'needs_response':
      return { commands: [escalate] };
    case 'under_review':
      return { commands: [escalate, { type: 'submit_evidence', stage: 'chargeback' }] };
    case 'won':
      return { commands: [{ type: 'record_issuer_decision', decision: 'accepted' }], final: 'won' };
    case 'lost':
      return { commands: [lossCommand(facts)], final: 'lost' };
  }
}

/**
 * The command that says why a Stripe dispute was lost, which the state machine records as the
 * loss reason. Stripe's status does not say, so the evidence details decide: evidence was
 * submitted, or the issuer allowed no response (`due_by = 0`): the issuer ruled (`ruled`); the
 * deadline passed without a submission: `expired`; otherwise the merchant closed the dispute,
 * which Stripe documents as accepting the loss (`accepted`).
 */
function lossCommand(facts: StripeDisputeFacts): ProviderCommand {
  if (facts.submissionCount > 0 || facts.deadline?.kind === 'not_defendable') {
    return { type: 'record_issuer_decision', decision: 'rejected' };
  }
  return facts.pastDue ? { type: 'expire' } : { type: 'accept' };
}

function moneyCommand(eventType: StripeDisputeEventType): ProviderCommand | undefined {
  if (eventType === 'charge.dispute.funds_withdrawn') return { type: 'withdraw_funds' };
  if (eventType === 'charge.dispute.funds_reinstated') return { type: 'reinstate_funds' };
  return undefined;
}
