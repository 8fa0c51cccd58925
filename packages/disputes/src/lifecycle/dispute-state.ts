import type { Id } from '@strongroom/kernel';
import type { EvidenceItem } from '../evidence/evidence-item.js';
import type {
  DisputeAmount,
  DisputeNetwork,
  ProviderReference,
  ResponseDeadline,
} from './dispute-data.js';
import type { DisputeStage, DisputeStatus, LostReason } from './dispute-status.js';

/** A dispute as its events leave it. */
export interface Dispute {
  readonly disputeId: Id<'dsp'>;
  readonly transferId: Id<'trf'>;
  readonly merchantAccountId: Id<'acc'>;
  readonly network: DisputeNetwork;
  readonly reasonCode: string;
  readonly amount: DisputeAmount;
  readonly transactionDate: string;
  readonly providerReference: ProviderReference | null;
  readonly status: DisputeStatus;
  /** Set exactly when `status` is `lost`. */
  readonly lostReason: LostReason | null;
  /** The stage reached; `won` and `lost` keep the stage they ended. */
  readonly stage: DisputeStage;
  readonly deadline: ResponseDeadline;
  /** Evidence staged for the current stage and not submitted yet, at most one item per field. */
  readonly stagedEvidence: readonly EvidenceItem[];
  /** How many times evidence was submitted (a pre-arbitration filing counts). */
  readonly submissionCount: number;
  /** Whether evidence was already submitted in the current stage: once per stage. */
  readonly evidenceSubmittedInStage: boolean;
  /** Whether the disputed amount is currently withdrawn from the merchant. */
  readonly fundsWithdrawn: boolean;
  /** Provider notification ids already applied, oldest first, bounded (see limits). */
  readonly appliedNotificationIds: readonly string[];
  readonly openedAt: string;
  readonly updatedAt: string;
}

/** A dispute stream's state: `null` before its first event. */
export type DisputeState = Dispute | null;

/** The state of a dispute stream with no events. */
export function initialDisputeState(): DisputeState {
  return null;
}
