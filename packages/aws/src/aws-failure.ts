import { type InfrastructureError, infrastructureError } from '@strongroom/kernel';

/** What an AWS SDK error carries that this package reads; never its message. */
interface AwsErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/** An error the service answered with: its name (`NotFoundException`) and HTTP status. */
export interface AwsServiceFault {
  readonly kind: 'service';
  readonly name: string;
  readonly status: number;
  readonly serverFault: boolean;
  readonly retryableHint: boolean;
}

/** No answer at all: a refused or reset connection, a timeout. */
export interface AwsNetworkFault {
  readonly kind: 'network';
  readonly code: string;
}

// Errors another try can get past, across KMS and Secrets Manager: throttling, service faults,
// a KMS dependency (CloudHSM, XKS proxy) or key material briefly out of reach.
const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

// Node's system error codes (ECONNRESET, ETIMEDOUT, ...) and the SDK's timeout names.
const NETWORK_ERROR_CODE = /^E[A-Z0-9_]+$/;
const NETWORK_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'TimeoutException']);

/**
 * Classifies an error thrown by an AWS SDK client: an answer from the service, a network fault,
 * or `undefined` for anything else (a bug, a missing credential), which callers rethrow.
 */
export function readAwsFault(error: unknown): AwsServiceFault | AwsNetworkFault | undefined {
  const shape: AwsErrorShape = typeof error === 'object' && error !== null ? error : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number') {
    return {
      kind: 'service',
      name,
      status,
      serverFault: shape.$fault === 'server' || status >= 500,
      retryableHint: shape.$retryable !== undefined,
    };
  }
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  if (code !== undefined && NETWORK_ERROR_CODE.test(code)) return { kind: 'network', code };
  if (NETWORK_ERROR_NAMES.has(name)) return { kind: 'network', code: name };
  return undefined;
}

/**
 * The infrastructure error for a fault of `service` (`KMS`, `Secrets Manager`) during
 * `operation`: retryable for throttling, service-side faults and network faults, with the AWS
 * error name (or the system error code) as `code`. The SDK's message is never kept: AWS echoes
 * request values (key ARNs, alias and secret names) in its messages.
 */
export function awsInfrastructureError(
  service: string,
  operation: string,
  fault: AwsServiceFault | AwsNetworkFault,
): InfrastructureError {
  if (fault.kind === 'network') {
    return infrastructureError({
      retryable: true,
      operation,
      message: `${service} did not answer`,
      code: fault.code,
    });
  }
  if (TRANSIENT_ERRORS.has(fault.name) || fault.serverFault) {
    return infrastructureError({
      retryable: true,
      operation,
      message: `${service} failed or throttled the request`,
      code: fault.name,
    });
  }
  if (fault.retryableHint) {
    return infrastructureError({
      retryable: true,
      operation,
      message: `${service} asked for the request to be retried`,
      code: fault.name,
    });
  }
  return infrastructureError({
    retryable: false,
    operation,
    message: `${service} refused the request`,
    code: fault.name,
  });
}

/** An infrastructure error for an answer that lacks what the API reference promises. */
export function unexpectedAnswer(service: string, operation: string): InfrastructureError {
  return infrastructureError({
    retryable: false,
    operation,
    message: `${service} answered without the expected fields`,
  });
}
