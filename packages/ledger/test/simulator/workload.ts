import { journalEvent, type LedgerEvent, transferEvent } from '../../src/engine/ledger-event.js';
import type { PostingSide } from '../../src/model/journal-entry.js';
import type { AccountInput, PostingInput, TransferInput } from '../../src/model/ledger-input.js';
import type { ModelAccount, ModelMovement, ReferenceModel } from './reference-model.js';
import { randomTypeId } from './simulator-ids.js';
import type { SimulatorRandom } from './simulator-random.js';

/** The currencies of a run: two with cents, one without minor units. */
export const SIMULATOR_CURRENCIES = ['USD', 'EUR', 'JPY'] as const;

/** What the workload made an event for, counted per run to show every path ran. */
export type EventLabel =
  | 'transfer'
  | 'pending'
  | 'post_full'
  | 'post_partial'
  | 'void'
  | 'balancing'
  | 'closing'
  | 'journal'
  | 'journal_pending'
  | 'journal_post'
  | 'journal_void'
  | 'resolve_settled'
  | 'unknown_account'
  | 'duplicate'
  | 'conflicting_duplicate';

/** An event and why it was made. */
export interface LabelledEvent {
  readonly event: LedgerEvent;
  readonly label: EventLabel;
}

/** One command a client sends; it sends it again, unchanged, until it gets an answer. */
export type ClientCommand =
  | { readonly kind: 'accounts'; readonly inputs: readonly AccountInput[] }
  | { readonly kind: 'batch'; readonly events: readonly LabelledEvent[]; readonly chain: boolean }
  | { readonly kind: 'single'; readonly event: LabelledEvent }
  | { readonly kind: 'sweep'; readonly limit: number };

// Accounts that may be closed carry this name, so closings never starve the rest of the run.
const CLOSABLE_NAME = 'closable';
// Events remembered for duplicates and conflicting duplicates.
const HISTORY_MAX = 256;

/**
 * Draws client commands from the model's current view: accounts of one currency, pendings to
 * post or void (some already settled, to hit the failure paths), linked chains, journal entries,
 * sweeps, new accounts, and resubmissions of earlier events with the same ids.
 */
export class Workload {
  readonly #model: ReferenceModel;
  readonly #history: LedgerEvent[] = [];

  constructor(model: ReferenceModel) {
    this.#model = model;
  }

  /** The accounts every run starts with, per currency: a bank, wallets, limits, closables. */
  initialAccounts(random: SimulatorRandom): AccountInput[] {
    return SIMULATOR_CURRENCIES.flatMap((currency) => [
      account(random, currency, 'asset', 'bank', {}),
      account(random, currency, 'liability', 'wallet', { debitsMustNotExceedCredits: true }),
      account(random, currency, 'liability', 'wallet', { debitsMustNotExceedCredits: true }),
      account(random, currency, 'liability', 'wallet', { debitsMustNotExceedCredits: true }),
      account(random, currency, 'liability', 'overdraft', {}, { floorMinor: -500n }),
      account(random, currency, 'liability', 'capped', {}, { ceilingMinor: 3000n }),
      account(random, currency, 'revenue', 'fees', {}),
      account(random, currency, 'asset', 'settlement', { creditsMustNotExceedDebits: true }),
      account(random, currency, 'liability', CLOSABLE_NAME, {}),
      account(random, currency, 'liability', CLOSABLE_NAME, {}),
    ]);
  }

  /** Funding of every wallet from its bank, so that guarded accounts have money to spend. */
  initialFunding(random: SimulatorRandom): ClientCommand {
    const events: LabelledEvent[] = [];
    for (const currency of SIMULATOR_CURRENCIES) {
      const accounts = this.#accounts(currency);
      const bank = accounts.find((entry) => entry.account.name === 'bank');
      if (bank === undefined) continue;
      for (const entry of accounts) {
        if (entry === bank || entry.account.type !== 'liability') continue;
        const input = transfer(random, bank.account.id, entry.account.id, 2000n, currency);
        events.push({ event: transferEvent(input), label: 'transfer' });
      }
    }
    return { kind: 'batch', events, chain: false };
  }

