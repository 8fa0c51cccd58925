import { assert, err, ok, type Result } from '@strongroom/kernel';
import type { LedgerEvent } from '../engine/ledger-event.js';
import { readInputRecord } from '../model/input-record.js';
import { LEDGER_POSTINGS_MAX } from '../model/ledger-limits.js';

// Storage items one event may touch, read or written (DynamoDB counts items only read against the
// same limit as writes): its own record, a pending transfer's record, each account and its
// statement line, the log record, an expiry record and the outbox event, plus two spare (kept from
// when burned ids had a record of their own, so batches pack as before).
const TRANSFER_ITEMS = 11;
const JOURNAL_FIXED_ITEMS = 7;
// Serialized bytes one event may write at most: records, two account bodies with metadata, the
// outbox event with metadata, statement lines (metadata is bounded to 4 KiB).
const TRANSFER_BYTES = 24 * 1024;
const JOURNAL_BYTES_PER_POSTING = 6 * 1024;

/** A contiguous run of a command's events that must commit together. */
export interface EventRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Whether an input asks to be linked with the next event, read exactly as the engine reads it
 * (a `flags.linked` that is `true`, whatever else is wrong with the input): the service must cut
 * batches where the engine's chains end, or a chain could straddle two transactions.
 */
export function isLinked(input: unknown): boolean {
  try {
    if (typeof input !== 'object' || input === null) return false;
    const flags = (input as { flags?: unknown }).flags;
    return (
      typeof flags === 'object' && flags !== null && (flags as { linked?: unknown }).linked === true
    );
  } catch {
    return false;
  }
}

/**
 * The posting counts of pending journals, by id, for the posts and voids that give no postings of
 * their own and inherit the pending journal's (see `readInheritedPostings`).
 */
export type InheritedPostings = ReadonlyMap<string, number>;

const NOTHING_INHERITED: InheritedPostings = new Map();

// The pending id of a journal input that gives no postings, or undefined.
function inheritedFrom(input: unknown): string | undefined {
  const record = readInputRecord(input, ['postings', 'pendingId']);
  const pendingId = record?.['pendingId'];
  return record?.['postings'] === undefined && typeof pendingId === 'string'
    ? pendingId
    : undefined;
}

function postingCount(input: unknown, inherited: InheritedPostings): number {
  const record = readInputRecord(input, ['postings']);
  const postings = record?.['postings'];
  if (Array.isArray(postings)) return Math.min(postings.length, LEDGER_POSTINGS_MAX);
  // A post or void that inherits its pending journal's postings: their count when it was read,
  // else the most a journal can have.
  const pendingId = inheritedFrom(input);
  const known = pendingId === undefined ? undefined : inherited.get(pendingId);
  return known === undefined ? LEDGER_POSTINGS_MAX : Math.min(known, LEDGER_POSTINGS_MAX);
}

/** The pending journals whose postings these events inherit (posts and voids giving none). */
export function inheritingPendingIds(events: readonly LedgerEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const pendingId = event.kind === 'journal' ? inheritedFrom(event.journal) : undefined;
    if (pendingId !== undefined) ids.add(pendingId);
  }
  return [...ids];
}

/** A conservative count of the storage items an event touches. */
export function eventItems(
  event: LedgerEvent,
  inherited: InheritedPostings = NOTHING_INHERITED,
): number {
  if (event.kind === 'transfer') return TRANSFER_ITEMS;
  return JOURNAL_FIXED_ITEMS + 2 * postingCount(event.journal, inherited);
}

/** A conservative count of the bytes an event writes. */
export function eventBytes(
  event: LedgerEvent,
  inherited: InheritedPostings = NOTHING_INHERITED,
): number {
  if (event.kind === 'transfer') return TRANSFER_BYTES;
  return TRANSFER_BYTES + JOURNAL_BYTES_PER_POSTING * postingCount(event.journal, inherited);
}

/** The linked chains of a list of inputs: each ends at the first input not linked to the next. */
export function chainsOf(linked: readonly boolean[]): EventRange[] {
  const chains: EventRange[] = [];
  let start = 0;
  for (const [position, isLinkedToNext] of linked.entries()) {
    if (!isLinkedToNext || position === linked.length - 1) {
      chains.push({ start, end: position + 1 });
      start = position + 1;
    }
  }
  return chains;
}

/** What one transaction may hold, in the units {@link packUnits} counts. */
export interface TransactionBudget {
  readonly items: number;
  readonly bytes: number;
}

/** A unit too large for any transaction: its index in the list given to {@link packUnits}. */
export interface OversizedUnit {
  readonly unit: number;
}

/**
 * Packs units (chains, or whole single-event commands), in order, into as few transactions as the
 * budget allows, never splitting a unit. Each transaction is a contiguous run of units.
 */
export function packUnits(
  units: readonly { readonly items: number; readonly bytes: number }[],
  budget: TransactionBudget,
): Result<EventRange[], OversizedUnit> {
  assert(budget.items >= 1 && budget.bytes >= 1, 'a transaction holds something');
  const transactions: EventRange[] = [];
  let start = 0;
  let items = 0;
  let bytes = 0;
  for (const [position, unit] of units.entries()) {
    if (unit.items > budget.items || unit.bytes > budget.bytes) return err({ unit: position });
    if (
      position > start &&
      (items + unit.items > budget.items || bytes + unit.bytes > budget.bytes)
    ) {
      transactions.push({ start, end: position });
      start = position;
      items = 0;
      bytes = 0;
    }
    items += unit.items;
    bytes += unit.bytes;
  }
  if (units.length > start) transactions.push({ start, end: units.length });
  return ok(transactions);
}
