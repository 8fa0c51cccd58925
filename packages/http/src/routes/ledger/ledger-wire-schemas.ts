import { z } from '@hono/zod-openapi';
import { ACCOUNT_STATUS_PRECEDENCE, TRANSFER_STATUS_PRECEDENCE } from '@strongroom/ledger';
import { AmountMinorSchema } from '../../schemas/common-schemas.js';

// Response schemas are the wire shapes of the ledger's values (see `toWire`): every bigint a
// decimal string, every Date an ISO 8601 string. The handlers' `c.json(toWire(value))` is checked
// against them at compile time.

const InstantSchema = z.iso.datetime().openapi({ example: '2026-01-01T00:00:00.000Z' });

/** A commit-order stamp, strictly increasing over a ledger's events. */
const TimestampSchema = z.string().regex(/^\d+$/).openapi({ description: 'Commit-order stamp' });

const WireMetadataSchema = z.record(z.string(), z.unknown());

const PendingStatusSchema = z.enum(['none', 'pending', 'posted', 'voided', 'expired']);

// The flags and the pending state a transfer and a journal entry both carry, in wire order.
const pendingFlagFields = {
  linked: z.boolean(),
  pending: z.boolean(),
  postPending: z.boolean(),
  voidPending: z.boolean(),
};
const pendingStateFields = {
  pendingId: z.string().nullable(),
  timeoutMs: z.number().int().nullable(),
  expiresAt: InstantSchema.nullable(),
  effectiveAt: InstantSchema,
  insertedAt: InstantSchema,
  timestamp: TimestampSchema,
  pendingStatus: PendingStatusSchema,
};

/** The four running totals of an account, in minor units (TigerBeetle's model). */
export const BalancesSchema = z
  .object({
    debitsPending: AmountMinorSchema,
    debitsPosted: AmountMinorSchema,
    creditsPending: AmountMinorSchema,
    creditsPosted: AmountMinorSchema,
  })
  .openapi('LedgerBalances');

/** A ledger account with its current balances. */
export const AccountSchema = z
  .object({
    id: z.string(),
    currency: z.string(),
    code: z.number().int(),
    name: z.string(),
    owner: z.object({ type: z.string(), id: z.string() }).nullable(),
    type: z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']),
    metadata: WireMetadataSchema,
    flags: z.object({
      debitsMustNotExceedCredits: z.boolean(),
      creditsMustNotExceedDebits: z.boolean(),
    }),
    limits: z.object({
      floorMinor: AmountMinorSchema.nullable(),
      ceilingMinor: AmountMinorSchema.nullable(),
    }),
    status: z.enum(['open', 'closed']),
    balances: BalancesSchema,
    entryCount: z.number().int(),
    createdAt: InstantSchema,
    timestamp: TimestampSchema,
  })
  .openapi('LedgerAccount');

/** The outcome of one account creation: `created`, `exists` or a failure code. */
export const AccountResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(['created', ...ACCOUNT_STATUS_PRECEDENCE]),
    timestamp: TimestampSchema,
    account: AccountSchema.nullable(),
  })
  .openapi('LedgerAccountResult');

/** One result per account input, in order. */
export const AccountResultsSchema = z
  .object({ results: z.array(AccountResultSchema) })
  .openapi('LedgerAccountResults');

/** A two-account transfer as stored. */
export const TransferSchema = z
  .object({
    id: z.string(),
    debitAccountId: z.string(),
    creditAccountId: z.string(),
    amountMinor: AmountMinorSchema,
    currency: z.string(),
    code: z.number().int(),
    metadata: WireMetadataSchema,
    flags: z.object({
      ...pendingFlagFields,
      balancingDebit: z.boolean(),
      balancingCredit: z.boolean(),
      closingDebit: z.boolean(),
      closingCredit: z.boolean(),
    }),
    ...pendingStateFields,
  })
  .openapi('LedgerTransfer');

/** A multi-leg journal entry as stored. */
export const JournalEntrySchema = z
  .object({
    id: z.string(),
    postings: z.array(
      z.object({
        accountId: z.string(),
        side: z.enum(['debit', 'credit']),
        amountMinor: AmountMinorSchema,
      }),
    ),
    code: z.number().int(),
    metadata: WireMetadataSchema,
    flags: z.object(pendingFlagFields),
    ...pendingStateFields,
  })
  .openapi('LedgerJournalEntry');

/**
 * The outcome of one transfer or journal-entry event, with the balances after it of every account
 * it touched (the current ones for `exists`).
 */
export const TransferResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(['created', ...TRANSFER_STATUS_PRECEDENCE]),
    timestamp: TimestampSchema,
    transfer: TransferSchema.nullable(),
    journal: JournalEntrySchema.nullable(),
    debitAccount: BalancesSchema.nullable(),
    creditAccount: BalancesSchema.nullable(),
    accounts: z.array(z.object({ accountId: z.string(), balances: BalancesSchema })),
  })
  .openapi('LedgerTransferResult');

/** One result per transfer event, in order. */
export const TransferResultsSchema = z
  .object({ results: z.array(TransferResultSchema) })
  .openapi('LedgerTransferResults');

/** An account's balances now or at an instant, with its net posted and available amounts. */
export const AccountBalanceSchema = z
  .object({
    accountId: z.string(),
    currency: z.string(),
    balances: BalancesSchema,
    postedMinor: AmountMinorSchema,
    availableMinor: AmountMinorSchema,
    at: InstantSchema.nullable(),
    basis: z.enum(['current', 'inserted', 'effective']),
  })
  .openapi('LedgerAccountBalance');

/** One statement line with the running balance after it. */
export const StatementLineSchema = z
  .object({
    entry: z.object({
      accountId: z.string(),
      sequence: z.number().int(),
      transferId: z.string(),
      side: z.enum(['debit', 'credit']),
      kind: z.enum(['pending', 'posted', 'pending_released', 'pending_posted', 'expired']),
      amountMinor: AmountMinorSchema,
      balancesAfter: BalancesSchema,
      effectiveAt: InstantSchema,
      insertedAt: InstantSchema,
      timestamp: TimestampSchema,
    }),
    postedMinor: AmountMinorSchema,
    availableMinor: AmountMinorSchema,
  })
  .openapi('LedgerStatementLine');

const NextCursorSchema = z
  .string()
  .nullable()
  .openapi({ description: 'Pass as `cursor` for the next page; `null` on the last page' });

/** A page of an account's statement, oldest line first. */
export const StatementPageSchema = z
  .object({ items: z.array(StatementLineSchema), nextCursor: NextCursorSchema })
  .openapi('LedgerStatementPage');

/** A transfer or a journal entry. */
export const MovementSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('transfer'), transfer: TransferSchema }),
    z.object({ kind: z.literal('journal'), journal: JournalEntrySchema }),
  ])
  .openapi('LedgerMovement');

/** A page of the transfers and journal entries that moved an account. */
export const MovementPageSchema = z
  .object({ items: z.array(MovementSchema), nextCursor: NextCursorSchema })
  .openapi('LedgerMovementPage');

/** Current balances of a set of accounts summed per currency. */
export const AggregateBalancesSchema = z
  .object({
    totals: z.array(
      z.object({ currency: z.string(), accounts: z.number().int(), balances: BalancesSchema }),
    ),
  })
  .openapi('LedgerAggregateBalances');