  /** The next command of a client. */
  next(random: SimulatorRandom): ClientCommand {
    const kind = random.weighted({ single: 30, batch: 30, chain: 12, sweep: 10, accounts: 5 });
    switch (kind) {
      case 'single':
        return { kind: 'single', event: this.#event(random, false) };
      case 'batch':
        return {
          kind: 'batch',
          events: Array.from({ length: random.integer(1, 14) }, () => this.#event(random, false)),
          chain: false,
        };
      case 'chain':
        return this.#chain(random);
      case 'sweep':
        return { kind: 'sweep', limit: random.integer(1, 40) };
      case 'accounts':
        return { kind: 'accounts', inputs: this.#newAccounts(random) };
    }
  }

  // Several linked events, all in one transaction, that succeed or fail together.
  #chain(random: SimulatorRandom): ClientCommand {
    const events = Array.from({ length: random.integer(2, 4) }, () => this.#event(random, true));
    const linked = events.map(({ event, label }, position): LabelledEvent => {
      const isLast = position === events.length - 1;
      return { event: withLinked(event, !isLast), label };
    });
    return { kind: 'batch', events: linked, chain: true };
  }

  #event(random: SimulatorRandom, inChain: boolean): LabelledEvent {
    const kinds = {
      transfer: 30,
      pending: 14,
      resolve: 18,
      balancing: 5,
      closing: 1,
      journal: 8,
      unknownAccount: 1,
      duplicate: inChain ? 0 : 4,
      conflictingDuplicate: inChain ? 0 : 1,
    };
    const labelled = this.#draw(random, random.weighted(kinds), inChain);
    if (!inChain) this.#remember(labelled.event);
    return labelled;
  }

  #draw(random: SimulatorRandom, kind: string, inChain: boolean): LabelledEvent {
    const currency = random.pick(SIMULATOR_CURRENCIES);
    switch (kind) {
      case 'pending':
        return { event: transferEvent(this.#pending(random, currency)), label: 'pending' };
      case 'resolve':
        return this.#resolution(random, inChain);
      case 'balancing': {
        const input = this.#transfer(random, currency);
        const flags = random.chance(0.5) ? { balancingDebit: true } : { balancingCredit: true };
        return { event: transferEvent({ ...input, flags }), label: 'balancing' };
      }
      case 'closing':
        return this.#closing(random, currency);
      case 'journal':
        return this.#journal(random, currency);
      case 'unknownAccount': {
        const input = this.#transfer(random, currency);
        const event = transferEvent({ ...input, creditAccountId: randomTypeId(random, 'acc') });
        return { event, label: 'unknown_account' };
      }
      case 'duplicate':
      case 'conflictingDuplicate': {
        const earlier = this.#history.length === 0 ? null : random.pick(this.#history);
        if (earlier === null) return this.#draw(random, 'transfer', inChain);
        if (kind === 'duplicate') return { event: earlier, label: 'duplicate' };
        return { event: conflicting(earlier), label: 'conflicting_duplicate' };
      }
      default:
        return { event: transferEvent(this.#transfer(random, currency)), label: 'transfer' };
    }
  }

  #remember(event: LedgerEvent): void {
    this.#history.push(event);
    if (this.#history.length > HISTORY_MAX) this.#history.shift();
  }

  #transfer(random: SimulatorRandom, currency: string): TransferInput {
    const [debit, credit] = this.#pair(random, currency);
    return transfer(random, debit, credit, amount(random), currency);
  }

  #pending(random: SimulatorRandom, currency: string): TransferInput {
    const input = this.#transfer(random, currency);
    const timeoutMs = random.chance(0.7) ? random.integer(1, 4000) : undefined;
    return {
      ...input,
      flags: { pending: true },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
  }

  #closing(random: SimulatorRandom, currency: string): LabelledEvent {
    const closables = this.#accounts(currency).filter(
      (entry) => entry.account.name === CLOSABLE_NAME,
    );
    const pending = this.#pending(random, currency);
    if (closables.length === 0) return { event: transferEvent(pending), label: 'pending' };
    const target = random.pick(closables).account.id;
    const closesDebit = random.chance(0.5);
    const [debit, credit] = this.#pair(random, currency);
    const other = closesDebit ? credit : debit;
    if (other === target) return { event: transferEvent(pending), label: 'pending' };
    const input: TransferInput = {
      ...pending,
      debitAccountId: closesDebit ? target : other,
      creditAccountId: closesDebit ? other : target,
      amountMinor: random.chance(0.5) ? 0n : amount(random),
      flags: closesDebit
        ? { pending: true, closingDebit: true }
        : { pending: true, closingCredit: true },
    };
    return { event: transferEvent(input), label: 'closing' };
  }

  // A post or void of a pending the model knows; now and then of one already settled.
  #resolution(random: SimulatorRandom, inChain: boolean): LabelledEvent {
    const open = this.#model.pendings();
    const settled = random.chance(0.1);
    const candidates = settled ? this.#settledPendings() : open;
    if (candidates.length === 0) {
      return {
        event: transferEvent(this.#pending(random, random.pick(SIMULATOR_CURRENCIES))),
        label: 'pending',
      };
    }
    const pending = random.pick(candidates);
    const id = randomTypeId(random, 'trf');
    const voiding = random.chance(0.3);
    const flags = voiding ? { voidPending: true } : { postPending: true };
    if (pending.kind === 'journal') {
      // Without postings the service plans room for the most a journal may have (32), more than
      // a chain fits in this run's transactions: inside chains the postings are repeated.
      const repeat = inChain || random.chance(0.6);
      const postings = pending.legs.map(({ accountId, side, amountMinor }) => ({
        accountId,
        side,
        amountMinor,
      }));
      const event = journalEvent({
        id,
        pendingId: pending.id,
        flags,
        ...(repeat ? { postings } : {}),
      });
      return {
        event,
        label: settled ? 'resolve_settled' : voiding ? 'journal_void' : 'journal_post',
      };
    }
    const held = pending.legs[0]?.amountMinor ?? 0n;
    const partial = !voiding && random.chance(0.4);
    const input: TransferInput = {
      id,
      pendingId: pending.id,
      flags,
      ...(partial ? { amountMinor: held === 0n ? 0n : random.bigint(0n, held) } : {}),
    };
    const label = settled
      ? 'resolve_settled'
      : voiding
        ? 'void'
        : partial
          ? 'post_partial'
          : 'post_full';
    return { event: transferEvent(input), label };
  }

  #settledPendings(): ModelMovement[] {
    return [...this.#model.movements.values()].filter(
      (movement) => movement.record.flags.pending && movement.status !== 'pending',
    );
  }

  #journal(random: SimulatorRandom, currency: string): LabelledEvent {
    const accounts = this.#spendable(currency);
    const count = Math.min(accounts.length, random.integer(2, 4));
    const chosen: string[] = [];
    while (chosen.length < count) {
      const candidate = random.pick(accounts).account.id;
      if (!chosen.includes(candidate)) chosen.push(candidate);
    }
    // Debits on every leg but the last, which credits their sum: balanced by construction.
    const postings: PostingInput[] = [];
    let total = 0n;
    for (const accountId of chosen.slice(0, -1)) {
      const value = amount(random);
      total += value;
      postings.push({ accountId, side: 'debit' as PostingSide, amountMinor: value });
    }
    postings.push({ accountId: chosen.at(-1) as string, side: 'credit', amountMinor: total });
    const pending = random.chance(0.4);
    const timeoutMs = pending && random.chance(0.7) ? random.integer(1, 4000) : undefined;
    const event = journalEvent({
      id: randomTypeId(random, 'trf'),
      postings: random.chance(0.5) ? postings.reverse() : postings,
      code: random.integer(1, 3),
      flags: { pending },
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return { event, label: pending ? 'journal_pending' : 'journal' };
  }

  #newAccounts(random: SimulatorRandom): AccountInput[] {
    const inputs = Array.from({ length: random.integer(1, 4) }, () => {
      const currency = random.pick(SIMULATOR_CURRENCIES);
      const guarded = random.chance(0.5);
      return account(
        random,
        currency,
        random.chance(0.7) ? 'liability' : 'asset',
        random.chance(0.1) ? CLOSABLE_NAME : 'wallet',
        guarded ? { debitsMustNotExceedCredits: true } : {},
        !guarded && random.chance(0.3) ? { floorMinor: -random.bigint(0n, 800n) } : undefined,
      );
    });
    // Now and then a linked pair, a resubmitted account, or one refused for both limit flags.
    if (random.chance(0.2) && inputs.length > 1) {
      inputs[0] = { ...(inputs[0] as AccountInput), flags: { ...inputs[0]?.flags, linked: true } };
    }
    const known = [...this.#model.accounts.values()];
    if (random.chance(0.2) && known.length > 0) {
      const { account: existing } = random.pick(known);
      inputs.push({
        id: existing.id,
        currency: existing.currency,
        code: existing.code,
        name: existing.name,
        type: existing.type,
        flags: existing.flags,
        limits: existing.limits,
      });
    }
    if (random.chance(0.1)) {
      inputs.push({
        ...account(random, 'USD', 'liability', 'wallet', {}),
        flags: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: true },
      });
    }
    return inputs;
  }

  #accounts(currency: string): ModelAccount[] {
    return [...this.#model.accounts.values()].filter(
      (entry) => entry.account.currency === currency,
    );
  }

