import { assert, err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { BlindIndexError } from '@strongroom/vault';
import type { IdentityContext } from '../service/identity-context.js';

/** The blind-index field name of emails; part of every index, so it can never change. */
export const EMAIL_INDEX_FIELD = 'email';

/** An email's blind indexes: the one to claim it under, and every one to look it up by. */
export interface EmailIndexes {
  /** Under the current blind-index secret. */
  readonly current: string;
  /** Under every live secret, the current one first. */
  readonly candidates: readonly string[];
}

/**
 * The blind indexes of a normalized email under every live blind-index secret: claim under the
 * current one, look up under all while a rotated secret is being rolled out.
 */
export async function emailIndexes(
  context: IdentityContext,
  tenantId: TenantId,
  normalizedEmail: string,
): Promise<Result<EmailIndexes, BlindIndexError>> {
  const candidates = await context.fields.blindIndexCandidates({
    tenantId,
    field: EMAIL_INDEX_FIELD,
    value: normalizedEmail,
  });
  if (candidates.isErr()) return err(candidates.error);
  const [current] = candidates.value;
  assert(current !== undefined, 'a versioned secret has at least one version');
  return ok({ current, candidates: candidates.value });
}
