import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountInvariantViolations } from '../../src/engine/balance-arithmetic.js';
import type { ExpiryResult } from '../../src/engine/expire-pending-transfers.js';
import { journalEvent, type LedgerEvent, transferEvent } from '../../src/engine/ledger-event.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { Balances } from '../../src/model/balances.js';
import type { PostingSide } from '../../src/model/journal-entry.js';
import type { AccountInput, PostingInput, TransferInput } from '../../src/model/ledger-input.js';
import { TRANSIENT_TRANSFER_STATUSES } from '../../src/model/transfer-status.js';
import { accId, accountInput, LedgerHarness, NOW, transferInput, trfId } from './ledger-fixture.js';

// The accounts of every run; 99 is never created (lookups that fail).
const ACCOUNTS: readonly AccountInput[] = [
  accountInput(0, { type: 'asset', name: 'usd bank' }),
  accountInput(1, { flags: { debitsMustNotExceedCredits: true } }),
  accountInput(2, { limits: { floorMinor: -50n } }),
  accountInput(3, { limits: { ceilingMinor: 500n } }),
  accountInput(4, { type: 'revenue', flags: { creditsMustNotExceedDebits: false } }),
  accountInput(5, { type: 'asset', currency: 'EUR', name: 'eur bank' }),
  accountInput(6, { currency: 'EUR', flags: { debitsMustNotExceedCredits: true } }),
  accountInput(7, { currency: 'EUR', limits: { floorMinor: -20n, ceilingMinor: 300n } }),
  accountInput(8, { type: 'asset', flags: { creditsMustNotExceedDebits: true } }),
];
const POOLS = { USD: [0, 1, 2, 3, 4, 8], EUR: [5, 6, 7] } as const;
const chance = (percent: number) => fc.integer({ min: 0, max: 99 }).map((roll) => roll < percent);
// Creations and resolutions draw from separate id ranges that overlap a little, so that
// retries, duplicates and id clashes happen without drowning the successful paths.
const idNumber = fc.integer({ min: 1, max: 20 });
const resolutionIdNumber = fc.integer({ min: 18, max: 36 });
const amount = fc.oneof(
  { weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 250n }) },
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 1, arbitrary: fc.constant(10n ** 36n - 1n) },
);
const currency = fc.constantFrom<keyof typeof POOLS>('USD', 'USD', 'EUR');
// Mostly an account of the event's currency; now and then one of the other or an unknown one.
const accountOf = (code: keyof typeof POOLS) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...POOLS[code]) },
    { weight: 1, arbitrary: fc.constantFrom(...POOLS[code === 'USD' ? 'EUR' : 'USD']) },
    { weight: 1, arbitrary: fc.constant(99) },
  );

const plainTransfer = currency
  .chain((code) =>
    fc.record({
      code: fc.constant(code),
      id: idNumber,
      debit: accountOf(code),
      credit: accountOf(code),
      amountMinor: amount,
      pending: chance(50),
      timeoutMs: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
      balancingDebit: chance(10),
      balancingCredit: chance(10),
      closing: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'debit', 'credit'),
      linked: chance(15),
      wrongCurrency: chance(4),
    }),
  )
  .map((draft): LedgerEvent => {
    const pending = draft.pending || draft.closing !== 'none';
    const input: TransferInput = {
      id: trfId(draft.id),
      debitAccountId: accId(draft.debit),
      creditAccountId: accId(draft.credit),
      amountMinor: draft.amountMinor,
      currency: draft.wrongCurrency ? 'JPY' : draft.code,
      code: 1,
      flags: {
        pending,
        balancingDebit: draft.balancingDebit,
        balancingCredit: draft.balancingCredit,
        closingDebit: draft.closing === 'debit',
        closingCredit: draft.closing === 'credit',
        linked: draft.linked,
      },
      ...(pending && draft.timeoutMs !== undefined ? { timeoutMs: draft.timeoutMs } : {}),
    };
    return transferEvent(input);
  });

