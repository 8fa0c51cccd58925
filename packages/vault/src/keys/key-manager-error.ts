import type { AuditEntryError } from '@strongroom/audit';
import type { DomainError, StorageError, ValidationError } from '@strongroom/kernel';
import type { KmsError } from '../kms/kms-error.js';

/**
 * A rewrap job id was reused for different work (another kind of job, or other collections or
 * fields): resuming it would mix two jobs' progress, so it is refused. Pick a new job id.
 */
export interface RewrapJobMismatchError extends DomainError<'vault.rewrap_job_mismatch'> {
  readonly jobId: string;
}

/**
 * Another runner advanced the same rewrap job while this one worked on a page; this runner's page
 * was discarded (its values are still current or will be found again) and it stops.
 */
export interface RewrapJobBusyError extends DomainError<'vault.rewrap_job_busy'> {
  readonly jobId: string;
}

/** Every error of a rewrap job run. */
export type RewrapJobError =
  | ValidationError
  | RewrapJobMismatchError
  | RewrapJobBusyError
  | KmsError
  | StorageError
  | AuditEntryError;

/** Every error of describing or rotating a key. */
export type KeyManagementError = ValidationError | KmsError | StorageError | AuditEntryError;
