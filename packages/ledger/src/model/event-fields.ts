import { err, type Id, type JsonObject, ok, type Result } from '@strongroom/kernel';
import {
  classifyCode,
  type IdField,
  isValidDate,
  isValidTimeout,
  readIdField,
} from './field-checks.js';
import { readFlags, readInputRecord } from './input-record.js';
import type { InvalidTransferInputError } from './ledger-input-error.js';
import { checkMetadata } from './metadata.js';
import type { TransferFailureStatus } from './transfer-status.js';

/** An event input (transfer or journal entry) that passed the shape checks. */
export interface EventShape<Flags> {
  /** The parsed id. */
  readonly id: Id<'trf'>;
  /** The flags, absent ones `false`. */
  readonly flags: Flags;
  /** The raw fields (absent ones missing), for idempotency comparisons and validation. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * What validation gives for every event kind alike; `null` marks an omitted field, which a post or
 * void inherits from the pending event it resolves.
 */
export interface ParsedEventFields<Flags> {
  /** The id. */
  readonly id: Id<'trf'>;
  /** The flags. */
  readonly flags: Flags;
  /** Code; `null` only on a post or void (inherited). */
  readonly code: number | null;
  /** Metadata; `null` = omitted (`{}`, or inherited on a post or void). */
  readonly metadata: JsonObject | null;
  /** The pending event, on a post or void. */
  readonly pendingId: Id<'trf'> | null;
  /** Timeout of a pending event; `null` = none. */
  readonly timeoutMs: number | null;
  /** Effective time; `null` = the execution time. */
  readonly effectiveAt: Date | null;
}

/** The outcome of the shape checks: the shape, or the code and whatever id could be read. */
export type EventShapeCheck<Flags> =
  | ({ readonly ok: true } & EventShape<Flags>)
  | { readonly ok: false; readonly id: string; readonly status: TransferFailureStatus };

/** The id of an input as far as it can be read, for results of inputs without a valid id. */
export function rawIdOf(fields: Readonly<Record<string, unknown>> | null): string {
  const id = fields?.['id'];
  return typeof id === 'string' ? id : '';
}

/**
 * Shape checks of both event kinds, TigerBeetle's group 2: `reserved_flag` (a flag outside
 * `flagNames`), `id_must_not_be_zero`, `id_invalid`.
 */
export function checkEventShape<Name extends string>(
  input: unknown,
  fieldNames: readonly string[],
  flagNames: readonly Name[],
): EventShapeCheck<Record<Name, boolean>> {
  const fields = readInputRecord(input, fieldNames);
  if (fields === null) return { ok: false, id: '', status: 'id_must_not_be_zero' };
  const flags = readFlags(fields['flags'], flagNames);
  if (flags === null) return { ok: false, id: rawIdOf(fields), status: 'reserved_flag' };
  const id = readIdField('trf', fields['id']);
  if (id.kind === 'absent') return { ok: false, id: '', status: 'id_must_not_be_zero' };
  if (id.kind === 'invalid') return { ok: false, id: rawIdOf(fields), status: 'id_invalid' };
  return { ok: true, id: id.id, flags, fields };
}

/**
 * Parses an untrusted event input with its kind's shape checks and validation, in the engine's
 * precedence, without touching the state. Never throws; a refusal carries the engine's code.
 */
export function parseEventInput<Flags, Parsed>(
  input: unknown,
  now: Date,
  checkShape: (input: unknown) => EventShapeCheck<Flags>,
  validate: (shape: EventShape<Flags>, now: Date) => Result<Parsed, TransferFailureStatus>,
): Result<Parsed, InvalidTransferInputError> {
  const shape = checkShape(input);
  if (!shape.ok) return err({ type: 'ledger.invalid_transfer_input', status: shape.status });
  return validate(shape, now).mapErr((status) => ({
    type: 'ledger.invalid_transfer_input' as const,
    status,
  }));
}

/** The two-phase flags both event kinds carry. */
interface PhaseFlags {
  readonly pending: boolean;
  readonly postPending: boolean;
  readonly voidPending: boolean;
}

/** `pendingId` and `timeoutMs` of an event, checked. */
export interface PendingFields {
  readonly pending: IdField<'trf'>;
  /** The timeout in ms, or `null` when there is none. */
  readonly timeoutMs: number | null;
}

/**
 * The pending-id and timeout checks both event kinds make, in precedence order: a pending id only
 * (and always) on a post or void, well formed and not the event's own id; a timeout only on a
 * pending event, within bounds.
 */
export function checkPendingFields(
  shape: EventShape<PhaseFlags>,
): Result<PendingFields, TransferFailureStatus> {
  const { flags, fields } = shape;
  const resolves = flags.postPending || flags.voidPending;
  const pending = readIdField('trf', fields['pendingId']);
  if (pending.kind !== 'absent' && !resolves) return err('pending_id_must_be_zero');
  if (pending.kind === 'absent' && resolves) return err('pending_id_must_not_be_zero');
  if (pending.kind === 'invalid') return err('pending_id_invalid');
  if (pending.kind === 'valid' && pending.id === shape.id)
    return err('pending_id_must_be_different');

  const timeout = fields['timeoutMs'];
  if (timeout !== undefined && !flags.pending) return err('timeout_reserved_for_pending_transfer');
  if (timeout !== undefined && !isValidTimeout(timeout)) return err('timeout_invalid');
  return ok({ pending, timeoutMs: isValidTimeout(timeout) ? timeout : null });
}

/** `code`, `metadata` and `effectiveAt` of an event, checked; `null` marks an omitted one. */
export interface CommonEventFields {
  readonly code: number | null;
  readonly metadata: JsonObject | null;
  readonly effectiveAt: Date | null;
}

/**
 * The code, metadata and effective-time checks both event kinds end with, in precedence order. A
 * post or void (`resolves`) may omit the code (inherited); effective time may lie in the past but
 * not after `now`.
 */
export function readCommonEventFields(
  fields: Readonly<Record<string, unknown>>,
  resolves: boolean,
  now: Date,
): Result<CommonEventFields, TransferFailureStatus> {
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
  return ok({ code: codeKind === 'valid' ? (codeField as number) : null, metadata, effectiveAt });
}
