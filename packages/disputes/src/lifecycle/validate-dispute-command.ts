import { parseCurrency, type ValidationError, validationError } from '@strongroom/kernel';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from '../evidence/evidence-limits.js';
import type { CommandSource } from './command-source.js';
import type { DisputeCommand, DisputeOpening } from './dispute-command.js';
import type { ResponseDeadline } from './dispute-data.js';
import {
  DISPUTE_AMOUNT_MAX_DIGITS,
  DISPUTE_PROVIDER_ID_MAX_LENGTH,
  DISPUTE_PROVIDER_NAME_MAX_LENGTH,
  DISPUTE_REASON_CODE_MAX_LENGTH,
} from './dispute-limits.js';
import { DISPUTE_STAGES } from './dispute-status.js';
import { isIsoDate, isIsoInstant } from './iso-time.js';

// Reason codes are short tokens: `10.4`, `4853`, `FR2`, `UA01`, `12.6.1`.
const REASON_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
// Provider ids are opaque, but printable ASCII without spaces keeps them safe in logs and keys.
const PROVIDER_ID_PATTERN = /^[\x21-\x7e]+$/;
const AMOUNT_MINOR_PATTERN = /^[1-9][0-9]*$/;

/**
 * The first malformed field of a command, if any. Only what the types cannot promise is checked
 * (strings from providers: times, codes, amounts, ids); evidence items arrive already valid.
 */
export function validateDisputeCommand(command: DisputeCommand): ValidationError | undefined {
  if (!isIsoInstant(command.occurredAt)) return validationError('occurredAt', 'bad_format');
  const sourceError = validateSource(command.source);
  if (sourceError !== undefined) return sourceError;
  switch (command.type) {
    case 'open_inquiry':
    case 'open_chargeback':
    case 'record_prevention':
      return validateOpening(command);
    case 'escalate_inquiry':
      return (
        (command.reasonCode === undefined ? undefined : validateReasonCode(command.reasonCode)) ??
        validateDeadline(command.deadline)
      );
    case 'file_pre_arbitration':
    case 'open_pre_arbitration':
    case 'escalate_to_arbitration':
    case 'set_deadline':
      return validateDeadline(command.deadline);
    case 'stage_evidence':
      return validateItemFields(command.items.map((item) => item.field));
    case 'submit_evidence':
      return command.stage === undefined ||
        (DISPUTE_STAGES as readonly string[]).includes(command.stage)
        ? undefined
        : validationError('stage', 'unknown');
    default:
      return undefined;
  }
}

function validateSource(source: CommandSource): ValidationError | undefined {
  if (source.kind !== 'provider') return undefined;
  return (
    validateToken('source.provider', source.provider, PROVIDER_NAME_PATTERN, nameLimit) ??
    validateToken('source.notificationId', source.notificationId, PROVIDER_ID_PATTERN, idLimit)
  );
}

function validateOpening(opening: DisputeOpening): ValidationError | undefined {
  const amount = opening.amount;
  if (!AMOUNT_MINOR_PATTERN.test(amount.amountMinor)) {
    return validationError('amount.amountMinor', 'not_a_positive_integer');
  }
  if (amount.amountMinor.length > DISPUTE_AMOUNT_MAX_DIGITS) {
    return validationError('amount.amountMinor', 'too_large');
  }
  if (parseCurrency(amount.currency).isErr()) {
    return validationError('amount.currency', 'unknown_currency');
  }
  if (!isIsoDate(opening.transactionDate)) {
    return validationError('transactionDate', 'bad_format');
  }
  const reference = opening.providerReference;
  return (
    validateReasonCode(opening.reasonCode) ??
    (reference === undefined
      ? undefined
      : (validateToken(
          'providerReference.provider',
          reference.provider,
          PROVIDER_NAME_PATTERN,
          nameLimit,
        ) ??
        validateToken(
          'providerReference.providerDisputeId',
          reference.providerDisputeId,
          PROVIDER_ID_PATTERN,
          idLimit,
        ))) ??
    validateDeadline(opening.deadline)
  );
}

function validateReasonCode(reasonCode: string): ValidationError | undefined {
  return validateToken('reasonCode', reasonCode, REASON_CODE_PATTERN, {
    maxLength: DISPUTE_REASON_CODE_MAX_LENGTH,
  });
}

function validateDeadline(deadline: ResponseDeadline | undefined): ValidationError | undefined {
  if (deadline?.kind !== 'due') return undefined;
  return isIsoInstant(deadline.dueAt) ? undefined : validationError('deadline.dueAt', 'bad_format');
}

function validateItemFields(fields: readonly string[]): ValidationError | undefined {
  if (fields.length === 0) return validationError('items', 'empty');
  if (fields.length > EVIDENCE_ITEMS_PER_DISPUTE_MAX) return validationError('items', 'too_many');
  // One value per field: two in one command would leave which one wins to list order.
  return new Set(fields).size === fields.length
    ? undefined
    : validationError('items', 'duplicate_field');
}

const nameLimit = { maxLength: DISPUTE_PROVIDER_NAME_MAX_LENGTH };
const idLimit = { maxLength: DISPUTE_PROVIDER_ID_MAX_LENGTH };

function validateToken(
  field: string,
  value: string,
  pattern: RegExp,
  limit: { readonly maxLength: number },
): ValidationError | undefined {
  // The length is checked first so that a hostile value is never run through the pattern.
  if (value.length === 0) return validationError(field, 'empty');
  if (value.length > limit.maxLength) return validationError(field, 'too_long');
  return pattern.test(value) ? undefined : validationError(field, 'bad_format');
}
