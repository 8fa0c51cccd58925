import { infrastructureError } from '@strongroom/kernel';
import { conflict, StorageFailure } from '@strongroom/kernel/adapter';

// Errors meaning another writer touched an item this transaction depends on: run it again.
const CONFLICT_ERRORS = new Set([
  'TransactionConflictException',
  'ReplicatedWriteConflictException',
  'ConditionalCheckFailedException',
]);
const CONFLICT_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

// Errors that another try can get past: capacity, throttling, service faults, a token in use.
const TRANSIENT_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);
const TRANSIENT_REASONS = new Set(['ProvisionedThroughputExceeded', 'ThrottlingError']);

/** What an AWS SDK error carries that this mapping reads; never its message. */
interface AwsErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly CancellationReasons?: readonly { readonly Code?: unknown }[];
}

// Node's system error codes (ECONNRESET, ETIMEDOUT, ...) and the SDK's timeout name.
const NETWORK_ERROR_CODE = /^E[A-Z0-9_]+$/;
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'TimeoutException']);

/**
 * Turns an error thrown by the AWS SDK into the storage error a transaction reports: a cancelled
 * condition or a transaction conflict becomes `conflict()` (retried), anything else an
 * infrastructure error, retryable when another try could succeed. The SDK's message is dropped:
 * DynamoDB echoes request values in some messages, and those are customers' data. Returns
 * `undefined` for an error that came neither from DynamoDB nor from the network (a bug, a missing
 * credential), which the caller rethrows unchanged.
 */
export function toStorageFailure(operation: string, error: unknown): StorageFailure | undefined {
  if (error instanceof StorageFailure) return error;
  const shape: AwsErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  if (name === 'TransactionCanceledException') {
    return cancellationFailure(operation, shape.CancellationReasons ?? []);
  }
  if (CONFLICT_ERRORS.has(name)) return conflict();
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status !== 'number') {
    const code = typeof shape.code === 'string' ? shape.code : undefined;
    if (!NETWORK_ERROR_NAMES.has(name) && !(code && NETWORK_ERROR_CODE.test(code))) {
      return undefined;
    }
    // No answer at all: a network fault or a timeout. A write may or may not have landed.
    return infrastructure(operation, true, 'DynamoDB did not answer', code ?? name);
  }
  if (TRANSIENT_ERRORS.has(name) || status >= 500 || shape.$fault === 'server') {
    return infrastructure(operation, true, 'DynamoDB failed or throttled the request', name);
  }
  if (shape.$retryable !== undefined) {
    return infrastructure(operation, true, 'DynamoDB asked for the request to be retried', name);
  }
  return infrastructure(operation, false, 'DynamoDB rejected the request', name);
}

function cancellationFailure(
  operation: string,
  reasons: readonly { readonly Code?: unknown }[],
): StorageFailure {
  const codes = reasons.map((reason) => reason.Code);
  // A request DynamoDB finds invalid stays invalid however often the function runs again.
  if (codes.includes('ValidationError')) {
    return infrastructure(
      operation,
      false,
      'DynamoDB rejected an item of the transaction',
      'ValidationError',
    );
  }
  if (codes.some((code) => CONFLICT_REASONS.has(String(code)))) return conflict();
  if (codes.some((code) => TRANSIENT_REASONS.has(String(code)))) {
    return infrastructure(
      operation,
      true,
      'DynamoDB throttled the transaction',
      'TransactionCanceledException',
    );
  }
  return infrastructure(
    operation,
    false,
    'DynamoDB cancelled the transaction',
    'TransactionCanceledException',
  );
}

function infrastructure(
  operation: string,
  retryable: boolean,
  message: string,
  code: string,
): StorageFailure {
  return new StorageFailure(infrastructureError({ retryable, operation, message, code }));
}

/** Sends one request to DynamoDB, reporting any failure as a {@link StorageFailure}. */
export async function sendToDynamoDb<Output>(
  operation: string,
  send: () => Promise<Output>,
): Promise<Output> {
  try {
    return await send();
  } catch (error) {
    throw toStorageFailure(operation, error) ?? error;
  }
}
