import { err, type Id, ok, type Result } from '@strongroom/kernel';
import {
  checkEventShape,
  checkPendingFields,
  type EventShape,
  type EventShapeCheck,
  type ParsedEventFields,
  parseEventInput,
  readCommonEventFields,
} from './event-fields.js';
import { amountFault, readIdField } from './field-checks.js';
import { readInputArray, readInputRecord } from './input-record.js';
import {
  JOURNAL_FLAG_NAMES,
  type JournalFlags,
  type Posting,
  type PostingSide,
} from './journal-entry.js';
import type { InvalidTransferInputError } from './ledger-input-error.js';
import { LEDGER_POSTINGS_MAX, LEDGER_POSTINGS_MIN } from './ledger-limits.js';
import type { TransferFailureStatus } from './transfer-status.js';

/** The fields a journal input may carry; any other field is ignored. */
export const JOURNAL_INPUT_FIELDS: readonly string[] = Object.freeze([
  'id',
  'postings',
  'code',
  'metadata',
  'flags',
  'pendingId',
  'timeoutMs',
  'effectiveAt',
]);

const POSTING_FIELDS: readonly string[] = Object.freeze(['accountId', 'side', 'amountMinor']);

/** A journal input that passed the shape checks. */
export type JournalShape = EventShape<JournalFlags>;

/** The outcome of the shape checks. */
export type JournalShapeCheck = EventShapeCheck<JournalFlags>;

/** A journal input after validation, before any lookup. */
export interface ParsedJournal extends ParsedEventFields<JournalFlags> {
  /** The postings; `null` only on a post or void (inherited). */
  readonly postings: readonly Posting[] | null;
}

/** Shape checks: `reserved_flag` (incl. balancing and closing, which journals lack), the id. */
export function checkJournalShape(input: unknown): JournalShapeCheck {
  return checkEventShape(input, JOURNAL_INPUT_FIELDS, JOURNAL_FLAG_NAMES);
}

interface RawPosting {
  readonly accountId: unknown;
  readonly side: PostingSide;
  readonly amountMinor: unknown;
}

/** Structure of the postings: the array, each element, the count (amounts come later). */
function readRawPostings(value: unknown): Result<RawPosting[], TransferFailureStatus> {
  const elements = readInputArray(value, LEDGER_POSTINGS_MAX);
  if (elements === 'too_long') return err('too_many_postings');
  if (elements === null) return err('postings_invalid');
  const postings: RawPosting[] = [];
  for (const element of elements) {
    const record = readInputRecord(element, POSTING_FIELDS);
    if (record === null) return err('postings_invalid');
    const side = record['side'];
    if (side !== 'debit' && side !== 'credit') return err('postings_invalid');
    postings.push({ accountId: record['accountId'], side, amountMinor: record['amountMinor'] });
  }
  if (postings.length < LEDGER_POSTINGS_MIN) return err('too_few_postings');
  return ok(postings);
}

/** Validation in precedence order; the first failing check is returned. */
export function validateJournal(
  shape: JournalShape,
  now: Date,
): Result<ParsedJournal, TransferFailureStatus> {
  const { flags, fields } = shape;
  const resolves = flags.postPending || flags.voidPending;
  if ([flags.pending, flags.postPending, flags.voidPending].filter(Boolean).length > 1)
    return err('flags_are_mutually_exclusive');

  let rawPostings: RawPosting[] | null = null;
  if (fields['postings'] !== undefined || !resolves) {
    if (fields['postings'] === undefined) return err('too_few_postings');
    const read = readRawPostings(fields['postings']);
    if (read.isErr()) return err(read.error);
    rawPostings = read.value;
  }
  const accountIds: Id<'acc'>[] = [];
  for (const posting of rawPostings ?? []) {
    const accountId = readIdField('acc', posting.accountId);
    if (accountId.kind !== 'valid') return err('posting_account_id_invalid');
    accountIds.push(accountId.id);
  }
  if (new Set(accountIds).size !== accountIds.length) return err('accounts_must_be_different');

  const pendingFields = checkPendingFields(shape);
  if (pendingFields.isErr()) return err(pendingFields.error);
  const { pending, timeoutMs } = pendingFields.value;

  let postings: Posting[] | null = null;
  if (rawPostings !== null) {
    postings = [];
    for (const [index, posting] of rawPostings.entries()) {
      const problem = amountFault(posting.amountMinor, false);
      if (problem !== null) return err(problem);
      const accountId = accountIds[index];
      if (accountId === undefined) return err('posting_account_id_invalid');
      postings.push({ accountId, side: posting.side, amountMinor: posting.amountMinor as bigint });
    }
  }

  const common = readCommonEventFields(fields, resolves, now);
  if (common.isErr()) return err(common.error);

  return ok({
    id: shape.id,
    flags,
    postings,
    code: common.value.code,
    metadata: common.value.metadata,
    pendingId: pending.kind === 'valid' ? pending.id : null,
    timeoutMs,
    effectiveAt: common.value.effectiveAt,
  });
}

/**
 * Parses an untrusted journal input without touching the state (shape and validation checks of
 * the engine, same precedence). Never throws. Balance per currency needs the accounts, so it is
 * checked by the engine (`postings_must_balance`).
 */
export function parseJournalInput(
  input: unknown,
  context: { readonly now: Date },
): Result<ParsedJournal, InvalidTransferInputError> {
  return parseEventInput(input, context.now, checkJournalShape, validateJournal);
}
