import { readInputArray, readInputRecord } from '../model/input-record.js';
import { LEDGER_POSTINGS_MAX } from '../model/ledger-limits.js';
import type { LedgerEvent } from './ledger-event.js';
import type { LedgerStateReader } from './ledger-state.js';

/** The ids a batch names, for the service to load before executing (first round). */
export interface ReferencedIds {
  /**
   * Event ids and pending ids: each must be looked up as a transfer, a journal entry and a burned
   * id (they share one id space).
   */
  readonly transferIds: string[];
  /** Every account named by an event. */
  readonly accountIds: string[];
  /**
   * Whether an event names a pending transfer or journal entry to post or void (`pendingId`),
   * whose accounts only its record names.
   */
  readonly resolvesPending: boolean;
}

const REFERENCE_FIELDS: readonly string[] = [
  'id',
  'pendingId',
  'debitAccountId',
  'creditAccountId',
  'postings',
];

// A value that can name a record: a non-empty string.
function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function addString(target: Set<string>, value: unknown): void {
  if (isName(value)) target.add(value);
}

/**
 * What to load first, deduplicated, in first-seen order. Only strings are collected: a malformed
 * value cannot name a record, and the engine reports it in precedence order. Hostile inputs are
 * read as the engine reads them, so this never throws either.
 */
export function referencedIds(events: readonly LedgerEvent[]): ReferencedIds {
  const transferIds = new Set<string>();
  const accountIds = new Set<string>();
  let resolvesPending = false;
  for (const event of events) {
    const input = event.kind === 'transfer' ? event.transfer : event.journal;
    const fields = readInputRecord(input, REFERENCE_FIELDS);
    if (fields === null) continue;
    addString(transferIds, fields['id']);
    addString(transferIds, fields['pendingId']);
    if (isName(fields['pendingId'])) resolvesPending = true;
    addString(accountIds, fields['debitAccountId']);
    addString(accountIds, fields['creditAccountId']);
    const postings = readInputArray(fields['postings'], LEDGER_POSTINGS_MAX);
    if (postings === null || postings === 'too_long') continue;
    for (const posting of postings)
      addString(accountIds, readInputRecord(posting, ['accountId'])?.['accountId']);
  }
  return { transferIds: [...transferIds], accountIds: [...accountIds], resolvesPending };
}

/**
 * The accounts of the pending transfers and journal entries that the batch resolves or retries
 * (second round, after `referencedIds`): a post or void moves money on the pending's accounts,
 * which the event itself need not name. Returns only ids not already among `referencedIds`.
 */
export function pendingAccountIds(
  events: readonly LedgerEvent[],
  state: LedgerStateReader,
): string[] {
  const first = referencedIds(events);
  const known = new Set(first.accountIds);
  const found = new Set<string>();
  const add = (id: string): void => {
    if (!known.has(id)) found.add(id);
  };
  for (const id of first.transferIds) {
    const transfer = state.transfer(id);
    if (transfer !== undefined) {
      add(transfer.debitAccountId);
      add(transfer.creditAccountId);
    }
    const journal = state.journal(id);
    if (journal !== undefined) for (const posting of journal.postings) add(posting.accountId);
  }
  return [...found];
}
