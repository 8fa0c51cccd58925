import type { AccountResult } from '../../src/engine/account-result.js';
import type { ExpiryResult } from '../../src/engine/expire-pending-transfers.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { Account, AccountState } from '../../src/model/account.js';
import { type Balances, ZERO_BALANCES } from '../../src/model/balances.js';
import type { JournalEntry, PostingSide } from '../../src/model/journal-entry.js';
import type { PendingStatus, Transfer } from '../../src/model/transfer.js';
import { TRANSIENT_TRANSFER_STATUSES } from '../../src/model/transfer-status.js';
import { expectInvariant } from './invariant-violation.js';

/** One leg of a movement: what it does to one side of one account. */
export interface ModelLeg {
  readonly accountId: string;
  readonly side: PostingSide;
  readonly amountMinor: bigint;
}

/** A transfer or journal entry as the model knows it from the answers. */
export interface ModelMovement {
  readonly id: string;
  readonly kind: 'transfer' | 'journal';
  /** The record as first answered; its `pendingStatus` is that of the moment. */
  readonly record: Transfer | JournalEntry;
  readonly legs: readonly ModelLeg[];
  /** The model's own view of where a pending stands (`none` for every other movement). */
  status: PendingStatus;
  /**
   * Whether some client has been answered `created` for it. It may be learnt from an `exists`
   * first: another client's duplicate can be answered before the creator's reply arrives.
   */
  answeredCreated: boolean;
}

/** An account as the model knows it. */
export interface ModelAccount {
  readonly account: Account;
  balances: Balances;
  status: AccountState;
  /** Whether some client has been answered `created` for it (see `ModelMovement`). */
  answeredCreated: boolean;
}

/** What the model learnt from one answer, for the run's statistics. */
export interface AppliedResult {
  /** The answer was `exists` for an event the model had never heard of: a lost reply, recovered. */
  readonly recovered: boolean;
}

function legsOf(record: Transfer | JournalEntry): ModelLeg[] {
  if ('postings' in record) return [...record.postings];
  return [
    { accountId: record.debitAccountId, side: 'debit', amountMinor: record.amountMinor },
    { accountId: record.creditAccountId, side: 'credit', amountMinor: record.amountMinor },
  ];
}

function addTo(balances: Balances, side: PostingSide, pending: bigint, posted: bigint): Balances {
  return side === 'debit'
    ? {
        ...balances,
        debitsPending: balances.debitsPending + pending,
        debitsPosted: balances.debitsPosted + posted,
      }
    : {
        ...balances,
        creditsPending: balances.creditsPending + pending,
        creditsPosted: balances.creditsPosted + posted,
      };
}

/**
 * The reference ledger, rebuilt only from the answers clients finally receive (as TigerBeetle's
 * auditor rebuilds accounts from replies), never from the store. Each answer is checked against
 * what the model already knows: an event is created once, `exists` carries the original stamp,
 * a burned id never succeeds, a pending resolves once and never at or after its expiry.
 */
export class ReferenceModel {
  readonly accounts = new Map<string, ModelAccount>();
  readonly movements = new Map<string, ModelMovement>();
  readonly burned = new Set<string>();
  /**
   * Ids that a commit whose reply was lost may have burned without any answer saying so (see
   * {@link ReferenceModel.learnMaskedBurns}): the store may hold each burned, or not at all.
   */
  readonly maybeBurned = new Set<string>();
  // Ids some sweep has reported as expired: each may be reported once at most.
  readonly #reportedExpired = new Set<string>();
  // Ids recorded, burned or resolved since the last `takeTouched`.
  #touched = new Set<string>();

  /** The ids whose state the model changed since the last call, for a checker's incremental pass. */
  takeTouched(): Set<string> {
    const touched = this.#touched;
    this.#touched = new Set();
    return touched;
  }

