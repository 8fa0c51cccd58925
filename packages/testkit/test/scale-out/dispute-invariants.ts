import { unwrapOrThrow } from '@strongroom/kernel';
import { expect } from 'vitest';
import { isShortDeadline, planned, type ScaleOutRun } from './scale-out-run.js';

/**
 * Disputes: each opened; those due during the run ended `lost`, accepted exactly when the
 * merchant's acceptance won the race against every process's sweep, and expired otherwise, with
 * one terminal event; those due later are still open.
 */
export async function expectDisputeInvariants(run: ScaleOutRun): Promise<void> {
  const disputes = run.strongroom.disputes;
  if (disputes === undefined) throw new Error('the facade has disputes');
  const reported = new Map(
    run.reports.flatMap((report) => report.disputes).map((item) => [item.disputeId, item]),
  );
  for (const dispute of planned(run, 'dispute')) {
    const report = reported.get(dispute.disputeId);
    expect(report?.open, dispute.disputeId).toBe('opened');
    const stored = unwrapOrThrow(await disputes.get(run.tenantId, dispute.disputeId));
    const timeline = unwrapOrThrow(await disputes.timeline(run.tenantId, dispute.disputeId));
    const types = timeline.map((entry) => entry.type);
    if (!isShortDeadline(dispute)) {
      expect(stored?.status, dispute.disputeId).toBe('chargeback_needs_response');
      continue;
    }
    const accepted = report?.accept === 'accepted';
    if (report?.accept !== null && !accepted)
      expect(report?.accept, dispute.disputeId).toBe('dispute.transition_not_allowed');
    expect({ status: stored?.status, lostReason: stored?.lostReason }, dispute.disputeId).toEqual({
      status: 'lost',
      lostReason: accepted ? 'accepted' : 'expired',
    });
    expect(
      types.filter((type) => type === 'dispute.expired'),
      dispute.disputeId,
    ).toHaveLength(accepted ? 0 : 1);
    expect(
      types.filter((type) => type === 'dispute.accepted'),
      dispute.disputeId,
    ).toHaveLength(accepted ? 1 : 0);
  }
}