/** A post or void, bound to a real pending record when the batch runs (see `bindResolution`). */
interface ResolutionDraft {
  readonly kind: 'resolution';
  readonly id: number;
  readonly pick: number;
  readonly voiding: boolean;
  readonly percentOfAmount: number | undefined;
  readonly linked: boolean;
  readonly otherKind: boolean;
}

const resolution = fc.record({
  kind: fc.constant('resolution' as const),
  id: resolutionIdNumber,
  pick: fc.integer({ min: 0, max: 1000 }),
  voiding: chance(40),
  percentOfAmount: fc.option(fc.integer({ min: 0, max: 110 }), { nil: undefined }),
  linked: chance(15),
  otherKind: chance(5),
});

/**
 * Turns a draft into a post or void of one of the pending records in the state (any status, so
 * that already resolved and expired ones are hit too), or of an unknown id when there is none.
 */
function bindResolution(draft: ResolutionDraft, harness: LedgerHarness): LedgerEvent {
  const candidates = [
    ...[...harness.state.transfers.values()]
      .filter((transfer) => transfer.flags.pending)
      .map((transfer) => ({ id: transfer.id, journal: false, amountMinor: transfer.amountMinor })),
    ...[...harness.state.journals.values()]
      .filter((journal) => journal.flags.pending)
      .map((journal) => ({ id: journal.id, journal: true, amountMinor: 0n })),
  ];
  const target = candidates[draft.pick % Math.max(candidates.length, 1)] ?? {
    id: trfId((draft.pick % 20) + 1),
    journal: false,
    amountMinor: 0n,
  };
  const flags = { postPending: !draft.voiding, voidPending: draft.voiding, linked: draft.linked };
  const asJournal = target.journal !== draft.otherKind;
  if (asJournal) return journalEvent({ id: trfId(draft.id), pendingId: target.id, flags });
  return transferEvent({
    id: trfId(draft.id),
    pendingId: target.id,
    flags,
    ...(draft.percentOfAmount === undefined
      ? {}
      : { amountMinor: (target.amountMinor * BigInt(draft.percentOfAmount)) / 100n }),
  });
}

const journalEntry = fc
  .record({
    id: idNumber,
    currency,
    debits: fc.array(fc.bigInt({ min: 1n, max: 200n }), { minLength: 1, maxLength: 2 }),
    credits: fc.array(fc.bigInt({ min: 1n, max: 200n }), { minLength: 0, maxLength: 1 }),
    shuffle: fc.integer({ min: 0, max: 1000 }),
    pending: chance(40),
    timeoutMs: fc.option(fc.integer({ min: 1, max: 4000 }), { nil: undefined }),
    linked: chance(15),
    unbalanced: chance(5),
  })
  .map((draft): LedgerEvent => {
    const pool = POOLS[draft.currency].map(accId);
    const offset = draft.shuffle % pool.length;
    const rotated = [...pool.slice(offset), ...pool.slice(0, offset)];
    const total = draft.debits.reduce((sum, value) => sum + value, 0n);
    const rest = draft.credits.reduce((sum, value) => sum + value, 0n);
    const last = total - rest > 0n && !draft.unbalanced ? total - rest : 1n;
    const sides: [PostingSide, bigint][] = [
      ...draft.debits.map((value): [PostingSide, bigint] => ['debit', value]),
      ...draft.credits.map((value): [PostingSide, bigint] => ['credit', value]),
      ['credit', last],
    ];
    const postings: PostingInput[] = sides.map(([side, amountMinor], index) => ({
      accountId: rotated[index % rotated.length] ?? accId(99),
      side,
      amountMinor,
    }));
    return journalEvent({
      id: trfId(draft.id),
      postings,
      code: 1,
      flags: { pending: draft.pending, linked: draft.linked },
      ...(draft.pending && draft.timeoutMs !== undefined ? { timeoutMs: draft.timeoutMs } : {}),
    });
  });