  /** Learns from one account-creation answer. */
  applyAccountResult(result: AccountResult): AppliedResult {
    if (result.status !== 'created' && result.status !== 'exists') return { recovered: false };
    const account = result.account;
    expectInvariant(account !== null, () => `account ${result.id} ${result.status} without record`);
    const known = this.accounts.get(result.id);
    if (known !== undefined) {
      expectInvariant(
        result.status === 'exists' || !known.answeredCreated,
        () => `account ${result.id} answered created twice`,
      );
      expectInvariant(
        result.timestamp === known.account.timestamp,
        () => `account ${result.id}: ${result.status} answered another stamp than the original`,
      );
      if (result.status === 'created') known.answeredCreated = true;
      return { recovered: false };
    }
    this.accounts.set(result.id, {
      account,
      balances: ZERO_BALANCES,
      status: 'open',
      answeredCreated: result.status === 'created',
    });
    return { recovered: result.status === 'exists' };
  }

  /** Learns from one transfer or journal-entry answer. */
  applyTransferResult(result: TransferResult): AppliedResult {
    const { id, status } = result;
    if (TRANSIENT_TRANSFER_STATUSES.has(status) || status === 'id_already_failed') {
      expectInvariant(!this.movements.has(id), () => `${id} is recorded but answered ${status}`);
      this.burned.add(id);
      this.maybeBurned.delete(id);
      this.#touched.add(id);
      return { recovered: false };
    }
    if (status !== 'created' && status !== 'exists') return { recovered: false };
    // Recorded, so never burned: a burned id can only ever answer `id_already_failed`.
    this.maybeBurned.delete(id);
    const record = result.transfer ?? result.journal;
    expectInvariant(record !== null, () => `${id} answered ${status} without its record`);
    expectInvariant(!this.burned.has(id), () => `burned id ${id} answered ${status}`);
    const known = this.movements.get(id);
    if (known !== undefined) {
      expectInvariant(
        status === 'exists' || !known.answeredCreated,
        () => `${id} answered created twice`,
      );
      expectInvariant(
        result.timestamp === known.record.timestamp && record.timestamp === result.timestamp,
        () => `${id}: ${status} answered stamp ${result.timestamp}, not ${known.record.timestamp}`,
      );
      if (status === 'created') known.answeredCreated = true;
      return { recovered: false };
    }
    this.#record(record, result.journal !== null ? 'journal' : 'transfer', status === 'created');
    return { recovered: status === 'exists' };
  }

  /**
   * Learns from the final answer to a chain after one of its commits went unacknowledged. That
   * commit may have failed the chain at a member with a transient status, burning its id; the
   * retry runs again against a state others changed meanwhile, may fail at an earlier member,
   * and then answers every later one `linked_event_failed` without looking at it (TigerBeetle's
   * chain rule; TigerBeetle itself would replay the lost reply instead). Members before the
   * failure ran again and succeeded, and the failing one would have answered `id_already_failed`,
   * so only the members after it may be burned unbeknown to every answer.
   */
  learnMaskedBurns(results: readonly TransferResult[]): void {
    const failure = results.findIndex(
      (result) => !['created', 'exists', 'linked_event_failed'].includes(result.status),
    );
    if (failure < 0) return;
    for (const { id, status } of results.slice(failure + 1)) {
      if (status !== 'linked_event_failed' || this.burned.has(id)) continue;
      this.maybeBurned.add(id);
      this.#touched.add(id);
    }
  }

  /**
   * Learns from a finished sweep (one that reported nothing more to do) at `now`: the ids it
   * reported expired, and that every pending due at `now` is released.
   */
  completeSweep(now: Date, reported: readonly ExpiryResult[]): void {
    for (const result of reported) {
      expectInvariant(
        result.status === 'expired',
        () => `a sweep reported ${result.id} as ${result.status}`,
      );
      expectInvariant(
        !this.#reportedExpired.has(result.id),
        () => `${result.id} was reported expired twice`,
      );
      this.#reportedExpired.add(result.id);
      const movement = this.movements.get(result.id);
      expectInvariant(movement !== undefined, () => `an unknown ${result.id} expired`);
      const expiresAt = movement.record.expiresAt;
      expectInvariant(
        expiresAt !== null && expiresAt.getTime() <= now.getTime(),
        () => `${result.id} expired before its time`,
      );
      expectInvariant(
        movement.status === 'pending' || movement.status === 'expired',
        () => `${result.id} expired after it was ${movement.status}`,
      );
    }
    for (const movement of this.movements.values()) {
      const expiresAt = movement.record.expiresAt;
      if (movement.status !== 'pending' || expiresAt === null) continue;
      if (expiresAt.getTime() > now.getTime()) continue;
      this.#release(movement, () => 0n, 'expired');
    }
  }

