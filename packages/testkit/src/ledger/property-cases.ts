import { type Id, unwrapOrThrow } from '@strongroom/kernel';
import {
  type Account,
  type AccountInput,
  type Balances,
  type LedgerEvent,
  type PostingSide,
  TRANSIENT_TRANSFER_STATUSES,
  type TransferResult,
  type TransferStatus,
} from '@strongroom/ledger';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  accountsOf,
  eventId,
  journalEvent,
  newTransferId,
  openAccounts,
  transferEvent,
} from './ledger-fixtures.js';
import { LedgerModel, type ModelLeg } from './ledger-model.js';
import type { LedgerSuiteContext } from './ledger-suite-context.js';
import {
  LIMIT_STATUSES,
  type LimitStatus,
  limitBreaches,
  limitViolations,
  unbalancedCurrencies,
} from './money-invariants.js';
import type { SuiteLedger } from './suite-ledger.js';

// Few runs of short sequences: the property runs on every backend, DynamoDB Local included.
const PROPERTY_RUNS = 5;
const STEPS_MAX = 14;

// Six USD accounts (one per kind of limit, both normal sides) and two EUR ones.
const PROPERTY_ACCOUNTS: readonly Partial<AccountInput>[] = [
  { type: 'asset', name: 'Bank' },
  { name: 'Wallet', flags: { debitsMustNotExceedCredits: true } },
  { name: 'Overdraft', limits: { floorMinor: -300n } },
  { name: 'Capped', limits: { ceilingMinor: 800n } },
  { type: 'asset', name: 'Receivable', flags: { creditsMustNotExceedDebits: true } },
  { type: 'expense', name: 'Fees', limits: { ceilingMinor: 400n } },
  { type: 'asset', name: 'Euro bank', currency: 'EUR' },
  { name: 'Euro wallet', currency: 'EUR', flags: { debitsMustNotExceedCredits: true } },
];
const USD_ACCOUNTS = 6;
const TIMEOUTS_MS = [null, 1000, 1000, 5000] as const;

interface MoveSpec {
  readonly debit: number;
  readonly credit: number;
  readonly amountMinor: bigint;
  readonly pending: boolean;
  readonly timeoutMs: number | null;
  readonly balancing: 'none' | 'debit' | 'credit';
}

type Step =
  | { readonly kind: 'move'; readonly move: MoveSpec; readonly single: boolean }
  | { readonly kind: 'batch'; readonly moves: readonly MoveSpec[]; readonly linked: boolean }
  | {
      readonly kind: 'journal';
      readonly accounts: readonly number[];
      readonly amounts: readonly bigint[];
      readonly debitFirst: boolean;
      readonly euroMinor: bigint | null;
      readonly pending: boolean;
      readonly timeoutMs: number | null;
    }
  | {
      readonly kind: 'resolve';
      readonly target: number;
      readonly post: boolean;
      readonly percent: number | null;
    }
  | { readonly kind: 'retry'; readonly target: number }
  | { readonly kind: 'advance'; readonly durationMs: number; readonly sweep: boolean };

const amount = fc.bigInt({ min: 1n, max: 600n });
const timeout = fc.constantFrom(...TIMEOUTS_MS);

// Mostly pairs within one currency, sometimes a pair across currencies (always refused).
const accountPair = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(fc.nat({ max: USD_ACCOUNTS - 1 }), fc.nat({ max: USD_ACCOUNTS - 1 })),
  },
  { weight: 2, arbitrary: fc.constantFrom([6, 7] as const, [7, 6] as const) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.nat({ max: PROPERTY_ACCOUNTS.length - 1 }),
      fc.nat({ max: PROPERTY_ACCOUNTS.length - 1 }),
    ),
  },
);

const moveSpec: fc.Arbitrary<MoveSpec> = fc
  .record({
    accounts: accountPair,
    amountMinor: amount,
    pending: fc.boolean(),
    timeoutMs: timeout,
    balancing: fc.constantFrom('none', 'none', 'none', 'debit', 'credit'),
  })
  .map(({ accounts: [debit, credit], ...rest }) => ({ debit, credit, ...rest }));

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('move'), move: moveSpec, single: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('batch'),
      moves: fc.array(moveSpec, { minLength: 2, maxLength: 3 }),
      linked: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.nat({ max: USD_ACCOUNTS - 1 }), { minLength: 2, maxLength: 4 })
      .chain((accounts) =>
        fc.record({
          kind: fc.constant('journal'),
          accounts: fc.constant(accounts),
          amounts: fc.array(amount, {
            minLength: accounts.length - 1,
            maxLength: accounts.length - 1,
          }),
          debitFirst: fc.boolean(),
          euroMinor: fc.option(amount, { nil: null }),
          pending: fc.boolean(),
          timeoutMs: timeout,
        }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('resolve'),
      target: fc.nat(),
      post: fc.boolean(),
      percent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry'), target: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance'),
      durationMs: fc.integer({ min: 200, max: 6000 }),
      sweep: fc.constantFrom(true, true, true, false),
    }),
  },
);