type Step =
  | { readonly kind: 'batch'; readonly events: (LedgerEvent | ResolutionDraft)[] }
  | { readonly kind: 'retry'; readonly pick: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'sweep' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: plainTransfer },
          { weight: 3, arbitrary: resolution },
          { weight: 2, arbitrary: journalEntry },
        ),
        {
          minLength: 1,
          maxLength: 4,
        },
      )
      .map((events): Step => ({ kind: 'batch', events })),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 1, max: 3000 }).map((ms): Step => ({ kind: 'advance', ms })),
  },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'sweep' }) },
  // Resubmits an earlier batch exactly, as a client retrying after a lost reply would.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 1000 }).map((pick): Step => ({ kind: 'retry', pick })),
  },
);

interface HeldLeg {
  readonly accountId: string;
  readonly side: PostingSide;
  readonly amountMinor: bigint;
}

/** Balances rebuilt from the results alone, as TigerBeetle's auditor does. */
class ResultModel {
  readonly balances = new Map<string, Balances>();
  readonly holds = new Map<string, readonly HeldLeg[]>();
  readonly resolved = new Set<string>();
  readonly burned = new Set<string>();
  lastTimestamp = 0n;

  move(accountId: string, side: PostingSide, pendingDelta: bigint, postedDelta: bigint): void {
    const b = this.balances.get(accountId) ?? {
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 0n,
    };
    this.balances.set(
      accountId,
      side === 'debit'
        ? {
            ...b,
            debitsPending: b.debitsPending + pendingDelta,
            debitsPosted: b.debitsPosted + postedDelta,
          }
        : {
            ...b,
            creditsPending: b.creditsPending + pendingDelta,
            creditsPosted: b.creditsPosted + postedDelta,
          },
    );
  }

  release(pendingId: string, postedOf: (leg: HeldLeg) => bigint): void {
    expect(this.resolved.has(pendingId), `pending ${pendingId} resolves once`).toBe(false);
    const legs = this.holds.get(pendingId);
    expect(legs, `resolved pending ${pendingId} was created`).toBeDefined();
    for (const leg of legs ?? [])
      this.move(leg.accountId, leg.side, -leg.amountMinor, postedOf(leg));
    this.resolved.add(pendingId);
  }

  applyResult(result: TransferResult): void {
    if (TRANSIENT_TRANSFER_STATUSES.has(result.status)) this.burned.add(result.id);
    if (result.status !== 'created') {
      return;
    }
    expect(this.burned.has(result.id), 'a burned id never succeeds').toBe(false);
    expect(result.timestamp).toBeGreaterThan(this.lastTimestamp);
    this.lastTimestamp = result.timestamp;
    const transfer = result.transfer;
    const journal = result.journal;
    const record = transfer ?? journal;
    if (record === null) throw new Error('a created result carries its record');
    const legs: readonly HeldLeg[] =
      transfer !== null
        ? [
            {
              accountId: transfer.debitAccountId,
              side: 'debit',
              amountMinor: transfer.amountMinor,
            },
            {
              accountId: transfer.creditAccountId,
              side: 'credit',
              amountMinor: transfer.amountMinor,
            },
          ]
        : (journal?.postings ?? []);
    if (record.flags.postPending && record.pendingId !== null) {
      this.release(record.pendingId, (leg) =>
        transfer !== null ? transfer.amountMinor : leg.amountMinor,
      );
    } else if (record.flags.voidPending && record.pendingId !== null) {
      this.release(record.pendingId, () => 0n);
    } else if (record.flags.pending) {
      this.holds.set(record.id, legs);
      for (const leg of legs) this.move(leg.accountId, leg.side, leg.amountMinor, 0n);
    } else {
      for (const leg of legs) this.move(leg.accountId, leg.side, 0n, leg.amountMinor);
    }
  }

