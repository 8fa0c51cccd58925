import { infrastructureError } from '@strongroom/kernel';
import { conflict, StorageFailure } from '@strongroom/kernel/adapter';
import { AbortedTransactionError } from 'kysely';

// SQLSTATEs after which running the whole transaction again is the right move: the database
// chose this transaction as the victim of a serialization failure or a deadlock.
const CONFLICT_STATES = new Set(['40001', '40P01']);

// SQLSTATEs of transient faults: the same command may succeed later, but not by an immediate retry
// inside the storage, so they are reported as retryable infrastructure errors.
const TRANSIENT_STATES = new Set([
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '58030', // io_error
]);

// What each SQLSTATE class means, so a message can say what failed without quoting the driver:
// PostgreSQL messages and details may contain parameter values (`invalid input syntax: "…"`).
const STATE_CLASSES: Readonly<Record<string, string>> = {
  '08': 'connection exception',
  '0A': 'feature not supported',
  '21': 'cardinality violation',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '28': 'invalid authorization',
  '40': 'transaction rollback',
  '42': 'syntax error or access rule violation',
  '53': 'insufficient resources',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  '57': 'operator intervention',
  '58': 'system error',
  P0: 'PL/pgSQL error',
  XX: 'internal error',
};

// Node socket errors: the database could not be reached or the connection broke.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// pg's own errors for a broken or unobtainable connection, which carry no code.
const CONNECTION_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|connection ended/i;

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE of a pg or PGlite error, or `undefined` for any other value. A socket error's code
 * can have the same shape (`EPIPE` is five capitals) but is not one.
 */
export function sqlStateOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && SQLSTATE_PATTERN.test(code) && !NETWORK_CODES.has(code)
    ? code
    : undefined;
}

/**
 * Turns an error of pg, PGlite or kysely into the {@link StorageFailure} that `createStorage`
 * understands: serialization failures and deadlocks become a conflict (retried); everything else
 * an infrastructure error whose message is built here from the SQLSTATE or socket code alone,
 * never from the driver's text, which may quote query parameters or row data.
 */
export function toStorageFailure(error: unknown, operation: string): StorageFailure {
  if (error instanceof StorageFailure) return error;
  const state = sqlStateOf(error);
  if (state !== undefined) {
    if (CONFLICT_STATES.has(state)) return conflict();
    const retryable = state.startsWith('08') || TRANSIENT_STATES.has(state);
    const description = STATE_CLASSES[state.slice(0, 2)] ?? 'database error';
    return failure(retryable, operation, `${operation} failed: ${description}`, state);
  }
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return failure(true, operation, `${operation} failed: cannot reach the database`, code);
  }
  if (error instanceof Error && CONNECTION_MESSAGE.test(error.message)) {
    return failure(true, operation, `${operation} failed: the database connection was lost`);
  }
  if (error instanceof AbortedTransactionError) {
    return failure(false, operation, `${operation} failed: an earlier statement aborted it`);
  }
  return failure(false, operation, `${operation} failed: unexpected driver error`);
}

function failure(
  retryable: boolean,
  operation: string,
  message: string,
  code?: string,
): StorageFailure {
  return new StorageFailure(infrastructureError({ retryable, operation, message, code }));
}
