import {
  type Currency,
  err,
  type Id,
  isStorableText,
  type JsonObject,
  MONEY_MAX_MINOR_UNITS,
  ok,
  parseCurrency,
  type Result,
} from '@strongroom/kernel';
import {
  ACCOUNT_TYPES,
  type AccountFlags,
  type AccountLimits,
  type AccountOwner,
  type AccountType,
} from './account.js';
import type { AccountFailureStatus } from './account-status.js';
import { rawIdOf } from './event-fields.js';
import { classifyCode, readIdField } from './field-checks.js';
import { ownKeysOf, readFlags, readInputRecord } from './input-record.js';
import type { InvalidAccountInputError } from './ledger-input-error.js';
import { LEDGER_NAME_MAX_LENGTH, LEDGER_OWNER_FIELD_MAX_LENGTH } from './ledger-limits.js';
import { checkMetadata } from './metadata.js';

/** The fields an account input may carry; any other field is ignored. */
export const ACCOUNT_INPUT_FIELDS: readonly string[] = Object.freeze([
  'id',
  'currency',
  'code',
  'name',
  'type',
  'owner',
  'metadata',
  'flags',
  'limits',
]);

const ACCOUNT_FLAG_NAMES = Object.freeze([
  'linked',
  'debitsMustNotExceedCredits',
  'creditsMustNotExceedDebits',
  'closed',
] as const);

const LIMIT_FIELDS: readonly string[] = Object.freeze(['floorMinor', 'ceilingMinor']);

// Control characters make names and owner ids unprintable in statements and logs.
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** An account input that passed the shape checks. */
export interface AccountShape {
  /** The parsed id. */
  readonly id: Id<'acc'>;
  /** The flags, absent ones `false`. */
  readonly flags: { readonly linked: boolean; readonly closed: boolean } & AccountFlags;
  /** The raw fields, for idempotency comparisons and validation. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The outcome of the shape checks. */
export type AccountShapeCheck =
  | ({ readonly ok: true } & AccountShape)
  | { readonly ok: false; readonly id: string; readonly status: AccountFailureStatus };

/** An account input after validation. */
export interface ParsedAccount {
  /** The id. */
  readonly id: Id<'acc'>;
  /** Whether it links with the next creation. */
  readonly linked: boolean;
  /** Whether it is created closed. */
  readonly closed: boolean;
  /** The limit flags. */
  readonly flags: AccountFlags;
  /** Floor and ceiling. */
  readonly limits: AccountLimits;
  /** Bookkeeping type. */
  readonly type: AccountType;
  /** Currency. */
  readonly currency: Currency;
  /** Code. */
  readonly code: number;
  /** Name. */
  readonly name: string;
  /** Owner or `null`. */
  readonly owner: AccountOwner | null;
  /** Metadata (`{}` when omitted). */
  readonly metadata: JsonObject;
}

/** Shape checks: `reserved_flag`, `id_must_not_be_zero`, `id_invalid`. */
export function checkAccountShape(input: unknown): AccountShapeCheck {
  const fields = readInputRecord(input, ACCOUNT_INPUT_FIELDS);
  if (fields === null) return { ok: false, id: '', status: 'id_must_not_be_zero' };
  const flags = readFlags(fields['flags'], ACCOUNT_FLAG_NAMES);
  if (flags === null) return { ok: false, id: rawIdOf(fields), status: 'reserved_flag' };
  const id = readIdField('acc', fields['id']);
  if (id.kind === 'absent') return { ok: false, id: '', status: 'id_must_not_be_zero' };
  if (id.kind === 'invalid') return { ok: false, id: rawIdOf(fields), status: 'id_invalid' };
  return { ok: true, id: id.id, flags, fields };
}

/** Reads `limits` into `{ floorMinor, ceilingMinor }`, or `null` when malformed. */
export function readLimits(value: unknown): AccountLimits | null {
  if (value === undefined) return { floorMinor: null, ceilingMinor: null };
  const keys = ownKeysOf(value);
  if (keys === null || keys.some((key) => !LIMIT_FIELDS.includes(key))) return null;
  const record = readInputRecord(value, LIMIT_FIELDS);
  if (record === null) return null;
  const read = (bound: unknown): bigint | null | undefined => {
    if (bound === undefined) return null;
    if (typeof bound !== 'bigint') return undefined;
    return bound >= -MONEY_MAX_MINOR_UNITS && bound <= MONEY_MAX_MINOR_UNITS ? bound : undefined;
  };
  const floorMinor = read(record['floorMinor']);
  const ceilingMinor = read(record['ceilingMinor']);
  if (floorMinor === undefined || ceilingMinor === undefined) return null;
  return { floorMinor, ceilingMinor };
}

function isText(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= maxLength &&
    value.trim().length > 0 &&
    !hasControlCharacter(value) &&
    // A lone surrogate has no UTF-8 form: Postgres and DynamoDB could not store it as sent.
    isStorableText(value)
  );
}

