import type { FinalStatus } from '../lifecycle/command-source.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';
import type { AdyenDisputeEventCode } from './adyen-notification-schema.js';
import type { ProviderCommand, ProviderOpening } from './provider-notification.js';

/** What an Adyen notification says beyond its event code, as far as its commands depend on it. */
export interface AdyenDisputeFacts {
  /** The network reason code, only when Adyen sends one (an absent one must not overwrite). */
  readonly reasonCode: string | undefined;
  /** The provider's deadline (`defendable`, `defensePeriodEndsAt`), when Adyen gives one. */
  readonly deadline: ResponseDeadline | undefined;
  /** `additionalData.disputeStatus`, when sent (not for Brazil). */
  readonly disputeStatus: string | undefined;
}

/** What an Adyen event means: how a new dispute starts, the commands, Adyen's final word. */
export interface AdyenEventMeaning {
  /** `null`: the notice must not open a dispute (informational). */
  readonly startsAs: Exclude<ProviderOpening['startsAs'], 'prevented'> | null;
  readonly withdrawsFunds: boolean;
  readonly commands: readonly ProviderCommand[];
  readonly final?: FinalStatus;
}

/**
 * The meaning of each Adyen dispute event code (reference/disputes.md §5 table and §6 states):
 *
 * | eventCode                           | new dispute starts as | commands                                         | final |
 * |-------------------------------------|-----------------------|--------------------------------------------------|-------|
 * | `NOTIFICATION_OF_FRAUD`             | — (not a dispute)     | none (informational TC40/SAFE alert)             |       |
 * | `ISSUER_COMMENTS`                   | — (stage unknown)     | none (informational free text)                   |       |
 * | `REQUEST_FOR_INFORMATION`           | inquiry               | none                                             |       |
 * | `NOTIFICATION_OF_CHARGEBACK`        | chargeback            | `escalate_inquiry` (no debit; code, deadline)    |       |
 * | `CHARGEBACK`                        | chargeback, debited   | `escalate_inquiry` (debit; code, deadline)       |       |
 * | `INFORMATION_SUPPLIED`              | chargeback            | `submit_evidence` (under review, current stage)  |       |
 * | `DISPUTE_DEFENSE_PERIOD_ENDED`      | chargeback            | `expire` (`accept` if disputeStatus Accepted)    | lost  |
 * | `ISSUER_RESPONSE_TIMEFRAME_EXPIRED` | chargeback            | `resolve_provisional`                            | won   |
 * | `CHARGEBACK_REVERSED`               | chargeback            | `record_issuer_decision` accepted_provisionally  |       |
 * | `SECOND_CHARGEBACK`                 | chargeback, debited   | `open_pre_arbitration` (debit; deadline)         |       |
 * | `PREARBITRATION_OPEN`               | chargeback            | `open_pre_arbitration` (no debit; deadline)      |       |
 * | `PREARBITRATION_ACCEPTED`           | chargeback            | `open_pre_arbitration`, `accept`                 |       |
 * | `PREARBITRATION_DECLINED`           | chargeback            | `open_pre_arbitration`, `submit_evidence`        |       |
 * | `PREARBITRATION_ISSUER_WITHDRAWN`   | chargeback            | `record_issuer_decision` accepted                | won   |
 * | `PREARBITRATION_WON`                | chargeback            | `record_issuer_decision` accepted                | won   |
 * | `PREARBITRATION_LOST`               | chargeback            | `record_issuer_decision` rejected                | lost  |
 * | `SCHEME_ARBITRATION`                | chargeback            | `escalate_to_arbitration` (no debit; deadline)   |       |
 * | `SCHEME_ARBITRATION_WON`            | chargeback            | `record_ruling` won                              | won   |
 * | `SCHEME_ARBITRATION_LOST`           | chargeback            | `record_ruling` lost                             | lost  |
 *
 * Readings of ours, where the reference leaves room:
 * - A stage's opening notices (`NOTIFICATION_OF_CHARGEBACK`, `CHARGEBACK`) are `escalate_inquiry`:
 *   it moves an RFI's inquiry into the chargeback stage, and for a dispute already there it only
 *   takes the debit once, and never after the reversal the debit preceded. Their deadline rides
 *   on the command that opens the stage, so a late notice never overwrites a later stage's one.
 * - `CHARGEBACK_REVERSED` is a provisional win, not final (reference §5, §6 footnote).
 *   `ISSUER_RESPONSE_TIMEFRAME_EXPIRED` is the end of the issuer's window after the defense: the
 *   provisional win stands, so it is final.
 * - `PREARBITRATION_ACCEPTED` / `_DECLINED` (which party decided is unconfirmed) are read as the
 *   merchant side accepting (a loss) or declining (a response: under review, §6) the issuer's
 *   pre-arbitration; `open_pre_arbitration` first puts a dispute whose pre-arbitration notice was
 *   missed into that stage. No final word: the reading is unconfirmed.
 * - `PREARBITRATION_WON` / `_LOST` concern the merchant's own pre-arbitration case (reference §5).
 * - A `disputeStatus` of `Lost`, `Accepted` or `Expired` (reference §6 "lost") makes a notice of
 *   the chargeback stage or later that is not final yet a loss, with that reason. The event code
 *   decides for notices already final; an RFI is never made a loss this way.
 */
