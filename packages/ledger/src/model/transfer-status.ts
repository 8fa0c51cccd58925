/**
 * Every outcome of a transfer or journal-entry event except `created`, in descending precedence:
 * when an event has several faults, the one listed first is reported. The groups and their order
 * follow TigerBeetle's `CreateTransferStatus` (chain, shape, idempotency, validation, lookups,
 * closed accounts, arithmetic and limits); within them:
 *
 * - TigerBeetle codes that cannot happen with string ids and no import mode are dropped
 *   (`*_int_max`, `imported_*`, `timestamp_must_be_zero`, `overflows_timeout`: timeouts are
 *   bounded). "Zero" in a kept TigerBeetle name means "absent" (`pending_id_must_not_be_zero`).
 * - `ledger` becomes `currency`, and `user_data_*` becomes `metadata`.
 * - Ours are added where their check runs: malformed ids (`*_invalid`),
 *   `exists_with_different_kind` (the id belongs to a journal entry, or the other way round),
 *   amount range, codes, metadata, effective time, journal postings (the count bound first, so
 *   a hostile array is refused before it is walked), and floors and ceilings after TigerBeetle's
 *   flag limits.
 * - `exists` counts as success inside a linked chain (see `runLinkedBatch`).
 */
export const TRANSFER_STATUS_PRECEDENCE = Object.freeze([
  // 1. Batch and chain.
  'linked_event_failed',
  'linked_event_chain_open',
  // 2. Shape: without a well-formed id nothing else can be looked up.
  'reserved_flag',
  'id_must_not_be_zero',
  'id_invalid',
  // 3. Idempotency, fields in TigerBeetle's comparison order.
  'exists_with_different_kind',
  'exists_with_different_flags',
  'exists_with_different_pending_id',
  'exists_with_different_timeout',
  'exists_with_different_debit_account_id',
  'exists_with_different_credit_account_id',
  'exists_with_different_amount',
  'exists_with_different_postings',
  'exists_with_different_metadata',
  'exists_with_different_currency',
  'exists_with_different_code',
  'exists_with_different_effective_at',
  'exists',
  'id_already_failed',
  // 4. Validation of the event alone.
  'flags_are_mutually_exclusive',
  'debit_account_id_must_not_be_zero',
  'debit_account_id_invalid',
  'credit_account_id_must_not_be_zero',
  'credit_account_id_invalid',
  // Journal postings: the count bound first, so a hostile array is refused before it is walked.
  'too_many_postings',
  'postings_invalid',
  'too_few_postings',
  'posting_account_id_invalid',
  'accounts_must_be_different',
  'pending_id_must_be_zero',
  'pending_id_must_not_be_zero',
  'pending_id_invalid',
  'pending_id_must_be_different',
  'timeout_reserved_for_pending_transfer',
  'timeout_invalid',
  'closing_transfer_must_be_pending',
  'amount_invalid',
  'amount_must_not_be_negative',
  'amount_must_be_positive',
  'amount_exceeds_maximum',
  'currency_invalid',
  'code_must_not_be_zero',
  'code_invalid',
  'metadata_invalid',
  'metadata_too_large',
  'effective_at_invalid',
  'effective_at_must_not_be_in_the_future',
  // 5. Lookups against the state.
  'debit_account_not_found',
  'credit_account_not_found',
  'accounts_must_have_the_same_currency',
  'transfer_must_have_the_same_currency_as_accounts',
  'postings_must_balance',
  'pending_transfer_not_found',
  'pending_transfer_has_different_kind',
  'pending_transfer_not_pending',
  'pending_transfer_has_different_debit_account_id',
  'pending_transfer_has_different_credit_account_id',
  'pending_transfer_has_different_postings',
  'pending_transfer_has_different_currency',
  'pending_transfer_has_different_code',
  'exceeds_pending_transfer_amount',
  'pending_transfer_has_different_amount',
  'pending_transfer_already_posted',
  'pending_transfer_already_voided',
  'pending_transfer_expired',
  // 6. Closed accounts (skipped for voids).
  'debit_account_already_closed',
  'credit_account_already_closed',
  // 7. Arithmetic and limits.
  'overflows_debits_pending',
  'overflows_credits_pending',
  'overflows_debits_posted',
  'overflows_credits_posted',
  'overflows_debits',
  'overflows_credits',
  'exceeds_credits',
  'exceeds_debits',
  'exceeds_floor',
  'exceeds_ceiling',
] as const);

/** A failure (or `exists`) of a transfer or journal-entry event; see the precedence list. */
export type TransferFailureStatus = (typeof TRANSFER_STATUS_PRECEDENCE)[number];

/**
 * The result code of one transfer or journal-entry event: `created`, `exists` (same content as
 * the stored event: treat as `created`) or a failure named after TigerBeetle's code.
 */
export type TransferStatus = 'created' | TransferFailureStatus;

/**
 * Failures that a later retry could turn into a success (money arrives, an account is created or
 * reopened, a pending transfer appears). They burn the id, so a retry with it answers
 * `id_already_failed` and can never succeed after a reported failure (TigerBeetle PR #2335).
 * Validation failures do not burn the id.
 */
export const TRANSIENT_TRANSFER_STATUSES: ReadonlySet<TransferStatus> = new Set<TransferStatus>([
  'debit_account_not_found',
  'credit_account_not_found',
  'pending_transfer_not_found',
  'exceeds_credits',
  'exceeds_debits',
  'exceeds_floor',
  'exceeds_ceiling',
  'debit_account_already_closed',
  'credit_account_already_closed',
]);

const PRECEDENCE_RANK: ReadonlyMap<TransferStatus, number> = new Map(
  TRANSFER_STATUS_PRECEDENCE.map((status, index) => [status, index]),
);

/** Rank of a failure in {@link TRANSFER_STATUS_PRECEDENCE} (0 = highest); `created` ranks last. */
export function transferStatusRank(status: TransferStatus): number {
  return PRECEDENCE_RANK.get(status) ?? TRANSFER_STATUS_PRECEDENCE.length;
}

/** Whether a status means the event is recorded: `created`, or `exists` on a retry. */
export function isTransferRecorded(status: TransferStatus): boolean {
  return status === 'created' || status === 'exists';
}
