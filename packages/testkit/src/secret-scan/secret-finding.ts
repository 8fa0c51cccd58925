/** What the full-suite scan looks for. */
export type SecretKind =
  | 'card_number'
  | 'security_code'
  | 'jwt'
  | 'secret_token'
  | 'password'
  | 'key_material'
  | 'unredacted_log_field';

/**
 * One secret found where it must not be: its kind, where it sits and a hint that describes it
 * without repeating it (a brand and length, a field name), so the report itself leaks nothing.
 */
export interface SecretFinding {
  readonly kind: SecretKind;
  /** The store and row, or the log file and line. */
  readonly where: string;
  readonly hint: string;
}
