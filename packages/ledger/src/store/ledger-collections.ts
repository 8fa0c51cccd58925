/**
 * The record collections of the ledger, per tenant:
 * - `accounts`: one record per account, keyed by its id, with its running balances;
 * - `transfers`: one record per transfer, journal entry or burned id (one `trf_` id space): an id
 *   burned by a transient failure, so a retry gets `id_already_failed`, holds a record of kind
 *   `burned` under the key its movement would take (see `BURNED_RECORD_KIND`);
 * - `entries`: statement lines, `<accountId>.<sequence zero-padded to 12>`, each with the
 *   balances after it, so an account's history lists in sequence order;
 * - `expiries`: the pending-expiry index, `<expiresAt ISO>.<timestamp>.<transferId>`, listed in
 *   (expiresAt, timestamp) order by the sweep; removed when the pending transfer resolves;
 * - `transferLog`: every transfer and journal entry in insertion order,
 *   `<insertedAt ISO>.<timestamp>.<transferId>`, for queries by time range and code.
 */
export const LEDGER_COLLECTIONS = {
  accounts: 'ledger.accounts',
  transfers: 'ledger.transfers',
  entries: 'ledger.entries',
  expiries: 'ledger.expiries',
  transferLog: 'ledger.transfer_log',
} as const;

/** Digits of an entry sequence in its record id: 10^12 entries per account before it overflows. */
export const ENTRY_SEQUENCE_DIGITS = 12;

/** Digits of a commit stamp in index ids: every non-negative 64-bit integer fits. */
export const TIMESTAMP_DIGITS = 20;
