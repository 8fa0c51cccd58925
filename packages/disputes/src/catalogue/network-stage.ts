/**
 * The stages of a dispute at the network that have a time limit, after the issuer's dispute
 * (chargeback) itself:
 * - `dispute_response`: the merchant's answer to the dispute (Visa dispute response,
 *   Mastercard second presentment). In Visa Allocation the answer is filed as pre-arbitration.
 * - `pre_arbitration`: filing a pre-arbitration case.
 * - `pre_arbitration_response`: answering a pre-arbitration case.
 * - `arbitration`: filing the case with the network.
 */
export type NetworkStage =
  | 'dispute_response'
  | 'pre_arbitration'
  | 'pre_arbitration_response'
  | 'arbitration';

/** Every {@link NetworkStage}, in the order they happen. */
export const NETWORK_STAGES: readonly NetworkStage[] = Object.freeze([
  'dispute_response',
  'pre_arbitration',
  'pre_arbitration_response',
  'arbitration',
]);

/** Who must act before a stage's time limit: the merchant (through its acquirer) or the issuer. */
export type StageActor = 'merchant' | 'issuer';

/**
 * The time limit of one stage, in calendar days from the day the stage started. `confirmed` is
 * false where the reference marks the figure unconfirmed, or gives none and a default is used.
 */
export interface StageWindow {
  readonly days: number;
  readonly actor: StageActor;
  /** When the window ends unanswered, the network accepts the case on the merchant's behalf. */
  readonly autoAccepted: boolean;
  readonly confirmed: boolean;
  /** True when a catalogue override supplied `days`. */
  readonly overridden: boolean;
}

/**
 * The stage windows of one reason code. `dispute_response` always exists; a later stage is
 * `null` when the code skips it (Mastercard 4808, 4870, 4871 go straight to arbitration).
 */
export interface StageWindows {
  readonly dispute_response: StageWindow;
  readonly pre_arbitration: StageWindow | null;
  readonly pre_arbitration_response: StageWindow | null;
  readonly arbitration: StageWindow | null;
}
