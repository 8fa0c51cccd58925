import { containsCardNumber, isSecretKeyName } from '@strongroom/audit';
import type { DomainError, InfrastructureError } from '@strongroom/kernel';
import { HttpProblem, problemType } from './problem-details.js';

// Exact statuses for errors that the suffix rules below would place wrongly.
const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  'identity.invalid_credentials': 401,
  'identity.invalid_token': 401,
  'identity.token_revoked': 401,
  'identity.invalid_refresh_token': 401,
  'identity.refresh_token_reused': 401,
  'identity.invalid_mfa_code': 401,
  'identity.passkey_failed': 401,
  'identity.mfa_required': 401,
  'identity.account_suspended': 403,
  'identity.email_not_verified': 403,
  'identity.user_erased': 404,
  'identity.rate_limited': 429,
  'identity.email_taken': 409,
  'identity.mfa_already_enrolled': 409,
  'audit.unknown_leaf': 404,
  'audit.sequencing_timeout': 503,
  'events.version_conflict': 409,
  'storage.conflict': 409,
  'storage.version_mismatch': 409,
  'storage.limit_exceeded': 413,
  'ledger.chain_too_large': 413,
  // The batch stopped after committing a prefix because storage or audit failed: retry the rest.
  'ledger.batch_incomplete': 503,
  'dispute.transition_not_allowed': 409,
  'dispute.evidence_already_submitted': 409,
  'dispute.conflicting_final_status': 409,
  'dispute.provider_reference_taken': 409,
  'vault.rewrap_job_busy': 409,
};

/** The HTTP status of a domain error: an exact entry, else by its name's suffix, else 422. */
export function statusOfError(type: string): number {
  const exact = STATUS_BY_TYPE[type];
  if (exact !== undefined) return exact;
  if (type === 'infrastructure') return 503;
  if (type.endsWith('not_found')) return 404;
  if (type.endsWith('permission_denied')) return 403;
  if (type.endsWith('already_exists')) return 409;
  if (type.endsWith('too_large')) return 413;
  return 422;
}

// Turns `ledger.account_not_found` into "Ledger account not found" for the title.
function titleOf(type: string): string {
  const words = type.replace(/[._]/g, ' ').trim();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

// Domain errors carry only stable codes and ids by design (DESIGN §4), so their scalar fields can
// be extension members; objects are left out, since their shape is not part of the contract. The
// secret checks are a second line of defence should a domain ever break that rule.
function extensionsOf(error: DomainError): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  // A storage error names collections, record ids and versions: internals, not the client's business.
  if (error.type.startsWith('storage.')) return extensions;
  for (const [key, value] of Object.entries(error)) {
    if (key === 'type' || key === 'message' || isSecretKeyName(key)) continue;
    if (containsCardNumber(String(value))) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      extensions[key] = value;
    } else if (typeof value === 'bigint') extensions[key] = value.toString();
  }
  return extensions;
}

function infrastructureProblem(error: InfrastructureError): HttpProblem {
  // The adapter's message may name internals (a table, a host): it goes to the log, not the client.
  return new HttpProblem(
    {
      type: problemType('infrastructure'),
      title: 'Service temporarily unavailable',
      status: 503,
      retryable: error.retryable,
    },
    error.retryable ? { 'retry-after': '1' } : {},
  );
}

// A refusal that says when to come back (identity's rate limits) says it in `Retry-After` too.
function retryAfterOf(error: DomainError): Record<string, string> {
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof retryAfterMs === 'number' && retryAfterMs > 0
    ? { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) }
    : {};
}

/**
 * The problem a domain error answers with: its name as the type URI, its fields as extensions,
 * and `status` when the route overrides the general mapping.
 */
export function domainProblem(error: DomainError, status?: number): HttpProblem {
  if (error.type === 'infrastructure') return infrastructureProblem(error as InfrastructureError);
  return new HttpProblem(
    {
      ...extensionsOf(error),
      type: problemType(error.type),
      title: titleOf(error.type),
      status: status ?? statusOfError(error.type),
    },
    retryAfterOf(error),
  );
}
