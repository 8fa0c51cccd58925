import { type InfrastructureError, infrastructureError } from '@strongroom/kernel';
import type { WitnessError } from './witness-error.js';

const OPERATION = 'witness.add_checkpoint';

/** Maps an add-checkpoint status other than 200 and 409 to its typed error. */
export function statusError(status: number): WitnessError | InfrastructureError {
  switch (status) {
    case 400:
      return { type: 'witness.bad_request' };
    case 403:
      return { type: 'witness.forbidden' };
    case 404:
      return { type: 'witness.unknown_log' };
    case 422:
      return { type: 'witness.proof_rejected' };
    default:
      // Overload and server faults may pass; other statuses are outside the protocol.
      if (status === 408 || status === 429 || status >= 500) {
        return infrastructureError({
          retryable: true,
          operation: OPERATION,
          message: `witness answered HTTP ${status.toString()}`,
          code: status.toString(),
        });
      }
      return { type: 'witness.unexpected_status', status };
  }
}

/**
 * Maps a thrown `fetch` failure (network, timeout, abort) to an infrastructure error: retryable
 * unless the caller aborted.
 */
export function transportError(
  error: unknown,
  callerSignal: AbortSignal | undefined,
): InfrastructureError {
  if (callerSignal?.aborted === true) {
    return infrastructureError({
      retryable: false,
      operation: OPERATION,
      message: 'aborted by the caller',
    });
  }
  // Only the error's name is kept: messages of network errors may carry URLs or host details.
  const name = error instanceof Error ? error.name : 'unknown';
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return infrastructureError({
    retryable: true,
    operation: OPERATION,
    message: timedOut ? 'witness request timed out' : 'witness request failed',
    code: name,
  });
}
