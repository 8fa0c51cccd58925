import type { InfrastructureError, ResultAsync } from '@strongroom/kernel';

/**
 * Where a log puts its latest signed (and possibly cosigned) checkpoint for clients to fetch, e.g.
 * `<prefix>/checkpoint` of a tlog-tiles log. Adapters (a file, an object store, HTTP) implement it
 * in their packages; the domain only calls it.
 */
export interface CheckpointPublisher {
  /** Makes `signedCheckpointNote` the checkpoint clients see; publishing is idempotent. */
  publish(signedCheckpointNote: string): ResultAsync<void, InfrastructureError>;
}