  // Open accounts that are not closables (which would mostly answer `already_closed`).
  #spendable(currency: string): ModelAccount[] {
    return this.#accounts(currency).filter(
      (entry) => entry.status === 'open' && entry.account.name !== CLOSABLE_NAME,
    );
  }

  // Two different accounts of a currency, a bank on the debit side a third of the time.
  #pair(random: SimulatorRandom, currency: string): [string, string] {
    const accounts = this.#spendable(currency);
    const banks = accounts.filter((entry) => entry.account.name === 'bank');
    const debit =
      banks.length > 0 && random.chance(0.3) ? random.pick(banks) : random.pick(accounts);
    let credit = random.pick(accounts);
    for (let tries = 0; credit === debit && tries < 8; tries += 1) credit = random.pick(accounts);
    return [debit.account.id, credit.account.id];
  }
}

function account(
  random: SimulatorRandom,
  currency: string,
  type: AccountInput['type'],
  name: string,
  flags: AccountInput['flags'],
  limits?: AccountInput['limits'],
): AccountInput {
  return {
    id: randomTypeId(random, 'acc'),
    currency,
    code: 1,
    name,
    type,
    flags,
    ...(limits === undefined ? {} : { limits }),
  };
}

function transfer(
  random: SimulatorRandom,
  debitAccountId: string,
  creditAccountId: string,
  amountMinor: bigint,
  currency: string,
): TransferInput {
  return {
    id: randomTypeId(random, 'trf'),
    debitAccountId,
    creditAccountId,
    amountMinor,
    currency,
    code: random.integer(1, 3),
  };
}

