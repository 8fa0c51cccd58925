import { DISPUTE_TRANSFER_CODES } from '@strongroom/disputes';
import { unwrapOrThrow } from '@strongroom/kernel';
import type { Account, StatementLine } from '@strongroom/ledger';
import { expect } from 'vitest';
import {
  LIMIT_STATUSES,
  limitViolations,
  unbalancedCurrencies,
} from '../../src/ledger/money-invariants.js';
import type { PlannedPending } from './scale-out-config.js';
import { allPages } from './scale-out-reads.js';
import {
  isRecorded,
  isShortDeadline,
  outcomes,
  planned,
  RECORDED,
  type ScaleOutRun,
} from './scale-out-run.js';

async function statement(run: ScaleOutRun, accountId: string): Promise<StatementLine[]> {
  return allPages((after) =>
    run.strongroom.ledger.statement(run.tenantId, accountId, {
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    }),
  );
}

/**
 * Every account within its limits and without a hold left, now and after each statement line; each
 * statement gap-free, ending at the account's balances, with no transfer applied twice to it (one
 * line per transfer id and kind). Answers the statement lines per transfer id over all accounts.
 */
async function expectAccountsClean(
  run: ScaleOutRun,
  accounts: readonly Account[],
): Promise<Map<string, number>> {
  const linesPerMovement = new Map<string, number>();
  for (const account of accounts) {
    expect(limitViolations(account, account.balances), account.name).toEqual([]);
    expect([account.balances.debitsPending, account.balances.creditsPending], account.name).toEqual(
      [0n, 0n],
    );
    const lines = await statement(run, account.id);
    expect(
      lines.map((line) => line.entry.sequence),
      account.name,
    ).toEqual(Array.from({ length: account.entryCount }, (_, index) => index + 1));
    const seen = new Set<string>();
    for (const { entry } of lines) {
      expect(
        limitViolations(account, entry.balancesAfter),
        `${account.name} #${entry.sequence}`,
      ).toEqual([]);
      const key = `${entry.transferId}/${entry.kind}`;
      expect(seen.has(key), `${account.name}: ${key} applied twice`).toBe(false);
      seen.add(key);
      linesPerMovement.set(entry.transferId, (linesPerMovement.get(entry.transferId) ?? 0) + 1);
    }
    expect(lines.at(-1)?.entry.balancesAfter ?? account.balances, account.name).toEqual(
      account.balances,
    );
  }
  return linesPerMovement;
}

/**
 * Money: every currency balances (posted and pending), every account is clean (see
 * `expectAccountsClean`), and each transfer, hold, resolution, expiry and dispute posting moved
 * each of its accounts exactly once. The ledger holds exactly the transfers the processes were
 * told were recorded, with the amounts they sent, and the dispute postings of planned disputes.
 */
