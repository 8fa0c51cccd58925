import { err, ok, type Result } from '@strongroom/kernel';
import { normalizeReasonCodeQuery } from '../catalogue/reason-code-input.js';
import type { ProviderCardNetwork } from './card-network-of-brand.js';
import { type ProviderPayloadError, providerPayloadError } from './provider-payload-error.js';

/** The reason code of a dispute whose provider names none and gives nothing to infer one from. */
export const UNKNOWN_PROVIDER_REASON_CODE = 'unknown';

/**
 * A network reason code as a provider reports it (`10.4`, `4853`, `f24`), normalized the way the
 * catalogue keys its codes (trimmed, upper-case); `undefined` when the provider sends none or
 * only blanks. A code no network could use is refused with the field named.
 */
export function providerReasonCode(
  provider: string,
  network: ProviderCardNetwork,
  code: string | null | undefined,
  field: string,
): Result<string | undefined, ProviderPayloadError> {
  if (code === null || code === undefined || code.trim() === '') return ok(undefined);
  const normalized = normalizeReasonCodeQuery(network, code);
  if (normalized.isOk()) return ok(normalized.value.code);
  const reason = normalized.error.reason === 'too_long' ? 'too_long' : 'bad_format';
  return err(providerPayloadError(provider, field, reason));
}
