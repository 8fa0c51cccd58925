import type { DomainError } from '@strongroom/kernel';

/** Why a provider payload field was refused; a short stable code, never the value. */
export type ProviderPayloadErrorReason =
  | 'missing'
  | 'wrong_type'
  | 'empty'
  | 'too_long'
  | 'too_many'
  | 'bad_format'
  | 'out_of_range'
  | 'unsupported_value'
  | 'unknown_currency'
  | 'inconsistent';

/**
 * A provider webhook that cannot be read as a dispute notification. `field` is the path of the
 * first offending field inside the payload (`data.object.amount`); neither it nor `reason` ever
 * echoes a value from the payload, which may carry customer data.
 */
export interface ProviderPayloadError extends DomainError<'disputes.provider_payload_invalid'> {
  readonly provider: string;
  readonly field: string;
  readonly reason: ProviderPayloadErrorReason;
}

/** Builds a {@link ProviderPayloadError}. */
export function providerPayloadError(
  provider: string,
  field: string,
  reason: ProviderPayloadErrorReason,
): ProviderPayloadError {
  return { type: 'disputes.provider_payload_invalid', provider, field, reason };
}
