import type { InfrastructureError, Result, TenantId } from '@strongroom/kernel';

/** What the SDK asks a host to deliver; it never sends mail or SMS itself. */
export type IdentityMessageKind =
  | 'email_verification'
  | 'password_reset'
  | 'sms_code'
  | 'account_locked';

/**
 * One message for the host to deliver. `secret` is the single-use token or code the recipient
 * types or clicks; the sender must deliver it and must not log it.
 */
export interface IdentityMessage {
  readonly kind: IdentityMessageKind;
  readonly channel: 'email' | 'sms';
  readonly tenantId: TenantId;
  readonly userId: string;
  /** The decrypted email address or E.164 phone number. */
  readonly to: string;
  /** The token or code, or `null` for a notice that carries none (`account_locked`). */
  readonly secret: string | null;
  /** Epoch milliseconds when `secret` stops working, or `null`. */
  readonly expiresAtMs: number | null;
}

/**
 * The sender port: the host delivers email and SMS (SES, Twilio, a queue). Called after the
 * command's transaction commits; a failure is reported to the caller, who may ask again.
 */
export interface IdentitySender {
  /** Delivers one message; `err` when the provider refused or could not be reached. */
  send(message: IdentityMessage): Promise<Result<void, InfrastructureError>>;
}