/** Reads `owner` into an owner or `null`; `undefined` when malformed. */
export function readOwner(value: unknown): AccountOwner | null | undefined {
  if (value === undefined) return null;
  const record = readInputRecord(value, ['type', 'id']);
  if (record === null) return undefined;
  const type = record['type'];
  const id = record['id'];
  if (!isText(type, LEDGER_OWNER_FIELD_MAX_LENGTH) || !isText(id, LEDGER_OWNER_FIELD_MAX_LENGTH))
    return undefined;
  return { type, id };
}

/** Validation in precedence order; the first failing check is returned. */
export function validateAccount(shape: AccountShape): Result<ParsedAccount, AccountFailureStatus> {
  const { flags, fields } = shape;
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits)
    return err('flags_are_mutually_exclusive');
  const limits = readLimits(fields['limits']);
  if (limits === null) return err('limits_invalid');
  if (limits.floorMinor !== null && limits.floorMinor > 0n)
    return err('floor_must_not_be_positive');
  if (limits.ceilingMinor !== null && limits.ceilingMinor < 0n)
    return err('ceiling_must_not_be_negative');
  const type = fields['type'];
  if (!ACCOUNT_TYPES.includes(type as AccountType)) return err('type_invalid');
  const currency = parseCurrency(fields['currency']);
  if (currency.isErr()) return err('currency_invalid');
  const codeKind = classifyCode(fields['code']);
  if (codeKind === 'zero') return err('code_must_not_be_zero');
  if (codeKind === 'invalid') return err('code_invalid');
  const name = fields['name'];
  if (!isText(name, LEDGER_NAME_MAX_LENGTH)) return err('name_invalid');
  const owner = readOwner(fields['owner']);
  if (owner === undefined) return err('owner_invalid');
  let metadata: JsonObject = {};
  if (fields['metadata'] !== undefined) {
    const checked = checkMetadata(fields['metadata']);
    if (!checked.ok) return err(checked.reason);
    metadata = checked.metadata;
  }
  return ok({
    id: shape.id,
    linked: flags.linked,
    closed: flags.closed,
    flags: {
      debitsMustNotExceedCredits: flags.debitsMustNotExceedCredits,
      creditsMustNotExceedDebits: flags.creditsMustNotExceedDebits,
    },
    limits,
    type: type as AccountType,
    currency: currency.value,
    code: fields['code'] as number,
    name,
    owner,
    metadata,
  });
}

/** Parses an untrusted account input (shape and validation, engine precedence). Never throws. */
export function parseAccountInput(input: unknown): Result<ParsedAccount, InvalidAccountInputError> {
  const shape = checkAccountShape(input);
  if (!shape.ok) return err({ type: 'ledger.invalid_account_input', status: shape.status });
  return validateAccount(shape).mapErr((status) => ({
    type: 'ledger.invalid_account_input' as const,
    status,
  }));
}
