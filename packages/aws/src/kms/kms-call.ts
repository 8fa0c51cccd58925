import { err, ok, type Result } from '@strongroom/kernel';
import type { KmsError } from '@strongroom/vault';
import { awsInfrastructureError, readAwsFault, unexpectedAnswer } from '../aws-failure.js';

/**
 * A KMS error on its way out of a nested call; {@link kmsResult} turns it back into `err`. Thrown
 * rather than returned so the steps of an operation read top to bottom.
 */
export class KmsFailure extends Error {
  constructor(readonly error: KmsError) {
    super(error.type);
  }
}

/**
 * Sends one KMS request. An AWS error the caller recognises (`NotFoundException`,
 * `InvalidCiphertextException`, …) becomes the domain error `domainError` gives for its name; any
 * other AWS or network fault an infrastructure error; anything else (a bug) is rethrown.
 */
export async function callKms<Output>(
  operation: string,
  send: () => Promise<Output>,
  domainError?: (awsErrorName: string) => KmsError | undefined,
): Promise<Output> {
  try {
    return await send();
  } catch (error) {
    const fault = readAwsFault(error);
    if (fault === undefined) throw error;
    const mapped = fault.kind === 'service' ? domainError?.(fault.name) : undefined;
    throw new KmsFailure(mapped ?? awsInfrastructureError('KMS', operation, fault));
  }
}

/** Fails `operation` because KMS answered without a field its API reference promises. */
export function unexpectedKmsAnswer(operation: string): KmsFailure {
  return new KmsFailure(unexpectedAnswer('KMS', operation));
}

/** Runs the steps of one port operation, reporting a {@link KmsFailure} as `err`. */
export async function kmsResult<T>(run: () => Promise<T>): Promise<Result<T, KmsError>> {
  try {
    return ok(await run());
  } catch (error) {
    if (error instanceof KmsFailure) return err(error.error);
    throw error;
  }
}
