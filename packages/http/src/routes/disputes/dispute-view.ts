import type { Dispute } from '@strongroom/disputes';
import { toWire } from '../../wire/to-wire.js';

/**
 * The wire view of a dispute. Fields are picked, not spread: the stored summary also keeps the
 * provider notice ids it deduplicates with, which are no client's business.
 */
export function disputeView(dispute: Dispute) {
  // Plain strings: `Wire` would otherwise map the brand of a branded id as if it were an object.
  const ids: Readonly<Record<'disputeId' | 'transferId' | 'merchantAccountId', string>> = {
    disputeId: dispute.disputeId,
    transferId: dispute.transferId,
    merchantAccountId: dispute.merchantAccountId,
  };
  return toWire({
    ...ids,
    network: dispute.network,
    reasonCode: dispute.reasonCode,
    amount: dispute.amount,
    transactionDate: dispute.transactionDate,
    providerReference: dispute.providerReference,
    status: dispute.status,
    lostReason: dispute.lostReason,
    stage: dispute.stage,
    deadline: dispute.deadline,
    stagedEvidence: dispute.stagedEvidence,
    submissionCount: dispute.submissionCount,
    evidenceSubmittedInStage: dispute.evidenceSubmittedInStage,
    fundsWithdrawn: dispute.fundsWithdrawn,
    openedAt: dispute.openedAt,
    updatedAt: dispute.updatedAt,
  });
}
