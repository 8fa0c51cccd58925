import {
  type EventEnvelope,
  type EventJson,
  err,
  eventFromJson,
  type JsonObject,
  ok,
  parseId,
  parseTenantId,
  type Result,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, reason: string): ValidationError {
  return validationError(`envelope.${field}`, reason);
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function notNullableString(field: string, value: unknown): ValidationError {
  return invalid(field, value === undefined ? 'missing' : 'not_a_string_or_null');
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

// Only the instant form `eventToJson` writes (`toISOString`): anything else was not written by a
// Strongroom publisher, and a lenient parse would accept local times that shift by the reader's zone.
function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const instant = new Date(value);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === value;
}

/**
 * Parses the text of an envelope a publisher wrote (`EventJson`) back into an envelope, checking
 * every field before `eventFromJson`, which only asserts. The error names the first bad field
 * (`envelope.occurredAt`) and never echoes a value. Fields this version does not know are ignored.
 */
export function parseEventJson(text: string): Result<EventEnvelope, ValidationError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err(validationError('envelope', 'not_json'));
  }
  if (!isObject(parsed)) return err(validationError('envelope', 'not_an_object'));

  const id = parseId('evt', parsed['id']);
  if (id.isErr()) return err(invalid('id', id.error.reason));
  const tenantId = parseTenantId(parsed['tenantId']);
  if (tenantId.isErr()) return err(invalid('tenantId', tenantId.error.reason));
  const type = parsed['type'];
  if (typeof type !== 'string' || type.length === 0) return err(invalid('type', 'bad_format'));
  const schemaVersion = parsed['schemaVersion'];
  if (!positiveInteger(schemaVersion)) return err(invalid('schemaVersion', 'bad_format'));
  const payload = parsed['payload'];
  if (!isObject(payload)) return err(invalid('payload', 'not_an_object'));
  const occurredAt = parsed['occurredAt'];
  if (!isIsoInstant(occurredAt)) return err(invalid('occurredAt', 'bad_format'));

  const correlationId = parsed['correlationId'];
  if (!isNullableString(correlationId))
    return err(notNullableString('correlationId', correlationId));
  const causationId = parsed['causationId'];
  if (!isNullableString(causationId)) return err(notNullableString('causationId', causationId));
  const streamId = parsed['streamId'];
  if (!isNullableString(streamId)) return err(notNullableString('streamId', streamId));
  if (streamId === '') return err(invalid('streamId', 'empty'));
  const actor = parsed['actor'];
  if (!isNullableString(actor)) return err(notNullableString('actor', actor));
  const streamVersion = parsed['streamVersion'];
  if (streamVersion !== null && !positiveInteger(streamVersion)) {
    return err(invalid('streamVersion', 'bad_format'));
  }
  // An envelope is in a stream with a version, or in none (see `EventEnvelope.streamVersion`).
  if ((streamId === null) !== (streamVersion === null)) {
    return err(invalid('streamVersion', 'without_stream'));
  }

  const json: EventJson = {
    id: id.value,
    tenantId: tenantId.value,
    type,
    schemaVersion,
    // JSON.parse builds only JSON values.
    payload: payload as JsonObject,
    occurredAt,
    correlationId,
    causationId,
    streamId,
    streamVersion,
    actor,
  };
  return ok(eventFromJson(json));
}
