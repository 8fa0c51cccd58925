import type { DomainError } from '@strongroom/kernel';

/** The note carries no cosignature line from this cosigner (same name and key ID). */
export interface MissingCosignatureError extends DomainError<'cosignature.missing'> {}

/** The key given to check cosignatures is not a cosignature key (type 0x04). */
export interface WrongCosignerKeyTypeError extends DomainError<'cosignature.wrong_key_type'> {}

/** The cosignature verified but its timestamp is beyond 2^53 − 1 seconds, so no `number` holds it. */
export interface CosignatureTimestampOutOfRangeError
  extends DomainError<'cosignature.timestamp_out_of_range'> {}

/** Every cosignature-specific error `verifyCosignature` returns. */
export type CosignatureError =
  | MissingCosignatureError
  | WrongCosignerKeyTypeError
  | CosignatureTimestampOutOfRangeError;
