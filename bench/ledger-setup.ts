import { createAuditLog } from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
import { type Storage, type TenantId, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import { createLedger, type Ledger, type LedgerEvent } from '@strongroom/ledger';
// The helper the tests count commits with, imported from source: testkit's index also pulls in
// vitest.
import {
  countingStorage,
  type TransactionCounts,
} from '../packages/testkit/src/storage/counting-storage.js';
import { BENCH_SIGNING } from './harness.js';

/** Wallets of the benchmark; the uniform pattern moves money between random distinct pairs. */
export const BENCH_WALLETS = 50;

/**
 * Transfers per batch-API call: as many as one transaction of the Postgres and memory adapters
 * holds (1000 writes; the ledger counts 11 storage items per transfer and keeps room for the audit
 * leaf), so that on those backends each call is one commit. DynamoDB splits the same call into
 * ~12 `TransactWriteItems`, which the notes show as transactions per call.
 */
export const BENCH_BATCH_TRANSFERS = 90;

// Each wallet starts with this much (minor units), far more than the run moves, so the
// `debitsMustNotExceedCredits` check runs on every transfer and never refuses one.
const FUNDING_MINOR = 10n ** 15n;
const CURRENCY = 'EUR';
const TRANSFER_CODE = 1;
const AMOUNT_MAX_MINOR = 100;

/** Which accounts the transfers move money between. */
export type AccountPattern = 'uniform' | 'hot';

/** Two ledgers over one counted storage, one without and one with auto-batching. */
export interface BenchLedgers {
  /** Auto-batching off: every `createTransfer` is its own commit. */
  readonly plain: Ledger;
  /** Auto-batching on with its defaults: concurrent `createTransfer` calls share commits. */
  readonly autoBatched: Ledger;
  readonly counts: TransactionCounts;
  readonly tenantId: TenantId;
  /** The funded wallets; the first is the shared account of the hot pattern. */
  readonly wallets: readonly string[];
}

/**
 * Builds both ledgers on `storage` (with a real audit log on it, so every commit writes its audit
 * leaves as a host's would), opens {@link BENCH_WALLETS} wallets that must never be overdrawn and
 * funds each from one bank account through the batch API.
 */
export async function createBenchLedgers(
  storage: Storage,
  tenantId: TenantId,
): Promise<BenchLedgers> {
  const counts: TransactionCounts = { transactions: 0, attempts: 0 };
  const counted = countingStorage(storage, counts);
  const audit = createAuditLog({
    storage: counted,
    signing: BENCH_SIGNING,
    hasher: nodeMerkleHasher,
  });
  const plain = createLedger({ storage: counted, audit });
  const autoBatched = createLedger({ storage: counted, audit, autoBatch: {} });
  const bank = typeIdGenerator.next('acc');
  const wallets = Array.from({ length: BENCH_WALLETS }, () => typeIdGenerator.next('acc'));
  const accounts = unwrapOrThrow(
    await plain.createAccounts(tenantId, [
      { id: bank, currency: CURRENCY, code: 1, name: 'Bench bank', type: 'asset' },
      ...wallets.map((id, index) => ({
        id,
        currency: CURRENCY,
        code: 2,
        name: `Bench wallet ${index}`,
        type: 'liability' as const,
        flags: { debitsMustNotExceedCredits: true },
      })),
    ]),
  );
  const refused = accounts.filter((result) => result.status !== 'created');
  if (refused.length > 0) throw new Error(`bench accounts refused: ${refused[0]?.status}`);
  const funding = unwrapOrThrow(
    await plain.createTransfers(
      tenantId,
      wallets.map((wallet) => transferEvent(bank, wallet, FUNDING_MINOR)),
    ),
  );
  const unfunded = funding.filter((result) => result.status !== 'created');
  if (unfunded.length > 0) throw new Error(`bench funding refused: ${unfunded[0]?.status}`);
  return { plain, autoBatched, counts, tenantId, wallets };
}

function transferEvent(
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
): LedgerEvent {
  return {
    kind: 'transfer',
    transfer: {
      id: typeIdGenerator.next('trf'),
      debitAccountId,
      creditAccountId,
      amountMinor,
      currency: CURRENCY,
      code: TRANSFER_CODE,
    },
  };
}

function randomIndex(length: number): number {
  return Math.floor(Math.random() * length);
}

/**
 * A new transfer of 1..100 minor units. `uniform`: between two distinct random wallets. `hot`:
 * between the first wallet (the shared account) and a random other one, in a random direction.
 */
export function benchTransfer(ledgers: BenchLedgers, pattern: AccountPattern): LedgerEvent {
  const { wallets } = ledgers;
  const first = randomIndex(wallets.length);
  // A second index distinct from the first: shift by 1..length-1.
  const second = (first + 1 + randomIndex(wallets.length - 1)) % wallets.length;
  const hot = 0;
  const other = 1 + randomIndex(wallets.length - 1);
  const [debit, credit] =
    pattern === 'uniform' ? [first, second] : Math.random() < 0.5 ? [hot, other] : [other, hot];
  const debitAccountId = wallets[debit];
  const creditAccountId = wallets[credit];
  if (debitAccountId === undefined || creditAccountId === undefined)
    throw new Error('a benchmark transfer picked a wallet out of range');
  return transferEvent(debitAccountId, creditAccountId, BigInt(1 + randomIndex(AMOUNT_MAX_MINOR)));
}
