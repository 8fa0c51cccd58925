import { z } from '@hono/zod-openapi';
import {
  LEDGER_BATCH_EVENTS_MAX,
  LEDGER_CODE_MAX,
  LEDGER_NAME_MAX_LENGTH,
  LEDGER_OWNER_FIELD_MAX_LENGTH,
  LEDGER_POSTINGS_MAX,
  LEDGER_POSTINGS_MIN,
  LEDGER_TIMEOUT_MAX_MS,
} from '@strongroom/ledger';
import { AmountMinorSchema, typeIdSchema } from '../../schemas/common-schemas.js';

/** Longest metadata key; the ledger bounds the whole object (4 KiB, 16 levels) itself. */
const METADATA_KEY_MAX_LENGTH = 256;

/** An `acc_…` account id. */
export const AccountIdSchema = typeIdSchema('acc');

/** A `trf_…` transfer or journal-entry id. */
export const TransferIdSchema = typeIdSchema('trf');

/** An ISO 4217 code; whether the ledger knows it is the ledger's check (`currency_invalid`). */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .openapi({ example: 'USD' });

/** A caller-defined account or transfer code. */
export const LedgerCodeSchema = z
  .number()
  .int()
  .min(1)
  .max(LEDGER_CODE_MAX)
  .openapi({ example: 1 });

/** Caller context: a JSON object (the ledger checks its size and depth). */
export const MetadataSchema = z
  .record(z.string().max(METADATA_KEY_MAX_LENGTH), z.unknown())
  .openapi('LedgerMetadata', { description: 'A JSON object of at most 4 KiB, 16 levels deep' });

/** When an event takes effect for the books; in the past or now, never in the future. */
export const EffectiveAtSchema = z.iso.datetime({ offset: true });

/** How long a pending transfer holds its amount before it expires. */
export const TimeoutMsSchema = z.number().int().min(1).max(LEDGER_TIMEOUT_MAX_MS);

// The flags and the pending fields a transfer and a journal entry both take, each flag off unless set.
const pendingFlagInputFields = {
  linked: z.boolean().default(false),
  pending: z.boolean().default(false),
  postPending: z.boolean().default(false),
  voidPending: z.boolean().default(false),
};
const pendingInputFields = {
  pendingId: TransferIdSchema.optional(),
  timeoutMs: TimeoutMsSchema.optional(),
  effectiveAt: EffectiveAtSchema.optional(),
};

/** An account as a caller asks for it; `id` is its idempotency key. */
export const AccountInputSchema = z
  .object({
    id: AccountIdSchema,
    currency: CurrencySchema,
    code: LedgerCodeSchema,
    name: z.string().min(1).max(LEDGER_NAME_MAX_LENGTH),
    type: z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']),
    owner: z
      .object({
        type: z.string().min(1).max(LEDGER_OWNER_FIELD_MAX_LENGTH),
        id: z.string().min(1).max(LEDGER_OWNER_FIELD_MAX_LENGTH),
      })
      .strict()
      .nullable()
      .optional(),
    metadata: MetadataSchema.optional(),
    flags: z
      .object({
        linked: z.boolean().default(false),
        debitsMustNotExceedCredits: z.boolean().default(false),
        creditsMustNotExceedDebits: z.boolean().default(false),
        closed: z.boolean().default(false),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        floorMinor: AmountMinorSchema.nullable().optional(),
        ceilingMinor: AmountMinorSchema.nullable().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('LedgerAccountInput');

/** Up to the ledger's batch size of account creations. */
export const AccountBatchInputSchema = z
  .object({ accounts: z.array(AccountInputSchema).min(1).max(LEDGER_BATCH_EVENTS_MAX) })
  .strict()
  .openapi('LedgerAccountBatchInput');

/**
 * A transfer event: plain, pending (`flags.pending`, `timeoutMs`), or the post or void of a
 * pending one (`flags.postPending` / `flags.voidPending` with `pendingId`).
 */
export const TransferInputSchema = z
  .object({
    id: TransferIdSchema,
    debitAccountId: AccountIdSchema.optional(),
    creditAccountId: AccountIdSchema.optional(),
    amountMinor: AmountMinorSchema.optional(),
    currency: CurrencySchema.optional(),
    code: LedgerCodeSchema.optional(),
    metadata: MetadataSchema.optional(),
    flags: z
      .object({
        ...pendingFlagInputFields,
        balancingDebit: z.boolean().default(false),
        balancingCredit: z.boolean().default(false),
        closingDebit: z.boolean().default(false),
        closingCredit: z.boolean().default(false),
      })
      .strict()
      .optional(),
    ...pendingInputFields,
  })
  .strict()
  .openapi('LedgerTransferInput');

/** Up to the ledger's batch size of transfer events, linked chains included. */
export const TransferBatchInputSchema = z
  .object({ transfers: z.array(TransferInputSchema).min(1).max(LEDGER_BATCH_EVENTS_MAX) })
  .strict()
  .openapi('LedgerTransferBatchInput');

/** Posts a pending transfer: in full without `amountMinor`, else that much (the rest is released). */
export const PostPendingInputSchema = z
  .object({ id: TransferIdSchema, amountMinor: AmountMinorSchema.optional() })
  .strict()
  .openapi('LedgerPostPendingInput');

/** Voids a pending transfer: its whole amount is released. */
export const VoidPendingInputSchema = z
  .object({ id: TransferIdSchema })
  .strict()
  .openapi('LedgerVoidPendingInput');

/** A multi-leg journal entry, or the post or void of a pending one (postings then optional). */
export const JournalInputSchema = z
  .object({
    id: TransferIdSchema,
    postings: z
      .array(
        z
          .object({
            accountId: AccountIdSchema,
            side: z.enum(['debit', 'credit']),
            amountMinor: AmountMinorSchema,
          })
          .strict(),
      )
      .min(LEDGER_POSTINGS_MIN)
      .max(LEDGER_POSTINGS_MAX)
      .optional(),
    code: LedgerCodeSchema.optional(),
    metadata: MetadataSchema.optional(),
    flags: z.object(pendingFlagInputFields).strict().optional(),
    ...pendingInputFields,
  })
  .strict()
  .openapi('LedgerJournalEntryInput');
