import {
  type Currency,
  err,
  type Id,
  type JsonObject,
  ok,
  parseCurrency,
  type Result,
} from '@strongroom/kernel';
import {
  amountFault,
  classifyCode,
  type IdField,
  isValidDate,
  isValidTimeout,
  readIdField,
} from './field-checks.js';
import { readFlags, readInputRecord } from './input-record.js';
import type { InvalidTransferInputError } from './ledger-input-error.js';
import { checkMetadata } from './metadata.js';
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
export interface TransferShape {
  /** The parsed id. */
  readonly id: Id<'trf'>;
  /** The flags, absent ones `false`. */
  readonly flags: TransferFlags;
  /** The raw fields (absent ones missing), for idempotency comparisons and validation. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The outcome of the shape checks: the shape, or the code and whatever id could be read. */
export type TransferShapeCheck =
  | ({ readonly ok: true } & TransferShape)
  | { readonly ok: false; readonly id: string; readonly status: TransferFailureStatus };

/**
 * A transfer input after validation, before any lookup. `null` marks an omitted optional field;
 * a plain or pending transfer always has both accounts, an amount, a currency and a code.
 */
export interface ParsedTransfer {
  /** The id. */
  readonly id: Id<'trf'>;
  /** The flags. */
  readonly flags: TransferFlags;
  /** Debit account; `null` only on a post or void (inherited). */
  readonly debitAccountId: Id<'acc'> | null;
  /** Credit account; `null` only on a post or void (inherited). */
  readonly creditAccountId: Id<'acc'> | null;
  /** Amount; `null` only on a post (full amount) or void. */
  readonly amountMinor: bigint | null;
  /** Currency; `null` only on a post or void (inherited). */
  readonly currency: Currency | null;
  /** Code; `null` only on a post or void (inherited). */
  readonly code: number | null;
  /** Metadata; `null` = omitted (`{}`, or inherited on a post or void). */
  readonly metadata: JsonObject | null;
  /** The pending transfer, on a post or void. */
  readonly pendingId: Id<'trf'> | null;
  /** Timeout of a pending transfer; `null` = none. */
  readonly timeoutMs: number | null;
  /** Effective time; `null` = the execution time. */
  readonly effectiveAt: Date | null;
}

/** The id of an input as far as it can be read, for results of inputs without a valid id. */
export function rawIdOf(fields: Readonly<Record<string, unknown>> | null): string {
  const id = fields?.['id'];
  return typeof id === 'string' ? id : '';
}

/** Shape checks, TigerBeetle's group 2: `reserved_flag`, `id_must_not_be_zero`, `id_invalid`. */
export function checkTransferShape(input: unknown): TransferShapeCheck {
  const fields = readInputRecord(input, TRANSFER_INPUT_FIELDS);
  if (fields === null) return { ok: false, id: '', status: 'id_must_not_be_zero' };
  const flags = readFlags(fields['flags'], TRANSFER_FLAG_NAMES);
  if (flags === null) return { ok: false, id: rawIdOf(fields), status: 'reserved_flag' };
  const id = readIdField('trf', fields['id']);
  if (id.kind === 'absent') return { ok: false, id: '', status: 'id_must_not_be_zero' };
  if (id.kind === 'invalid') return { ok: false, id: rawIdOf(fields), status: 'id_invalid' };
  return { ok: true, id: id.id, flags, fields };
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

  const pending = readIdField('trf', fields['pendingId']);
  if (pending.kind !== 'absent' && !resolves) return err('pending_id_must_be_zero');
  if (pending.kind === 'absent' && resolves) return err('pending_id_must_not_be_zero');
  if (pending.kind === 'invalid') return err('pending_id_invalid');
  if (pending.kind === 'valid' && pending.id === shape.id)
    return err('pending_id_must_be_different');

  const timeout = fields['timeoutMs'];
  if (timeout !== undefined && !flags.pending) return err('timeout_reserved_for_pending_transfer');
  if (timeout !== undefined && !isValidTimeout(timeout)) return err('timeout_invalid');
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

  const codeField = fields['code'];
  const codeKind = classifyCode(codeField);
  if (codeKind === 'zero' && (!resolves || codeField !== undefined))
    return err('code_must_not_be_zero');
  if (codeKind === 'invalid') return err('code_invalid');

  let metadata: JsonObject | null = null;
  if (fields['metadata'] !== undefined) {
    const checked = checkMetadata(fields['metadata']);
    if (!checked.ok) return err(checked.reason);
    metadata = checked.metadata;
  }

  const effectiveAtField = fields['effectiveAt'];
  let effectiveAt: Date | null = null;
  if (effectiveAtField !== undefined) {
    if (!isValidDate(effectiveAtField)) return err('effective_at_invalid');
    if (effectiveAtField.getTime() > now.getTime())
      return err('effective_at_must_not_be_in_the_future');
    effectiveAt = new Date(effectiveAtField.getTime());
  }

  return ok({
    id: shape.id,
    flags,
    debitAccountId: idOrNull(debit),
    creditAccountId: idOrNull(credit),
    amountMinor: typeof amount === 'bigint' ? amount : null,
    currency,
    code: codeKind === 'valid' ? (codeField as number) : null,
    metadata,
    pendingId: idOrNull(pending),
    timeoutMs: isValidTimeout(timeout) ? timeout : null,
    effectiveAt,
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
  const shape = checkTransferShape(input);
  if (!shape.ok) return err({ type: 'ledger.invalid_transfer_input', status: shape.status });
  return validateTransfer(shape, context.now).mapErr((status) => ({
    type: 'ledger.invalid_transfer_input' as const,
    status,
  }));
}
