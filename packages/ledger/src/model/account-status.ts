/**
 * Every outcome of an account-creation event except `created`, in descending precedence, after
 * TigerBeetle's `CreateAccountStatus`: chain, shape, idempotency (fields in a fixed order), then
 * validation. TigerBeetle's balance-must-be-zero and import codes cannot happen (inputs carry no
 * balances or timestamps); `ledger` becomes `currency` and `user_data_*` become name, owner and
 * metadata. No account failure is transient, so none burns its id.
 *
 * A floor above a ceiling cannot be expressed: floors are `<= 0` and ceilings `>= 0`, so that a
 * new account (balance zero) is within its limits.
 */
export const ACCOUNT_STATUS_PRECEDENCE = Object.freeze([
  'linked_event_failed',
  'linked_event_chain_open',
  'reserved_flag',
  'id_must_not_be_zero',
  'id_invalid',
  'exists_with_different_flags',
  'exists_with_different_limits',
  'exists_with_different_type',
  'exists_with_different_name',
  'exists_with_different_owner',
  'exists_with_different_metadata',
  'exists_with_different_currency',
  'exists_with_different_code',
  'exists',
  'flags_are_mutually_exclusive',
  'limits_invalid',
  'floor_must_not_be_positive',
  'ceiling_must_not_be_negative',
  'type_invalid',
  'currency_invalid',
  'code_must_not_be_zero',
  'code_invalid',
  'name_invalid',
  'owner_invalid',
  'metadata_invalid',
  'metadata_too_large',
] as const);

/** A failure (or `exists`) of an account-creation event. */
export type AccountFailureStatus = (typeof ACCOUNT_STATUS_PRECEDENCE)[number];

/** The result code of one account-creation event. */
export type AccountStatus = 'created' | AccountFailureStatus;
