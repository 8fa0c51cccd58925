import type { Balances, PostingSide, TransferResult } from '@strongroom/ledger';

/** One account side moved by a hold or a posting. */
export interface ModelLeg {
  readonly accountId: string;
  readonly side: PostingSide;
  readonly amountMinor: bigint;
}

/** Where a hold stands in the model. */
export type ModelPendingStatus = 'pending' | 'posted' | 'voided' | 'expired';

/** A pending transfer or journal entry as the model knows it. */
export interface ModelPending {
  readonly id: string;
  readonly kind: 'transfer' | 'journal';
  readonly legs: readonly ModelLeg[];
  readonly expiresAt: Date | null;
  readonly status: ModelPendingStatus;
}

const ZERO: Balances = {
  debitsPending: 0n,
  debitsPosted: 0n,
  creditsPending: 0n,
  creditsPosted: 0n,
};

function moved(balances: Balances, leg: ModelLeg, held: bigint, posted: bigint): Balances {
  return leg.side === 'debit'
    ? {
        ...balances,
        debitsPending: balances.debitsPending + held,
        debitsPosted: balances.debitsPosted + posted,
      }
    : {
        ...balances,
        creditsPending: balances.creditsPending + held,
        creditsPosted: balances.creditsPosted + posted,
      };
}

/**
 * The balances a ledger must hold, rebuilt only from the results it returned: every `created`
 * result moves money as its recorded transfer or journal entry says, every expiry releases its
 * hold. A hold resolved a second time is an error of the ledger under test, reported by a throw.
 */
export class LedgerModel {
  readonly #balances = new Map<string, Balances>();
  readonly #pendings = new Map<string, ModelPending>();

  constructor(accountIds: readonly string[]) {
    for (const id of accountIds) this.#balances.set(id, ZERO);
  }

  /** The balances of an account the model tracks. */
  balances(accountId: string): Balances {
    const balances = this.#balances.get(accountId);
    if (balances === undefined) throw new Error(`the model does not track ${accountId}`);
    return balances;
  }

  /** A hold by id. */
  pending(id: string): ModelPending | undefined {
    return this.#pendings.get(id);
  }

  /** Every hold ever created, in creation order. */
  pendings(): ModelPending[] {
    return [...this.#pendings.values()];
  }

  #move(leg: ModelLeg, held: bigint, posted: bigint): void {
    this.#balances.set(leg.accountId, moved(this.balances(leg.accountId), leg, held, posted));
  }

  #resolve(pendingId: string, status: 'posted' | 'voided' | 'expired', postedLegs: ModelLeg[]) {
    const pending = this.#pendings.get(pendingId);
    if (pending === undefined) throw new Error(`resolved ${pendingId}, which was never held`);
    if (pending.status !== 'pending') {
      throw new Error(`${pendingId} resolved twice: ${pending.status}, then ${status}`);
    }
    for (const leg of pending.legs) this.#move(leg, -leg.amountMinor, 0n);
    for (const leg of postedLegs) this.#move(leg, 0n, leg.amountMinor);
    this.#pendings.set(pendingId, { ...pending, status });
  }

  #hold(id: string, kind: ModelPending['kind'], legs: ModelLeg[], expiresAt: Date | null): void {
    if (this.#pendings.has(id)) throw new Error(`hold ${id} created twice`);
    for (const leg of legs) this.#move(leg, leg.amountMinor, 0n);
    this.#pendings.set(id, { id, kind, legs, expiresAt, status: 'pending' });
  }

  /** Applies one result; anything but `created` changes nothing. */
  apply(result: TransferResult): void {
    if (result.status !== 'created') return;
    const { transfer, journal } = result;
    if (transfer !== null) {
      const legs: ModelLeg[] = [
        { accountId: transfer.debitAccountId, side: 'debit', amountMinor: transfer.amountMinor },
        { accountId: transfer.creditAccountId, side: 'credit', amountMinor: transfer.amountMinor },
      ];
      if (transfer.pendingId !== null) {
        const posting = transfer.flags.postPending;
        this.#resolve(transfer.pendingId, posting ? 'posted' : 'voided', posting ? legs : []);
      } else if (transfer.flags.pending) {
        this.#hold(transfer.id, 'transfer', legs, transfer.expiresAt);
      } else {
        for (const leg of legs) this.#move(leg, 0n, leg.amountMinor);
      }
      return;
    }
    if (journal === null) throw new Error(`created result ${result.id} carries no record`);
    const legs: ModelLeg[] = journal.postings.map((posting) => ({ ...posting }));
    if (journal.pendingId !== null) {
      const posting = journal.flags.postPending;
      this.#resolve(journal.pendingId, posting ? 'posted' : 'voided', posting ? legs : []);
    } else if (journal.flags.pending) {
      this.#hold(journal.id, 'journal', legs, journal.expiresAt);
    } else {
      for (const leg of legs) this.#move(leg, 0n, leg.amountMinor);
    }
  }

  /** Releases a hold the sweep reported expired. */
  expire(pendingId: string): void {
    this.#resolve(pendingId, 'expired', []);
  }
}
