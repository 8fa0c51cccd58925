import type {
  DisputeAutoBatchOptions,
  OpenChargebackCommand,
  ResponseDeadline,
} from '@strongroom/disputes';
import { type Id, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
// The helpers the dispute conformance suite wires its engine with, imported from source:
// testkit's index also pulls in vitest.
import { chargeback } from '../../packages/testkit/src/disputes/dispute-commands.js';
import {
  createSuiteDisputes,
  SUITE_PAYMENT_MINOR,
  type SuiteDisputes,
} from '../../packages/testkit/src/disputes/suite-disputes.js';
import { transferEvent } from '../../packages/testkit/src/ledger/ledger-fixtures.js';
import { BENCH_BATCH_TRANSFERS } from '../ledger-setup.js';

/** Most payments or disputes one top-up makes: bounds a set-up step whatever the estimate. */
const TOP_UP_MAX = 200_000;

/**
 * A dispute engine as a host wires it (the conformance suite's: the real ledger and audit log on
 * the storage, USD house accounts, a 15.00 fee refunded on a win, one merchant), with the payments
 * nobody has disputed yet and the chargebacks opened so far that nothing has moved on.
 */
export interface BenchDisputes {
  readonly suite: SuiteDisputes;
  /** Captured payments into the merchant's balance, each to be disputed once. */
  readonly payments: Id<'trf'>[];
  /** Chargebacks in `chargeback_needs_response` that no benchmark command has touched. */
  readonly open: Id<'dsp'>[];
}

/**
 * Builds the engine for `tenantId` on `storage`, with house accounts of its own; its clock is the
 * suite's fake clock. Concurrent commands share transactions (group commit) unless `autoBatch` is
 * false.
 */
export async function createBenchDisputes(
  storage: Storage,
  tenantId: TenantId,
  options: { readonly autoBatch?: DisputeAutoBatchOptions | false } = {},
): Promise<BenchDisputes> {
  return { suite: await createSuiteDisputes(storage, tenantId, options), payments: [], open: [] };
}

/**
 * Captures payments until `count` are waiting, through the ledger's batch API (one commit per
 * {@link BENCH_BATCH_TRANSFERS}), so that each chargeback of the run contests its own payment.
 */
export async function topUpPayments(bench: BenchDisputes, count: number): Promise<void> {
  const missing = Math.min(TOP_UP_MAX, count - bench.payments.length);
  const { suite } = bench;
  for (let made = 0; made < missing; made += BENCH_BATCH_TRANSFERS) {
    const events = Array.from({ length: Math.min(BENCH_BATCH_TRANSFERS, missing - made) }, () =>
      transferEvent({
        debitAccountId: suite.accounts.settlement,
        creditAccountId: suite.accounts.merchant,
        amountMinor: SUITE_PAYMENT_MINOR,
      }),
    );
    const results = unwrapOrThrow(await suite.ledger.createTransfers(suite.tenantId, events));
    for (const [index, result] of results.entries()) {
      const event = events[index];
      if (result.status !== 'created' || event?.kind !== 'transfer')
        throw new Error(`a bench payment was not created: ${result.status}`);
      bench.payments.push(event.transfer.id as Id<'trf'>);
    }
  }
}

/**
 * A Visa 13.1 chargeback of a whole waiting payment that withdraws the funds, so its command posts
 * the withdrawal journal entry in its own transaction; with `deadline`, the provider's response
 * deadline instead of the network's default.
 */
function nextChargeback(bench: BenchDisputes, deadline?: ResponseDeadline): OpenChargebackCommand {
  const transferId = bench.payments.pop();
  if (transferId === undefined)
    throw new Error('the bench ran out of payments to dispute: top up with a larger margin');
  return chargeback(bench.suite, {
    transferId,
    withdrawsFunds: true,
    ...(deadline === undefined ? {} : { deadline }),
  });
}

/** Opens one chargeback through the engine and returns its id; throws unless it opened. */
export async function openChargeback(
  bench: BenchDisputes,
  deadline?: ResponseDeadline,
): Promise<Id<'dsp'>> {
  const { suite } = bench;
  const command = nextChargeback(bench, deadline);
  const outcome = unwrapOrThrow(await suite.disputes.execute(suite.tenantId, command));
  if (outcome.dispute?.status !== 'chargeback_needs_response')
    throw new Error(`a bench chargeback opened as ${outcome.dispute?.status}`);
  return command.disputeId;
}

/**
 * Opens chargebacks with `concurrency` workers until `count` wait in {@link BenchDisputes.open}
 * (set-up, not measured), capturing the payments they need first.
 */
export async function topUpOpenDisputes(
  bench: BenchDisputes,
  count: number,
  concurrency: number,
  deadline?: ResponseDeadline,
): Promise<void> {
  const missing = Math.min(TOP_UP_MAX, count - bench.open.length);
  if (missing <= 0) return;
  await topUpPayments(bench, bench.payments.length + missing);
  await runCount(missing, concurrency, async () => {
    bench.open.push(await openChargeback(bench, deadline));
  });
}

/** Runs `count` operations on `concurrency` workers, each operation numbered once. */
async function runCount(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await operation(index);
    }),
  );
}