export function adyenEventMeaning(
  eventCode: AdyenDisputeEventCode,
  facts: AdyenDisputeFacts,
): AdyenEventMeaning {
  const meaning = eventMeaning(eventCode, facts);
  const loss = lossCommandOf(facts.disputeStatus);
  if (meaning.final !== undefined || meaning.startsAs !== 'chargeback' || loss === undefined) {
    return meaning;
  }
  return { ...meaning, commands: [loss], final: 'lost' };
}

function eventMeaning(
  eventCode: AdyenDisputeEventCode,
  facts: AdyenDisputeFacts,
): AdyenEventMeaning {
  const deadline = facts.deadline === undefined ? {} : { deadline: facts.deadline };
  const reasonCode = facts.reasonCode === undefined ? {} : { reasonCode: facts.reasonCode };
  switch (eventCode) {
    case 'NOTIFICATION_OF_FRAUD':
    case 'ISSUER_COMMENTS':
      return informational();
    case 'REQUEST_FOR_INFORMATION':
      return { startsAs: 'inquiry', withdrawsFunds: false, commands: [] };
    case 'NOTIFICATION_OF_CHARGEBACK':
      return chargeback([
        { type: 'escalate_inquiry', withdrawsFunds: false, ...reasonCode, ...deadline },
      ]);
    case 'CHARGEBACK':
      return chargeback(
        [{ type: 'escalate_inquiry', withdrawsFunds: true, ...reasonCode, ...deadline }],
        true,
      );
    case 'INFORMATION_SUPPLIED':
      return chargeback([{ type: 'submit_evidence' }]);
    case 'DISPUTE_DEFENSE_PERIOD_ENDED':
      return chargeback([lossCommandOf(facts.disputeStatus) ?? { type: 'expire' }], false, 'lost');
    case 'ISSUER_RESPONSE_TIMEFRAME_EXPIRED':
      return chargeback([{ type: 'resolve_provisional' }], false, 'won');
    case 'CHARGEBACK_REVERSED':
      return chargeback([{ type: 'record_issuer_decision', decision: 'accepted_provisionally' }]);
    case 'SECOND_CHARGEBACK':
      return chargeback(
        [{ type: 'open_pre_arbitration', withdrawsFunds: true, ...deadline }],
        true,
      );
    case 'PREARBITRATION_OPEN':
      return chargeback([{ type: 'open_pre_arbitration', withdrawsFunds: false, ...deadline }]);
    case 'PREARBITRATION_ACCEPTED':
      return chargeback([OPEN_PRE_ARBITRATION, { type: 'accept' }]);
    case 'PREARBITRATION_DECLINED':
      return chargeback([
        OPEN_PRE_ARBITRATION,
        { type: 'submit_evidence', stage: 'pre_arbitration' },
      ]);
    case 'PREARBITRATION_ISSUER_WITHDRAWN':
    case 'PREARBITRATION_WON':
      return chargeback([{ type: 'record_issuer_decision', decision: 'accepted' }], false, 'won');
    case 'PREARBITRATION_LOST':
      return chargeback([{ type: 'record_issuer_decision', decision: 'rejected' }], false, 'lost');
    case 'SCHEME_ARBITRATION':
      return chargeback([{ type: 'escalate_to_arbitration', withdrawsFunds: false, ...deadline }]);
    case 'SCHEME_ARBITRATION_WON':
      return chargeback([{ type: 'record_ruling', outcome: 'won' }], false, 'won');
    case 'SCHEME_ARBITRATION_LOST':
      return chargeback([{ type: 'record_ruling', outcome: 'lost' }], false, 'lost');
  }
}

// Puts a dispute into the issuer's pre-arbitration before a notice about the response to it; it
// carries no deadline, since the notice's own deadline may belong to a later step.
const OPEN_PRE_ARBITRATION: ProviderCommand = {
  type: 'open_pre_arbitration',
  withdrawsFunds: false,
};

function informational(): AdyenEventMeaning {
  return { startsAs: null, withdrawsFunds: false, commands: [] };
}

function chargeback(
  commands: readonly ProviderCommand[],
  withdrawsFunds = false,
  final?: FinalStatus,
): AdyenEventMeaning {
  return {
    startsAs: 'chargeback',
    withdrawsFunds,
    commands,
    ...(final === undefined ? {} : { final }),
  };
}

// The loss a `disputeStatus` reports (reference §6: Lost, Accepted, Expired), as the command
// whose loss reason it is: ruled, accepted, expired.
function lossCommandOf(disputeStatus: string | undefined): ProviderCommand | undefined {
  switch (disputeStatus) {
    case 'Lost':
      return { type: 'record_issuer_decision', decision: 'rejected' };
    case 'Accepted':
      return { type: 'accept' };
    case 'Expired':
      return { type: 'expire' };
    default:
      return undefined;
  }
}
