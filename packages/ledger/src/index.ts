/**
 * `@strongroom/ledger`: a double-entry ledger with TigerBeetle's transfer semantics — result
 * codes in a documented precedence, idempotent ids that burn on transient failures, pending
 * transfers with timeouts, linked chains, balancing and closing transfers, multi-leg journal
 * entries — on the storage port, so it runs on memory, Postgres, PGlite and DynamoDB alike. Every
 * command writes its audit leaf and outbox events in the same transaction.
 * @module
 */

export type { AccountResult } from './engine/account-result.js';
export type { ExpiryResult } from './engine/expire-pending-transfers.js';
export type { AccountEntry, AccountEntryKind } from './engine/ledger-changes.js';
export type { LedgerEvent } from './engine/ledger-event.js';
export type { AccountBalances, TransferResult } from './engine/transfer-result.js';
export {
  ACCOUNT_TYPES,
  type Account,
  type AccountFlags,
  type AccountLimits,
  type AccountOwner,
  type AccountState,
  type AccountType,
  type NormalSide,
  normalSideOf,
} from './model/account.js';
export {
  ACCOUNT_STATUS_PRECEDENCE,
  type AccountFailureStatus,
  type AccountStatus,
} from './model/account-status.js';
export { type Balances, ZERO_BALANCES } from './model/balances.js';
export {
  type ConversionError,
  type ConversionRequest,
  type ConversionRounding,
  conversion,
  convertAmount,
} from './model/currency-conversion.js';
export type { ParsedEventFields } from './model/event-fields.js';
export type {
  JournalEntry,
  JournalFlags,
  Posting,
  PostingSide,
} from './model/journal-entry.js';
export type {
  AccountInput,
  AccountInputFlags,
  JournalInput,
  JournalInputFlags,
  PostingInput,
  TransferInput,
  TransferInputFlags,
} from './model/ledger-input.js';
export type {
  InvalidAccountInputError,
  InvalidTransferInputError,
} from './model/ledger-input-error.js';
export {
  LEDGER_BATCH_EVENTS_MAX,
  LEDGER_CODE_MAX,
  LEDGER_METADATA_MAX_BYTES,
  LEDGER_METADATA_MAX_DEPTH,
  LEDGER_NAME_MAX_LENGTH,
  LEDGER_OWNER_FIELD_MAX_LENGTH,
  LEDGER_POSTINGS_MAX,
  LEDGER_POSTINGS_MIN,
  LEDGER_TIMEOUT_MAX_MS,
} from './model/ledger-limits.js';
export { type ParsedAccount, parseAccountInput } from './model/parse-account.js';
export { type ParsedJournal, parseJournalInput } from './model/parse-journal.js';
export { type ParsedTransfer, parseTransferInput } from './model/parse-transfer.js';
export {
  applyTemplate,
  type CompiledLeg,
  definePostingTemplate,
  type InvalidPostingTemplateError,
  type PostingTemplate,
  type PostingTemplateDefinition,
  type TemplateApplication,
  type TemplateApplicationError,
  type TemplateLegDefinition,
  type TemplateParameterKind,
} from './model/posting-template.js';
export {
  journalReversalOf,
  type NotReversibleError,
  type NotReversibleReason,
  type ReversalOptions,
  reversalOf,
} from './model/reversal.js';
export type {
  MovementLifecycle,
  PendingStatus,
  Transfer,
  TransferFlags,
} from './model/transfer.js';
export {
  TRANSFER_STATUS_PRECEDENCE,
  TRANSIENT_TRANSFER_STATUSES,
  type TransferFailureStatus,
  type TransferStatus,
} from './model/transfer-status.js';
export type { CurrencyBalances } from './service/aggregate-balances.js';
export {
  AUTO_BATCH_MAX_WAIT_MS_MAX,
  type TransferAutoBatchOptions,
} from './service/auto-batcher.js';
export {
  type AccountBalance,
  type BalanceBasis,
  type BalanceOptions,
  LEDGER_HISTORY_SCAN_MAX,
} from './service/balance.js';
export { createLedger, type Ledger, type LedgerOptions } from './service/ledger.js';
export { LEDGER_AUDIT_ACTIONS, LEDGER_AUDIT_RESOURCE } from './service/ledger-audit.js';
export { LEDGER_SYSTEM_ACTOR, type LedgerRequestContext } from './service/ledger-context.js';
export type {
  AccountNotFoundError,
  BatchIncompleteError,
  BatchTooLargeError,
  ChainTooLargeError,
  HistoryTooLongError,
  LedgerBatchError,
  LedgerCommandError,
  LedgerCommitError,
  LedgerQueryError,
} from './service/ledger-error.js';
export {
  type JoinedTransferCommand,
  LEDGER_SCOPE_COMMANDS_MAX,
  LEDGER_SCOPE_EVENTS_MAX,
  type LedgerScope,
} from './service/ledger-scope.js';
export {
  LEDGER_COMMAND_ATTEMPTS_MAX,
  LEDGER_COMMAND_TRANSACTION,
} from './service/ledger-transaction.js';
export type { NetBalance } from './service/net-balance.js';
export { LEDGER_EVENT_TYPES, type LedgerEventType } from './service/outbox-events.js';
export { LEDGER_LOOKUP_MAX } from './service/read-helpers.js';
export type { AccountPageOptions, LedgerPage, StatementLine } from './service/statement.js';
export {
  LEDGER_SWEEP_LIMIT_MAX,
  type SweepOptions,
  type SweepOutcome,
} from './service/sweep-expired.js';
export { LEDGER_QUERY_SCAN_MAX, type TransferQuery } from './service/transfer-queries.js';
export { LEDGER_COLLECTIONS } from './store/ledger-collections.js';
export type { StoredMovement } from './store/transfer-record.js';