// What the runner knows about a sent event, to predict its result code.
type EventSpec =
  | { readonly type: 'move'; readonly move: MoveSpec }
  | { readonly type: 'journal'; readonly legs: readonly ModelLeg[] }
  | {
      readonly type: 'resolve';
      readonly pendingId: string;
    };

interface SentCommand {
  readonly events: readonly LedgerEvent[];
  readonly specs: readonly EventSpec[];
  readonly chained: boolean;
}

class PropertyRun {
  readonly model: LedgerModel;
  readonly history: SentCommand[] = [];
  // Ids recorded (`created` or `exists`) and ids burned by a transient failure.
  readonly recorded = new Set<string>();
  readonly burned = new Set<string>();

  constructor(
    readonly books: SuiteLedger,
    readonly accounts: readonly Account[],
  ) {
    this.model = new LedgerModel(accounts.map((account) => account.id));
  }

  account(index: number): Account {
    const account = this.accounts[index % this.accounts.length];
    if (account === undefined) throw new Error('no accounts');
    return account;
  }

  #accountById(id: string): Account {
    const account = this.accounts.find((candidate) => candidate.id === id);
    if (account === undefined) throw new Error(`unknown account ${id}`);
    return account;
  }

  // The first limit (in precedence order) the legs would break, held or posted.
  #firstBreach(legs: readonly ModelLeg[], held: boolean): LimitStatus | null {
    const after = new Map<string, Balances>();
    for (const leg of legs) {
      const before = after.get(leg.accountId) ?? this.model.balances(leg.accountId);
      const debit = leg.side === 'debit';
      after.set(leg.accountId, {
        debitsPending: before.debitsPending + (debit && held ? leg.amountMinor : 0n),
        debitsPosted: before.debitsPosted + (debit && !held ? leg.amountMinor : 0n),
        creditsPending: before.creditsPending + (!debit && held ? leg.amountMinor : 0n),
        creditsPosted: before.creditsPosted + (!debit && !held ? leg.amountMinor : 0n),
      });
    }
    const breaches = new Set<LimitStatus>();
    for (const [accountId, balances] of after) {
      for (const breach of limitBreaches(this.#accountById(accountId), balances))
        breaches.add(breach);
    }
    return LIMIT_STATUSES.find((status) => breaches.has(status)) ?? null;
  }

  /** The status an event must get on the current state, or `null` when the runner cannot tell. */
  predict(event: LedgerEvent, spec: EventSpec): TransferStatus | null {
    const id = eventId(event);
    if (this.recorded.has(id)) return 'exists';
    if (this.burned.has(id)) return 'id_already_failed';
    if (spec.type === 'resolve') {
      const pending = this.model.pending(spec.pendingId);
      if (pending === undefined) return 'pending_transfer_not_found';
      if (pending.status === 'posted') return 'pending_transfer_already_posted';
      if (pending.status === 'voided') return 'pending_transfer_already_voided';
      if (pending.status === 'expired') return 'pending_transfer_expired';
      const now = this.books.clock.now().getTime();
      if (pending.expiresAt !== null && now >= pending.expiresAt.getTime())
        return 'pending_transfer_expired';
      return 'created';
    }
    if (spec.type === 'journal') {
      const held = event.kind === 'journal' && event.journal.flags?.pending === true;
      return this.#firstBreach(spec.legs, held) ?? 'created';
    }
    const { move } = spec;
    const debit = this.account(move.debit);
    const credit = this.account(move.credit);
    if (debit.id === credit.id) return 'accounts_must_be_different';
    if (debit.currency !== credit.currency) return 'accounts_must_have_the_same_currency';
    if (move.balancing !== 'none') return null;
    const legs: ModelLeg[] = [
      { accountId: debit.id, side: 'debit', amountMinor: move.amountMinor },
      { accountId: credit.id, side: 'credit', amountMinor: move.amountMinor },
    ];
    return this.#firstBreach(legs, move.pending) ?? 'created';
  }

  moveEvent(move: MoveSpec, linked: boolean): LedgerEvent {
    const debit = this.account(move.debit);
    const credit = this.account(move.credit);
    return transferEvent({
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      amountMinor: move.amountMinor,
      currency: debit.currency,
      flags: {
        pending: move.pending,
        linked,
        balancingDebit: move.balancing === 'debit',
        balancingCredit: move.balancing === 'credit',
      },
      ...(move.pending && move.timeoutMs !== null ? { timeoutMs: move.timeoutMs } : {}),
    });
  }

  // Applies results in order, checking each prediction and each result's balances-after.
  absorb(command: SentCommand, results: readonly TransferResult[]): void {
    expect(results.map((result) => result.id)).toEqual(command.events.map(eventId));
    if (command.chained) {
      const failures = results.filter(
        (result) => result.status !== 'created' && result.status !== 'exists',
      );
      if (failures.length > 0) {
        // All or nothing: the first failure is named, every other member is failed by the chain.
        const named = failures.filter((result) => result.status !== 'linked_event_failed');
        expect(named).toHaveLength(1);
        expect(failures).toHaveLength(results.length);
      }
    }
    for (const [index, result] of results.entries()) {
      const event = command.events[index];
      const spec = command.specs[index];
      if (event === undefined || spec === undefined) throw new Error('one spec per event');
      if (!command.chained) {
        const expected = this.predict(event, spec);
        if (expected !== null) expect(result.status, `${spec.type} ${result.id}`).toBe(expected);
      }
      if (spec.type === 'move' && spec.move.balancing !== 'none' && result.status === 'created') {
        expect(result.transfer?.amountMinor).toBeLessThanOrEqual(spec.move.amountMinor);
      }
      this.model.apply(result);
      if (result.status === 'created') {
        for (const { accountId, balances } of result.accounts) {
          expect(balances, `balances after ${result.id}`).toEqual(this.model.balances(accountId));
        }
      }
      if (result.status === 'created' || result.status === 'exists') this.recorded.add(result.id);
      if (TRANSIENT_TRANSFER_STATUSES.has(result.status)) this.burned.add(result.id);
    }
  }

  async send(command: SentCommand, single: boolean): Promise<void> {
    const { ledger, tenantId } = this.books;
    const [first] = command.events;
    const results =
      single && first !== undefined && command.events.length === 1
        ? [unwrapOrThrow(await ledger.createTransfer(tenantId, first))]
        : unwrapOrThrow(await ledger.createTransfers(tenantId, command.events));
    this.history.push(command);
    this.absorb(command, results);
  }

  async run(current: Step): Promise<void> {
    switch (current.kind) {
      case 'move': {
        const event = this.moveEvent(current.move, false);
        await this.send(
          { events: [event], specs: [{ type: 'move', move: current.move }], chained: false },
          current.single,
        );
        return;
      }
      case 'batch': {
        const events = current.moves.map((move, index) =>
          this.moveEvent(move, current.linked && index < current.moves.length - 1),
        );
        const specs = current.moves.map((move): EventSpec => ({ type: 'move', move }));
        await this.send({ events, specs, chained: current.linked }, false);
        return;
      }
      case 'journal': {
        const ids = current.accounts.map((index) => this.account(index).id as Id<'acc'>);
        const [head, ...rest] = ids;
        if (head === undefined) throw new Error('a journal has accounts');
        const headSide: PostingSide = current.debitFirst ? 'debit' : 'credit';
        const otherSide: PostingSide = current.debitFirst ? 'credit' : 'debit';
        const total = current.amounts.reduce((sum, value) => sum + value, 0n);
        const legs: ModelLeg[] = [
          { accountId: head, side: headSide, amountMinor: total },
          ...rest.map((accountId, index) => ({
            accountId,
            side: otherSide,
            amountMinor: current.amounts[index] ?? 1n,
          })),
        ];
        if (current.euroMinor !== null) {
          legs.push(
            { accountId: this.account(6).id, side: 'debit', amountMinor: current.euroMinor },
            { accountId: this.account(7).id, side: 'credit', amountMinor: current.euroMinor },
          );
        }
        const event = journalEvent({
          postings: legs,
          flags: { pending: current.pending },
          ...(current.pending && current.timeoutMs !== null
            ? { timeoutMs: current.timeoutMs }
            : {}),
        });
        await this.send(
          { events: [event], specs: [{ type: 'journal', legs }], chained: false },
          false,
        );
        return;
      }
      case 'resolve': {
        const pendings = this.model.pendings();
        const target = pendings[current.target % Math.max(1, pendings.length)];
        // With no hold yet, resolving an unknown id must fail (and burn the id).
        const pendingId = target?.id ?? newTransferId();
        const flags = current.post ? { postPending: true } : { voidPending: true };
        let event: LedgerEvent;
        if (target?.kind === 'journal') {
          event = journalEvent({ pendingId, flags });
        } else {
          const held = target?.legs[0]?.amountMinor ?? 1n;
          const partial =
            current.post && current.percent !== null
              ? { amountMinor: (held * BigInt(current.percent)) / 100n }
              : {};
          event = transferEvent({ pendingId, flags, ...partial });
        }
        await this.send(
          { events: [event], specs: [{ type: 'resolve', pendingId }], chained: false },
          false,
        );
        return;
      }
      case 'retry': {
        const previous = this.history[current.target % Math.max(1, this.history.length)];
        if (previous === undefined) return;
        await this.send(previous, false);
        return;
      }
      case 'advance': {
        this.books.clock.advance(current.durationMs);
        if (!current.sweep) return;
        const now = this.books.clock.now().getTime();
        const due = this.model
          .pendings()
          .filter(
            (pending) =>
              pending.status === 'pending' &&
              pending.expiresAt !== null &&
              pending.expiresAt.getTime() <= now,
          )
          .map((pending) => pending.id);
        const swept = unwrapOrThrow(
          await this.books.ledger.sweepExpired(this.books.tenantId, { limit: 100 }),
        );
        expect(swept.more).toBe(false);
        const expired = swept.expired.map((result) => result.id);
        expect([...expired].sort()).toEqual([...due].sort());
        for (const id of expired) this.model.expire(id);
        return;
      }
    }
  }

  /** Every invariant, read back from the storage. */
  async verify(): Promise<void> {
    const { ledger, tenantId } = this.books;
    const stored = await accountsOf(
      this.books,
      this.accounts.map((account) => account.id),
    );
    expect(unbalancedCurrencies(stored)).toEqual([]);
    for (const account of stored) {
      expect(limitViolations(account, account.balances), account.name).toEqual([]);
      expect(account.balances, account.name).toEqual(this.model.balances(account.id));
    }
    const pendings = this.model.pendings();
    const transferIds = pendings
      .filter((pending) => pending.kind === 'transfer')
      .map((pending) => pending.id);
    const journalIds = pendings
      .filter((pending) => pending.kind === 'journal')
      .map((pending) => pending.id);
    const transfers =
      transferIds.length === 0
        ? []
        : unwrapOrThrow(await ledger.lookupTransfers(tenantId, transferIds));
    const journals =
      journalIds.length === 0
        ? []
        : unwrapOrThrow(await ledger.lookupJournalEntries(tenantId, journalIds));
    for (const movement of [...transfers, ...journals]) {
      if (movement === null) throw new Error('a created hold is stored');
      expect(movement.pendingStatus, movement.id).toBe(this.model.pending(movement.id)?.status);
    }
  }
}