  /** Pendings still pending in the model. */
  pendings(): ModelMovement[] {
    return [...this.movements.values()].filter((movement) => movement.status === 'pending');
  }

  #record(
    record: Transfer | JournalEntry,
    kind: 'transfer' | 'journal',
    answeredCreated: boolean,
  ): void {
    const { flags } = record;
    const movement: ModelMovement = {
      id: record.id,
      kind,
      record,
      legs: legsOf(record),
      status: flags.pending ? 'pending' : 'none',
      answeredCreated,
    };
    this.movements.set(record.id, movement);
    this.#touched.add(record.id);
    if (flags.postPending || flags.voidPending) {
      const pendingId = record.pendingId;
      expectInvariant(pendingId !== null, () => `resolution ${record.id} names no pending`);
      const pending = this.movements.get(pendingId);
      expectInvariant(pending !== undefined, () => `${record.id} resolved unknown ${pendingId}`);
      const expiresAt = pending.record.expiresAt;
      expectInvariant(
        expiresAt === null || record.insertedAt.getTime() < expiresAt.getTime(),
        () => `${record.id} resolved ${pendingId} at or after its expiry`,
      );
      if (flags.voidPending) {
        this.#release(pending, () => 0n, 'voided');
      } else {
        // A transfer post records the amount posted; a journal entry posts every leg in full.
        const posted = 'postings' in record ? null : record.amountMinor;
        expectInvariant(
          posted === null || posted <= (pending.legs[0]?.amountMinor ?? 0n),
          () => `${record.id} posted more than ${pendingId} held`,
        );
        this.#release(pending, (leg) => posted ?? leg.amountMinor, 'posted');
      }
      return;
    }
    for (const leg of movement.legs) {
      const held = flags.pending ? leg.amountMinor : 0n;
      this.#move(leg, held, leg.amountMinor - held);
    }
    if ('closingDebit' in flags && flags.closingDebit) this.#setStatus(movement.legs[0], 'closed');
    if ('closingCredit' in flags && flags.closingCredit)
      this.#setStatus(movement.legs[1], 'closed');
  }

  #release(
    pending: ModelMovement,
    postedOf: (leg: ModelLeg) => bigint,
    outcome: 'posted' | 'voided' | 'expired',
  ): void {
    expectInvariant(
      pending.status === 'pending',
      () => `${pending.id} was ${outcome} after it was ${pending.status}: resolved twice`,
    );
    for (const leg of pending.legs) this.#move(leg, -leg.amountMinor, postedOf(leg));
    pending.status = outcome;
    this.#touched.add(pending.id);
    const { flags } = pending.record;
    // A voided or expired closing transfer re-opens its account; a posted one keeps it closed.
    if (outcome === 'posted') return;
    if ('closingDebit' in flags && flags.closingDebit) this.#setStatus(pending.legs[0], 'open');
    if ('closingCredit' in flags && flags.closingCredit) this.#setStatus(pending.legs[1], 'open');
  }

  #move(leg: ModelLeg, pending: bigint, posted: bigint): void {
    const account = this.accounts.get(leg.accountId);
    expectInvariant(account !== undefined, () => `a movement touched unknown ${leg.accountId}`);
    account.balances = addTo(account.balances, leg.side, pending, posted);
  }

  #setStatus(leg: ModelLeg | undefined, status: AccountState): void {
    const account = leg === undefined ? undefined : this.accounts.get(leg.accountId);
    expectInvariant(account !== undefined, () => 'a closing leg names an unknown account');
    account.status = status;
  }
}
