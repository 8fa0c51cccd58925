import type { RateLimitPolicy } from '@strongroom/kernel';

/** Lockout: after this many consecutive failures the account locks (OWASP ASVS 5 §6.3). */
export const LOCKOUT_FAILURES_DEFAULT = 5;
/** The first lockout's cooldown; each further lockout in a row doubles it. */
export const LOCKOUT_COOLDOWN_BASE_MS_DEFAULT = 60_000;
/** The longest cooldown: a day at most, so an attacker cannot lock a user out for good. */
export const LOCKOUT_COOLDOWN_MAX_MS_DEFAULT = 60 * 60_000;

/** An email-verification token works for a day. */
export const EMAIL_VERIFICATION_TTL_MS_DEFAULT = 24 * 60 * 60_000;
/** A password-reset token works for 30 minutes. */
export const PASSWORD_RESET_TTL_MS_DEFAULT = 30 * 60_000;
/** A refresh-token family (one device's session) lives 30 days from sign-in, however often used. */
export const SESSION_TTL_MS_DEFAULT = 30 * 24 * 60 * 60_000;
/** A login that passed the password has five minutes for its second factor. */
export const MFA_CHALLENGE_TTL_MS_DEFAULT = 5 * 60_000;
/** Wrong second-factor codes one pending login may try before it must start again. */
export const MFA_CHALLENGE_ATTEMPTS_MAX = 5;
/** Devices one user may have on record; signing in on one more forgets the oldest revoked one. */
export const DEVICES_PER_USER_MAX = 50;
/** Longest device label and user agent kept (characters). */
export const DEVICE_TEXT_MAX_LENGTH = 256;
/** Longest client address accepted as a rate-limit key (an IPv6 address with zone fits). */
export const CLIENT_ADDRESS_MAX_LENGTH = 64;

/**
 * The rate limits identity applies. All fail closed: when the limiter's store is down, logins,
 * registrations and code checks are refused with a retryable error rather than run unlimited.
 */
export const IDENTITY_RATE_LIMITS = {
  /** 5 login attempts a minute per account (keyed by the email's blind index). */
  loginAccount: { name: 'login.account', points: 5, durationMs: 60_000, failMode: 'closed' },
  /** 5 login attempts a minute per client address. */
  loginClient: { name: 'login.client', points: 5, durationMs: 60_000, failMode: 'closed' },
  /** 3 registrations an hour per client address. */
  registrationClient: {
    name: 'registration.client',
    points: 3,
    durationMs: 60 * 60_000,
    failMode: 'closed',
  },
  /** 5 one-time-code checks (TOTP, SMS, recovery) per 5 minutes per user. */
  oneTimeCodeUser: { name: 'otp.user', points: 5, durationMs: 5 * 60_000, failMode: 'closed' },
  /** 3 SMS codes per 15 minutes per user: each text costs money and invites SMS-pumping fraud. */
  smsDelivery: { name: 'sms.delivery', points: 3, durationMs: 15 * 60_000, failMode: 'closed' },
  /** 3 password-reset or verification emails an hour per address. */
  emailDelivery: { name: 'email.delivery', points: 3, durationMs: 60 * 60_000, failMode: 'closed' },
} as const satisfies Record<string, RateLimitPolicy>;

/** The policies of an identity, each replaceable. */
export type IdentityRateLimits = {
  readonly [Name in keyof typeof IDENTITY_RATE_LIMITS]: RateLimitPolicy;
};