/**
 * The money invariants under random command sequences: after every step, per currency
 * Σ debits = Σ credits (posted and pending), no limit flag, floor or ceiling broken, every hold
 * resolved at most once, and balances equal to a model rebuilt from the results returned.
 */
export function definePropertyCases(context: LedgerSuiteContext): void {
  it('keeps every money invariant through random sequences of commands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: STEPS_MAX }), async (steps) => {
        const books = context.books();
        const ids = await openAccounts(books, PROPERTY_ACCOUNTS);
        const run = new PropertyRun(books, await accountsOf(books, ids));
        // Starting funds, through the ledger like everything else.
        await run.send(
          {
            events: [
              run.moveEvent(
                {
                  debit: 0,
                  credit: 1,
                  amountMinor: 500n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
                false,
              ),
              run.moveEvent(
                {
                  debit: 4,
                  credit: 0,
                  amountMinor: 500n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
                false,
              ),
              run.moveEvent(
                {
                  debit: 6,
                  credit: 7,
                  amountMinor: 300n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
                false,
              ),
            ],
            specs: [
              {
                type: 'move',
                move: {
                  debit: 0,
                  credit: 1,
                  amountMinor: 500n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
              },
              {
                type: 'move',
                move: {
                  debit: 4,
                  credit: 0,
                  amountMinor: 500n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
              },
              {
                type: 'move',
                move: {
                  debit: 6,
                  credit: 7,
                  amountMinor: 300n,
                  pending: false,
                  timeoutMs: null,
                  balancing: 'none',
                },
              },
            ],
            chained: false,
          },
          false,
        );
        await run.verify();
        for (const current of steps) {
          await run.run(current);
          await run.verify();
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
}