// Mostly small amounts; now and then one larger than most balances, to hit the limits.
function amount(random: SimulatorRandom): bigint {
  return random.chance(0.9) ? random.bigint(1n, 400n) : random.bigint(1_000n, 5_000n);
}

function withLinked(event: LedgerEvent, linked: boolean): LedgerEvent {
  if (event.kind === 'transfer') {
    return transferEvent({ ...event.transfer, flags: { ...event.transfer.flags, linked } });
  }
  return journalEvent({ ...event.journal, flags: { ...event.journal.flags, linked } });
}

// The same id with another code: answered `exists_with_different_code` once it is recorded.
function conflicting(event: LedgerEvent): LedgerEvent {
  if (event.kind === 'transfer') {
    return transferEvent({ ...event.transfer, code: (event.transfer.code ?? 1) + 10 });
  }
  return journalEvent({ ...event.journal, code: (event.journal.code ?? 1) + 10 });
}

/** The ids a command names, for the checker's pass over the step. */
export interface CommandIds {
  readonly accountIds: readonly string[];
  /** Transfer and journal-entry ids, and the pending ids they resolve. */
  readonly transferIds: readonly string[];
}

/** The ids a command names. */
export function idsOf(command: ClientCommand): CommandIds {
  if (command.kind === 'accounts') {
    return { accountIds: command.inputs.map((input) => input.id), transferIds: [] };
  }
  return { accountIds: [], transferIds: transferIdsOf(command) };
}

function transferIdsOf(command: ClientCommand): string[] {
  if (command.kind !== 'batch' && command.kind !== 'single') return [];
  const events = command.kind === 'single' ? [command.event] : command.events;
  return events.flatMap(({ event }) => {
    const input = event.kind === 'transfer' ? event.transfer : event.journal;
    return input.pendingId === undefined ? [input.id] : [input.id, input.pendingId];
  });
}