export async function expectLedgerInvariants(run: ScaleOutRun): Promise<void> {
  const { ledger } = run.strongroom;
  const statuses = outcomes(run);
  // The workload reached the limits: some of its transfers were refused by them, under concurrency.
  const limits: ReadonlySet<string> = new Set(LIMIT_STATUSES);
  expect([...statuses.values()].some((status) => limits.has(status))).toBe(true);
  const accounts = unwrapOrThrow(
    await ledger.lookupAccounts(run.tenantId, run.books.accountIds),
  ).map((account, index): Account => {
    if (account === null) throw new Error(`account ${run.books.accountIds[index]} is missing`);
    return account;
  });
  expect(unbalancedCurrencies(accounts)).toEqual([]);
  const linesPerMovement = await expectAccountsClean(run, accounts);

  const movements = await allPages((after) =>
    ledger.queryTransfers(run.tenantId, { limit: 1000, ...(after === undefined ? {} : { after }) }),
  );
  const expectedLines = new Map<string, number>();
  const recordedTransfers = new Set(run.books.fundingIds);
  for (const [id, status] of statuses) if (RECORDED.has(status)) recordedTransfers.add(id);
  for (const id of recordedTransfers) expectedLines.set(id, 2);
  const disputeIds = new Set(planned(run, 'dispute').map((dispute) => dispute.disputeId));
  const journalsPerDispute = new Map<string, number[]>();
  for (const movement of movements) {
    if (movement.kind === 'transfer') {
      expect(
        recordedTransfers.has(movement.transfer.id),
        `unreported ${movement.transfer.id}`,
      ).toBe(true);
      continue;
    }
    const { journal } = movement;
    const disputeId = String(journal.metadata['disputeId']);
    expect(disputeIds.has(disputeId), `journal ${journal.id} of no planned dispute`).toBe(true);
    journalsPerDispute.set(disputeId, [...(journalsPerDispute.get(disputeId) ?? []), journal.code]);
    expectedLines.set(journal.id, journal.postings.length);
  }
  expect(movements.filter((movement) => movement.kind === 'transfer')).toHaveLength(
    recordedTransfers.size,
  );

  const holds = planned(run, 'pending');
  const lookups = [
    ...planned(run, 'transfer').map((item) => ({ id: item.id, amountMinor: item.amountMinor })),
    ...holds.map((item) => ({ id: item.id, amountMinor: item.amountMinor })),
    ...planned(run, 'dispute').map((item) => ({
      id: item.paymentId,
      amountMinor: item.amountMinor,
    })),
  ];
  const found = new Map<string, { amountMinor: bigint; pendingStatus: string }>();
  for (let start = 0; start < lookups.length; start += 100) {
    const ids = lookups.slice(start, start + 100).map((item) => item.id);
    for (const [index, transfer] of unwrapOrThrow(
      await ledger.lookupTransfers(run.tenantId, ids),
    ).entries()) {
      if (transfer !== null) found.set(ids[index] ?? '', transfer);
    }
  }
  for (const item of lookups) {
    const stored = found.get(item.id);
    if (isRecorded(statuses, item.id))
      expect(stored?.amountMinor, item.id).toBe(BigInt(item.amountMinor));
    else expect(stored, `${item.id} stored although ${statuses.get(item.id)}`).toBeUndefined();
  }
  for (const hold of holds) expectHoldResolvedOnce(hold, statuses, found, expectedLines);

  for (const id of new Set([...expectedLines.keys(), ...linesPerMovement.keys()])) {
    expect(linesPerMovement.get(id) ?? 0, `statement lines of ${id}`).toBe(
      expectedLines.get(id) ?? 0,
    );
  }
  for (const dispute of planned(run, 'dispute')) {
    const codes = journalsPerDispute.get(dispute.disputeId) ?? [];
    const ended = isShortDeadline(dispute);
    expect(codes.sort(), dispute.disputeId).toEqual(
      ended
        ? [DISPUTE_TRANSFER_CODES.withdrawal, DISPUTE_TRANSFER_CODES.writeOff]
        : [DISPUTE_TRANSFER_CODES.withdrawal],
    );
  }
}

// A hold ends exactly one way: posted or voided by the child that got `created` for it, or else
// expired by a sweep, whose release adds one more line on each account.
function expectHoldResolvedOnce(
  hold: PlannedPending,
  statuses: ReadonlyMap<string, string>,
  found: ReadonlyMap<string, { pendingStatus: string }>,
  expectedLines: Map<string, number>,
): void {
  if (!isRecorded(statuses, hold.id)) return;
  const { resolution } = hold;
  const resolved = resolution.kind !== 'none' && isRecorded(statuses, resolution.id);
  const expected = resolved ? (resolution.kind === 'post' ? 'posted' : 'voided') : 'expired';
  expect(found.get(hold.id)?.pendingStatus, hold.id).toBe(expected);
  if (expected === 'expired') expectedLines.set(hold.id, 4);
  if (resolution.kind !== 'none' && !resolved) {
    // Too late: the child's post or void met the expiry, and burned no money.
    expect(statuses.get(resolution.id), resolution.id).toMatch(
      /^pending_transfer_(expired|not_pending)$/,
    );
  }
}
