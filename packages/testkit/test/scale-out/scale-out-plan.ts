import { type TenantId, typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import type { AccountInput, LedgerEvent } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';
import fc from 'fast-check';
import type { PlannedOperation, SharedAccounts } from './scale-out-config.js';

/** The currencies the workload moves money in; each must balance on its own. */
export const SCALE_OUT_CURRENCIES = ['USD', 'EUR'] as const;

/** The shortest offset of a deadline that only reminds during the run: due a minute and 1.5-3 s out. */
export const LONG_DEADLINE_OFFSET_MIN_MS = 61_500;

// Wallets of each currency: one kind of limit each, funded so that the workload breaks every limit
// now and then (exceeds_credits, exceeds_floor, exceeds_ceiling) while most transfers pass.
const WALLET_KINDS: readonly {
  readonly name: string;
  readonly count: number;
  readonly fundingMinor: bigint;
  readonly input: Partial<AccountInput>;
}[] = [
  {
    name: 'Guarded',
    count: 3,
    fundingMinor: 6_000n,
    input: { flags: { debitsMustNotExceedCredits: true } },
  },
  { name: 'Overdraft', count: 2, fundingMinor: 1_000n, input: { limits: { floorMinor: -2_000n } } },
  { name: 'Capped', count: 2, fundingMinor: 10_000n, input: { limits: { ceilingMinor: 15_000n } } },
];

/** The shared books, planned before the facades that need their house accounts are built. */
export interface PlannedBooks {
  readonly accounts: SharedAccounts;
  readonly fundingIds: readonly string[];
  /** Every account, for the invariants. */
  readonly accountIds: readonly string[];
  readonly inputs: readonly AccountInput[];
  readonly funding: readonly LedgerEvent[];
}

function account(name: string, currency: string, input: Partial<AccountInput> = {}): AccountInput {
  return { id: typeIdGenerator.next('acc'), currency, code: 1, name, type: 'liability', ...input };
}

/**
 * The shared books: per currency a bank and wallets with limits, funded from the bank; the USD
 * settlement account, the dispute house accounts and one merchant account per process.
 */
export function planBooks(processes: number): PlannedBooks {
  const inputs: AccountInput[] = [];
  const wallets: Record<string, string[]> = {};
  const banks: Record<string, string> = {};
  const funding: LedgerEvent[] = [];
  const fundingIds: string[] = [];
  for (const currency of SCALE_OUT_CURRENCIES) {
    const bank = account(`Bank ${currency}`, currency, { type: 'asset' });
    inputs.push(bank);
    banks[currency] = bank.id;
    const pool: string[] = [];
    wallets[currency] = pool;
    for (const kind of WALLET_KINDS) {
      for (let index = 0; index < kind.count; index += 1) {
        const wallet = account(`${kind.name} ${currency} ${index}`, currency, kind.input);
        inputs.push(wallet);
        pool.push(wallet.id);
        const id = typeIdGenerator.next('trf');
        fundingIds.push(id);
        funding.push({
          kind: 'transfer',
          transfer: {
            id,
            debitAccountId: bank.id,
            creditAccountId: wallet.id,
            amountMinor: kind.fundingMinor,
            currency,
            code: 1,
          },
        });
      }
    }
  }
  const settlement = account('Acquirer settlement', 'USD', { type: 'asset' });
  const reserve = account('Dispute reserve', 'USD');
  const fees = account('Dispute fees', 'USD', { type: 'revenue' });
  const losses = account('Chargebacks payable', 'USD');
  const merchants = Array.from({ length: processes }, (_, index) =>
    account(`Merchant ${index}`, 'USD'),
  );
  inputs.push(settlement, reserve, fees, losses, ...merchants);
  return {
    accounts: {
      wallets,
      banks,
      settlement: settlement.id,
      reserve: reserve.id,
      fees: fees.id,
      losses: losses.id,
      merchants: merchants.map((merchant) => merchant.id),
    },
    fundingIds,
    accountIds: inputs.map((input) => input.id),
    inputs,
    funding,
  };
}

/** Opens and funds the planned books through one SDK instance. */
export async function openBooks(
  strongroom: Strongroom,
  tenantId: TenantId,
  books: PlannedBooks,
): Promise<void> {
  const opened = unwrapOrThrow(await strongroom.ledger.createAccounts(tenantId, books.inputs));
  if (opened.some((result) => result.status !== 'created')) throw new Error('accounts not opened');
  const funded = unwrapOrThrow(await strongroom.ledger.createTransfers(tenantId, books.funding));
  if (funded.some((result) => result.status !== 'created')) throw new Error('wallets not funded');
}

const shape = fc.record({
  roll: fc.integer({ min: 0, max: 99 }),
  from: fc.nat({ max: 1_000_000 }),
  to: fc.nat({ max: 1_000_000 }),
  usd: fc.boolean(),
  amountMinor: fc.integer({ min: 1, max: 4_000 }),
  timeoutMs: fc.integer({ min: 300, max: 1_200 }),
  resolution: fc.integer({ min: 0, max: 2 }),
  spreadMs: fc.nat({ max: 100_000 }),
  deadlineOffsetMs: fc.integer({ min: 800, max: 2_500 }),
  longDeadline: fc.integer({ min: 0, max: 3 }).map((roll) => roll === 0),
  accept: fc.integer({ min: 0, max: 2 }).map((roll) => roll === 0),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function operationOf(
  item: Shape,
  wallets: SharedAccounts['wallets'],
  pans: number,
): PlannedOperation {
  const currency = item.usd ? 'USD' : 'EUR';
  const pool = wallets[currency] ?? [];
  const from = item.from % pool.length;
  const to = (from + 1 + (item.to % (pool.length - 1))) % pool.length;
  const money = {
    id: typeIdGenerator.next('trf'),
    debitAccountId: pool[from] ?? '',
    creditAccountId: pool[to] ?? '',
    amountMinor: String(item.amountMinor),
    currency,
  };
  if (item.roll < 40) return { kind: 'transfer', ...money };
  if (item.roll < 65) {
    const kinds = ['post', 'void', 'none'] as const;
    const kind = kinds[item.resolution] ?? 'none';
    return {
      kind: 'pending',
      ...money,
      timeoutMs: item.timeoutMs,
      // From at once to a little after the timeout, so some resolutions race the expiry.
      resolution:
        kind === 'none'
          ? { kind }
          : {
              kind,
              id: typeIdGenerator.next('trf'),
              afterMs: item.spreadMs % (item.timeoutMs + 400),
            },
    };
  }
  if (item.roll < 80) return { kind: 'tokenize', panIndex: item.from % pans };
  const deadlineOffsetMs = item.longDeadline
    ? LONG_DEADLINE_OFFSET_MIN_MS + (item.spreadMs % 1_500)
    : item.deadlineOffsetMs;
  return {
    kind: 'dispute',
    paymentId: typeIdGenerator.next('trf'),
    disputeId: typeIdGenerator.next('dsp'),
    amountMinor: String(200 + (item.amountMinor % 2_800)),
    deadlineOffsetMs,
    // Accepted around the deadline (300 ms either side), so acceptance races the sweeps.
    acceptAfterMs:
      item.accept && !item.longDeadline
        ? Math.max(0, deadlineOffsetMs - 300 + (item.spreadMs % 600))
        : null,
  };
}

/** A seeded random workload of `count` operations for one process over the shared books. */
export function planWorkload(
  seed: number,
  count: number,
  wallets: SharedAccounts['wallets'],
  pans: number,
): PlannedOperation[] {
  const [sample] = fc.sample(fc.noBias(fc.array(shape, { minLength: count, maxLength: count })), {
    seed,
    numRuns: 1,
  });
  if (sample === undefined) throw new Error('one sample');
  return sample.map((item) => operationOf(item, wallets, pans));
}
