import { type InfrastructureError, infrastructureError } from '@strongroom/kernel';

// Error replies another try can get past: a dataset still loading, a long script, a failover in
// progress (a demoted primary answers READONLY), cluster resharding, or memory that expiries free.
const TRANSIENT_REPLY_CODES = new Set([
  'LOADING',
  'BUSY',
  'TRYAGAIN',
  'CLUSTERDOWN',
  'MASTERDOWN',
  'READONLY',
  'OOM',
]);

// The first word of an error reply is its code (`WRONGTYPE`, `NOSCRIPT`, `ERR`); the rest is free
// text that may quote the command, so only the code is kept.
const REPLY_CODE = /^([A-Z][A-Z0-9_]{0,31})(?:\s|$)/;

// Node's system error codes for a socket that failed: ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...
const SYSTEM_ERROR_CODE = /^E[A-Z0-9_]{1,31}$/;

// ioredis (and rate-limiter-flexible) report a missing connection with plain errors whose only
// distinguishing mark is a fixed message or a class name.
const CONNECTION_LOST_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'AbortError',
  'InterruptError',
  'ParserError',
  'ClusterAllFailedError',
]);
const CONNECTION_LOST_MESSAGES = new Set([
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
  'Redis connection is not ready',
]);
const TIMEOUT_MESSAGE = 'Command timed out';

/** The parts of a thrown value this mapping reads; the message only to compare it, never to copy. */
interface ErrorShape {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
}

function shapeOf(error: unknown): ErrorShape {
  if (!(error instanceof Error)) return { name: typeof error, message: '', code: undefined };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    code: typeof code === 'string' ? code : undefined,
  };
}

/**
 * Turns anything ioredis or rate-limiter-flexible throws into kernel's {@link InfrastructureError}.
 * A lost, refused or timed-out connection is retryable; an error reply is retryable only when the
 * server says it is busy, loading or failing over (`NOSCRIPT`, `WRONGTYPE` and syntax errors stay
 * wrong however often they are sent). The message is written here: ioredis attaches the command
 * and its arguments (tokens, keys) to its errors, and none of that may reach a log.
 */
export function redisFailure(error: unknown, operation: string): InfrastructureError {
  const shape = shapeOf(error);
  if (shape.name === 'ReplyError') {
    const code = REPLY_CODE.exec(shape.message)?.[1];
    const retryable = code !== undefined && TRANSIENT_REPLY_CODES.has(code);
    const message = retryable ? 'Redis cannot serve the command now' : 'Redis rejected the command';
    return infrastructureError({ retryable, operation, message, code });
  }
  if (shape.code !== undefined && SYSTEM_ERROR_CODE.test(shape.code)) {
    return infrastructureError({
      retryable: true,
      operation,
      message: 'Redis connection failed',
      code: shape.code,
    });
  }
  if (CONNECTION_LOST_NAMES.has(shape.name) || CONNECTION_LOST_MESSAGES.has(shape.message)) {
    const code = shape.name === 'Error' ? undefined : shape.name;
    return infrastructureError({
      retryable: true,
      operation,
      message: 'Redis is unreachable',
      code,
    });
  }
  if (shape.message === TIMEOUT_MESSAGE) {
    return infrastructureError({
      retryable: true,
      operation,
      message: 'Redis did not answer in time',
    });
  }
  return infrastructureError({ retryable: false, operation, message: 'Redis command failed' });
}
