/**
 * The states of a dispute, as the normalized state machine of reference/disputes.md §6 lists
 * them: stage × status flattened into one name, plus the three terminal outcomes.
 */
export const DISPUTE_STATUSES = Object.freeze([
  'inquiry_needs_response',
  'inquiry_under_review',
  'inquiry_closed',
  'chargeback_needs_response',
  'chargeback_under_review',
  'chargeback_reversed_provisional',
  'prearb_needs_response',
  'prearb_filed_by_merchant',
  'prearb_under_review',
  'arbitration_pending',
  'won',
  'lost',
  'prevented',
] as const);

/** One of {@link DISPUTE_STATUSES}. */
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/**
 * The states nothing moves out of. Adyen's provisional win (`chargeback_reversed_provisional`)
 * is deliberately not one: a second chargeback or a pre-arbitration may still follow it.
 */
export const TERMINAL_STATUSES = Object.freeze([
  'inquiry_closed',
  'won',
  'lost',
  'prevented',
] as const satisfies readonly DisputeStatus[]);

/** A state nothing moves out of. */
export type TerminalDisputeStatus = (typeof TERMINAL_STATUSES)[number];

/** A state a dispute can still leave. */
export type OpenDisputeStatus = Exclude<DisputeStatus, TerminalDisputeStatus>;

/** Why a dispute was lost: the merchant accepted it, let a deadline pass, or was ruled against. */
export type LostReason = 'accepted' | 'expired' | 'ruled';

/** Every {@link LostReason}. */
export const LOST_REASONS = Object.freeze(['accepted', 'expired', 'ruled'] as const);

/** The stages of a dispute in the order a dispute moves through them (prevented ones stop first). */
export const DISPUTE_STAGES = Object.freeze([
  'pre_dispute',
  'inquiry',
  'chargeback',
  'pre_arbitration',
  'arbitration',
] as const);

/** One of {@link DISPUTE_STAGES}. */
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

/** The states where the merchant is asked to respond and may stage and submit evidence. */
export const NEEDS_RESPONSE_STATUSES = Object.freeze([
  'inquiry_needs_response',
  'chargeback_needs_response',
  'prearb_needs_response',
] as const satisfies readonly DisputeStatus[]);

// Stage and progress of every open state. Progress orders the states inside one stage, so that a
// late provider notification aiming at an earlier state of the same stage is recognised as stale.
// `prearb_filed_by_merchant` ranks with `prearb_under_review`: in both the issuer has the next move.
const OPEN_STATUS_POSITIONS: Readonly<
  Record<OpenDisputeStatus, { readonly stage: DisputeStage; readonly step: number }>
> = Object.freeze({
  inquiry_needs_response: { stage: 'inquiry', step: 0 },
  inquiry_under_review: { stage: 'inquiry', step: 1 },
  chargeback_needs_response: { stage: 'chargeback', step: 0 },
  chargeback_under_review: { stage: 'chargeback', step: 1 },
  chargeback_reversed_provisional: { stage: 'chargeback', step: 2 },
  prearb_needs_response: { stage: 'pre_arbitration', step: 0 },
  prearb_filed_by_merchant: { stage: 'pre_arbitration', step: 1 },
  prearb_under_review: { stage: 'pre_arbitration', step: 1 },
  arbitration_pending: { stage: 'arbitration', step: 0 },
});

// Steps inside a stage stay below this, so stage order always dominates.
const STEPS_PER_STAGE = 10;

/** Whether nothing can move the dispute out of this state. */
export function isTerminalStatus(status: DisputeStatus): status is TerminalDisputeStatus {
  return (TERMINAL_STATUSES as readonly DisputeStatus[]).includes(status);
}

/** Whether the merchant is asked to respond in this state. */
export function isNeedsResponseStatus(status: DisputeStatus): boolean {
  return (NEEDS_RESPONSE_STATUSES as readonly DisputeStatus[]).includes(status);
}

/**
 * The stage a state belongs to; `undefined` for `won` and `lost`, which end whichever stage the
 * dispute had reached (the state keeps that stage).
 */
export function stageOfStatus(status: DisputeStatus): DisputeStage | undefined {
  if (status === 'won' || status === 'lost') return undefined;
  if (status === 'inquiry_closed') return 'inquiry';
  if (status === 'prevented') return 'pre_dispute';
  return OPEN_STATUS_POSITIONS[status].stage;
}

/** Position of a stage in {@link DISPUTE_STAGES}: a later stage has a larger number. */
export function stageOrder(stage: DisputeStage): number {
  return DISPUTE_STAGES.indexOf(stage);
}

/** Monotonic position of an open state: stage first, then progress inside the stage. */
export function statusProgress(status: OpenDisputeStatus): number {
  const position = OPEN_STATUS_POSITIONS[status];
  return stageOrder(position.stage) * STEPS_PER_STAGE + position.step;
}
