import type { Result, TenantId } from '@strongroom/kernel';
import type { BlindIndexError } from '@strongroom/vault';
import type { IdentityContext } from '../service/identity-context.js';

/** The blind-index field name of emails; part of every index, so it can never change. */
export const EMAIL_INDEX_FIELD = 'email';

/**
 * The blind indexes of a normalized email under every live blind-index secret, the current one
 * first: claim under the first, look up under all while a rotated secret is being rolled out.
 */
export function emailIndexes(
  context: IdentityContext,
  tenantId: TenantId,
  normalizedEmail: string,
): Promise<Result<readonly string[], BlindIndexError>> {
  return context.fields.blindIndexCandidates({
    tenantId,
    field: EMAIL_INDEX_FIELD,
    value: normalizedEmail,
  });
}
