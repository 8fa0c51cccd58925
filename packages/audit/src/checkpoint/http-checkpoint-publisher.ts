import { type InfrastructureError, infrastructureError, ResultAsync } from '@strongroom/kernel';
import type { CheckpointPublisher } from './checkpoint-publisher.js';

/** How {@link createHttpCheckpointPublisher} reaches its endpoint. */
export interface HttpCheckpointPublisherOptions {
  /** Where the note is PUT, e.g. `https://checkpoints.example.com/audit.example.com/acme/checkpoint`. */
  readonly url: string;
  /** WHATWG fetch; injected so any runtime (and a test) can supply it. */
  readonly fetch: typeof fetch;
  /** Extra headers, e.g. an authorization for the endpoint (never logged). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Upper bound on one request. */
  readonly timeoutMs?: number;
}

/**
 * Publishes checkpoints by `PUT`ting the signed note (`text/plain; charset=utf-8`) to an HTTP
 * endpoint run by someone other than the database's owner — an object store, a transparency
 * mirror, a compliance archive. Any non-2xx answer or network fault is an infrastructure error;
 * 5xx, 408, 429 and network faults are marked retryable.
 */
export function createHttpCheckpointPublisher(
  options: HttpCheckpointPublisherOptions,
): CheckpointPublisher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    publish(signedCheckpointNote) {
      const request = options
        .fetch(options.url, {
          method: 'PUT',
          headers: { 'content-type': 'text/plain; charset=utf-8', ...options.headers },
          body: signedCheckpointNote,
          signal: AbortSignal.timeout(timeoutMs),
        })
        .then(async (response) => {
          await response.body?.cancel();
          if (response.ok) return;
          const retryable =
            response.status >= 500 || response.status === 408 || response.status === 429;
          throw publishFailure(
            retryable,
            `checkpoint endpoint answered ${response.status}`,
            String(response.status),
          );
        });
      return ResultAsync.fromPromise(request, (error) =>
        isInfrastructureError(error)
          ? error
          : publishFailure(true, 'checkpoint endpoint unreachable', undefined),
      );
    },
  };
}

function publishFailure(
  retryable: boolean,
  message: string,
  code: string | undefined,
): InfrastructureError {
  return infrastructureError({ retryable, operation: 'audit.publish_checkpoint', message, code });
}

function isInfrastructureError(error: unknown): error is InfrastructureError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'infrastructure'
  );
}
