import { type Currency, err, type Id, ok, parseCurrency, type Result } from '@strongroom/kernel';
import {
  checkEventShape,
  checkPendingFields,
  type EventShape,
  type EventShapeCheck,
  type ParsedEventFields,
  parseEventInput,
  readCommonEventFields,
} from './event-fields.js';
import { amountFault, type IdField, readIdField } from './field-checks.js';
import type { InvalidTransferInputError } from './ledger-input-error.js';
import { TRANSFER_FLAG_NAMES, type TransferFlags } from './transfer.js';
import type { TransferFailureStatus } from './transfer-status.js';

/** The fields a transfer input may carry; any other field is ignored. */
export const TRANSFER_INPUT_FIELDS: readonly string[] = Object.freeze([
  'id',
  'debitAccountId',
  'creditAccountId',
  'amountMinor',
  'currency',
  'code',
  'metadata',
  'flags',
  'pendingId',
  'timeoutMs',
  'effectiveAt',
]);

/** A transfer input that passed the shape checks: a well-formed id and known boolean flags. */
export type TransferShape = EventShape<TransferFlags>;

/** The outcome of the shape checks: the shape, or the code and whatever id could be read. */
export type TransferShapeCheck = EventShapeCheck<TransferFlags>;

/**
 * A transfer input after validation, before any lookup. `null` marks an omitted optional field;
 * a plain or pending transfer always has both accounts, an amount, a currency and a code.
 */
export interface ParsedTransfer extends ParsedEventFields<TransferFlags> {
  /** Debit account; `null` only on a post or void (inherited). */
  readonly debitAccountId: Id<'acc'> | null;
  /** Credit account; `null` only on a post or void (inherited). */
  readonly creditAccountId: Id<'acc'> | null;
  /** Amount; `null` only on a post (full amount) or void. */
  readonly amountMinor: bigint | null;
  /** Currency; `null` only on a post or void (inherited). */
  readonly currency: Currency | null;
}

/** Shape checks, TigerBeetle's group 2: `reserved_flag`, `id_must_not_be_zero`, `id_invalid`. */
export function checkTransferShape(input: unknown): TransferShapeCheck {
  return checkEventShape(input, TRANSFER_INPUT_FIELDS, TRANSFER_FLAG_NAMES);
}

function idOrNull<Prefix extends string>(field: IdField<Prefix>): Id<Prefix> | null {
  return field.kind === 'valid' ? field.id : null;
}

/**
 * Validation, TigerBeetle's group 4, in precedence order: the first failing check is returned.
 * `now` is only compared with `effectiveAt` (no clock is read).
 */
export function validateTransfer(
  shape: TransferShape,
  now: Date,
): Result<ParsedTransfer, TransferFailureStatus> {
  const { flags, fields } = shape;
  const resolves = flags.postPending || flags.voidPending;
  const phaseFlags = [flags.pending, flags.postPending, flags.voidPending].filter(Boolean).length;
  if (phaseFlags > 1) return err('flags_are_mutually_exclusive');
  if (resolves && (flags.balancingDebit || flags.balancingCredit))
    return err('flags_are_mutually_exclusive');

  const debit = readIdField('acc', fields['debitAccountId']);
  if (debit.kind === 'absent' && !resolves) return err('debit_account_id_must_not_be_zero');
  if (debit.kind === 'invalid') return err('debit_account_id_invalid');
  const credit = readIdField('acc', fields['creditAccountId']);
  if (credit.kind === 'absent' && !resolves) return err('credit_account_id_must_not_be_zero');
  if (credit.kind === 'invalid') return err('credit_account_id_invalid');
  if (debit.kind === 'valid' && credit.kind === 'valid' && debit.id === credit.id)
    return err('accounts_must_be_different');

  const pendingFields = checkPendingFields(shape);
  if (pendingFields.isErr()) return err(pendingFields.error);
  const { pending, timeoutMs } = pendingFields.value;
  if ((flags.closingDebit || flags.closingCredit) && !flags.pending)
    return err('closing_transfer_must_be_pending');

  // Zero moves nothing, so it is refused except where TigerBeetle gives it a meaning: a post of
  // 0 releases the whole hold, a void names the full amount with 0, a closing transfer exists
  // for its side effect.
  const zeroAllowed = resolves || flags.closingDebit || flags.closingCredit;
  const amount = fields['amountMinor'];
  const amountProblem = amountFault(amount, zeroAllowed);
  if (amountProblem !== null) return err(amountProblem);

  const currencyField = fields['currency'];
  let currency: Currency | null = null;
  if (currencyField !== undefined || !resolves) {
    const parsed = parseCurrency(currencyField);
    if (parsed.isErr()) return err('currency_invalid');
    currency = parsed.value;
  }

  const common = readCommonEventFields(fields, resolves, now);
  if (common.isErr()) return err(common.error);

  return ok({
    id: shape.id,
    flags,
    debitAccountId: idOrNull(debit),
    creditAccountId: idOrNull(credit),
    amountMinor: typeof amount === 'bigint' ? amount : null,
    currency,
    code: common.value.code,
    metadata: common.value.metadata,
    pendingId: idOrNull(pending),
    timeoutMs,
    effectiveAt: common.value.effectiveAt,
  });
}

/**
 * Parses an untrusted transfer input without touching the state: the shape and validation checks
 * of the engine, in the same precedence. Never throws; a refusal carries the engine's code.
 */
export function parseTransferInput(
  input: unknown,
  context: { readonly now: Date },
): Result<ParsedTransfer, InvalidTransferInputError> {
  return parseEventInput(input, context.now, checkTransferShape, validateTransfer);
}