  applyExpiry(result: ExpiryResult): void {
    if (result.status === 'expired') this.release(result.id, () => 0n);
  }
}

function checkInvariants(harness: LedgerHarness, model: ResultModel): void {
  const pending = new Map<string, bigint>();
  const posted = new Map<string, bigint>();
  for (const account of harness.state.accounts.values()) {
    expect(accountInvariantViolations(account), account.id).toEqual([]);
    const b = account.balances;
    pending.set(
      account.currency,
      (pending.get(account.currency) ?? 0n) + b.debitsPending - b.creditsPending,
    );
    posted.set(
      account.currency,
      (posted.get(account.currency) ?? 0n) + b.debitsPosted - b.creditsPosted,
    );
    const expected = model.balances.get(account.id) ?? {
      debitsPending: 0n,
      debitsPosted: 0n,
      creditsPending: 0n,
      creditsPosted: 0n,
    };
    expect(b, `balances of ${account.id} equal the model`).toEqual(expected);
    // Closed exactly while one of its closing transfers is pending.
    const closedBy = [...harness.state.transfers.values()].filter(
      (transfer) =>
        transfer.pendingStatus === 'pending' &&
        ((transfer.flags.closingDebit && transfer.debitAccountId === account.id) ||
          (transfer.flags.closingCredit && transfer.creditAccountId === account.id)),
    );
    expect(account.status).toBe(closedBy.length > 0 ? 'closed' : 'open');
  }
  for (const net of [...pending.values(), ...posted.values()]) expect(net).toBe(0n);
}

function checkEntries(harness: LedgerHarness, sequences: Map<string, number>): void {
  const lastBalances = new Map<string, Balances>();
  for (const entry of harness.lastChanges?.entries ?? []) {
    const next = (sequences.get(entry.accountId) ?? 0) + 1;
    expect(entry.sequence).toBe(next);
    sequences.set(entry.accountId, next);
    lastBalances.set(entry.accountId, entry.balancesAfter);
  }
  for (const [accountId, balances] of lastBalances) {
    expect(harness.state.account(accountId)?.balances).toEqual(balances);
    expect(harness.state.account(accountId)?.entryCount).toBe(sequences.get(accountId));
  }
}

describe('ledger invariants under random event sequences', () => {
  it('hold after every step: conservation, limits, resolve-once, model equality, statements', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const harness = new LedgerHarness();
        harness.createAccounts(...ACCOUNTS);
        const model = new ResultModel();
        const sequences = new Map<string, number>();
        // Funding, so that limited accounts have something to spend.
        const funding = harness.transfers(
          transferInput(101, 0, 1, 600n),
          transferInput(102, 0, 2, 300n),
          transferInput(103, 5, 6, 400n, { currency: 'EUR' }),
          transferInput(104, 5, 7, 100n, { currency: 'EUR' }),
        );
        for (const result of funding) model.applyResult(result);
        checkEntries(harness, sequences);
        let now = NOW.getTime();
        const history: LedgerEvent[][] = [];
        for (const current of steps) {
          if (current.kind === 'advance') {
            now += current.ms;
            harness.now = new Date(now);
            continue;
          }
          if (current.kind === 'sweep') {
            const ids = Array.from({ length: 20 }, (_, index) => trfId(index + 1));
            for (const result of harness.expire(ids)) model.applyExpiry(result);
          } else {
            const events =
              current.kind === 'retry'
                ? (history[current.pick % Math.max(history.length, 1)] ?? [])
                : current.events.map((event) =>
                    event.kind === 'resolution' ? bindResolution(event, harness) : event,
                  );
            history.push(events);
            const results = harness.run(events);
            expect(results).toHaveLength(events.length);
            for (const result of results) model.applyResult(result);
          }
          checkInvariants(harness, model);
          checkEntries(harness, sequences);
        }
      }),
      { numRuns: 300 },
    );
  });
});
