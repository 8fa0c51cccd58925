import type { DisputeCommand } from './dispute-command.js';
import type { DisputeStatus, LostReason, OpenDisputeStatus } from './dispute-status.js';

/**
 * A command that moves a dispute, with its variant where the target depends on it
 * (`record_issuer_decision.rejected`): the key the transition list is written in.
 */
export type DisputeTransitionKey =
  | 'open_inquiry'
  | 'open_chargeback'
  | 'record_prevention'
  | 'submit_evidence'
  | 'escalate_inquiry'
  | 'close_inquiry'
  | 'accept'
  | 'expire'
  | 'file_pre_arbitration'
  | 'record_issuer_decision.accepted'
  | 'record_issuer_decision.accepted_provisionally'
  | 'record_issuer_decision.rejected'
  | 'open_pre_arbitration'
  | 'escalate_to_arbitration'
  | 'record_ruling.won'
  | 'record_ruling.lost'
  | 'resolve_provisional';

// The command type a key names: the part before its variant (`record_ruling.won` → `record_ruling`).
type CommandTypeOfKey<Key extends string> = Key extends `${infer Type}.${string}` ? Type : Key;

/** The commands that move a dispute (the others stage evidence, move money or set deadlines). */
export type DisputeTransitionCommand = Extract<
  DisputeCommand,
  { readonly type: CommandTypeOfKey<DisputeTransitionKey> }
>;

/** One allowed move: from a state (`none` before the dispute exists) to a state. */
export interface DisputeTransition {
  readonly key: DisputeTransitionKey;
  readonly from: OpenDisputeStatus | 'none';
  readonly to: DisputeStatus;
  /** Set exactly when `to` is `lost`. */
  readonly lostReason?: LostReason;
}

/**
 * Every allowed transition, as reference/disputes.md §6 "Allowed transitions" lists them; any
 * other pair is refused. Two readings of that list are ours: an issuer's rejection and an
 * arbitration ruling lose with reason `ruled`; "issuer withdrew / did not escalate" after a
 * pre-arbitration response is recorded as the issuer accepting it.
 */
export const DISPUTE_TRANSITIONS: readonly DisputeTransition[] = Object.freeze([
  { key: 'open_inquiry', from: 'none', to: 'inquiry_needs_response' },
  { key: 'open_chargeback', from: 'none', to: 'chargeback_needs_response' },
  { key: 'record_prevention', from: 'none', to: 'prevented' },

  { key: 'submit_evidence', from: 'inquiry_needs_response', to: 'inquiry_under_review' },
  { key: 'escalate_inquiry', from: 'inquiry_needs_response', to: 'chargeback_needs_response' },
  { key: 'close_inquiry', from: 'inquiry_needs_response', to: 'inquiry_closed' },

  { key: 'escalate_inquiry', from: 'inquiry_under_review', to: 'chargeback_needs_response' },
  { key: 'close_inquiry', from: 'inquiry_under_review', to: 'inquiry_closed' },

  { key: 'submit_evidence', from: 'chargeback_needs_response', to: 'chargeback_under_review' },
  { key: 'accept', from: 'chargeback_needs_response', to: 'lost', lostReason: 'accepted' },
  { key: 'expire', from: 'chargeback_needs_response', to: 'lost', lostReason: 'expired' },
  {
    key: 'file_pre_arbitration',
    from: 'chargeback_needs_response',
    to: 'prearb_filed_by_merchant',
  },

  {
    key: 'record_issuer_decision.accepted_provisionally',
    from: 'chargeback_under_review',
    to: 'chargeback_reversed_provisional',
  },
  { key: 'record_issuer_decision.accepted', from: 'chargeback_under_review', to: 'won' },
  {
    key: 'record_issuer_decision.rejected',
    from: 'chargeback_under_review',
    to: 'lost',
    lostReason: 'ruled',
  },

  {
    key: 'open_pre_arbitration',
    from: 'chargeback_reversed_provisional',
    to: 'prearb_needs_response',
  },
  {
    key: 'escalate_to_arbitration',
    from: 'chargeback_reversed_provisional',
    to: 'arbitration_pending',
  },
  { key: 'resolve_provisional', from: 'chargeback_reversed_provisional', to: 'won' },

  { key: 'submit_evidence', from: 'prearb_needs_response', to: 'prearb_under_review' },
  { key: 'accept', from: 'prearb_needs_response', to: 'lost', lostReason: 'accepted' },
  { key: 'expire', from: 'prearb_needs_response', to: 'lost', lostReason: 'expired' },

  { key: 'record_issuer_decision.accepted', from: 'prearb_filed_by_merchant', to: 'won' },
  {
    key: 'escalate_to_arbitration',
    from: 'prearb_filed_by_merchant',
    to: 'arbitration_pending',
  },
  { key: 'accept', from: 'prearb_filed_by_merchant', to: 'lost', lostReason: 'accepted' },
  { key: 'expire', from: 'prearb_filed_by_merchant', to: 'lost', lostReason: 'expired' },

  { key: 'record_issuer_decision.accepted', from: 'prearb_under_review', to: 'won' },
  { key: 'escalate_to_arbitration', from: 'prearb_under_review', to: 'arbitration_pending' },

  { key: 'record_ruling.won', from: 'arbitration_pending', to: 'won' },
  { key: 'record_ruling.lost', from: 'arbitration_pending', to: 'lost', lostReason: 'ruled' },
] satisfies DisputeTransition[]);

/** The transition key of a command that moves a dispute. */
export function transitionKeyOf(command: DisputeTransitionCommand): DisputeTransitionKey {
  switch (command.type) {
    case 'record_issuer_decision':
      return `record_issuer_decision.${command.decision}`;
    case 'record_ruling':
      return `record_ruling.${command.outcome}`;
    default:
      return command.type;
  }
}

/** The allowed transition for a command from a state, if there is one. */
export function findDisputeTransition(
  key: DisputeTransitionKey,
  from: DisputeStatus | 'none',
): DisputeTransition | undefined {
  return DISPUTE_TRANSITIONS.find(
    (transition) => transition.key === key && transition.from === from,
  );
}
