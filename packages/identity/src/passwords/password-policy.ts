import { assert, err, ok, type Result } from '@strongroom/kernel';
import { isCommonPassword } from './password-blocklist.js';
import { type WeakPasswordError, weakPassword } from './password-error.js';

export type { WeakPasswordError, WeakPasswordReason } from './password-error.js';

/**
 * The default and the lowest configurable minimum, in code points. NIST SP 800-63B rev. 4
 * §3.1.1.2 asks for 8 when the password is one factor of several (MFA is available here) and 15
 * when it is the only one: raise it with `minimumLength`.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** The longest password accepted, in code points after NFKC; NIST asks for at least 64. */
export const PASSWORD_MAX_LENGTH = 128;
/**
 * The longest raw input looked at, in UTF-16 code units. Longer input is refused before it is
 * normalized, since NFKC can grow a string and costs time in proportion to it; no input this long
 * normalizes to {@link PASSWORD_MAX_LENGTH} code points or fewer in practice.
 */
export const PASSWORD_INPUT_MAX_LENGTH = 1024;
/** The most `extraBlocked` values one check takes (a product name, the tenant's name, …). */
export const PASSWORD_EXTRA_BLOCKED_MAX = 1000;
/**
 * The shortest email local part a password may not contain, in code points: a shorter one (`al`)
 * would refuse many unrelated passwords. The whole email is refused at any length.
 */
export const PASSWORD_EMAIL_LOCAL_PART_MIN_LENGTH = 4;

/** What a policy check knows besides the password. */
export interface PasswordContext {
  /** The account's email: a password containing it, or its local part, is refused. */
  readonly email?: string;
  /** At least {@link PASSWORD_MIN_LENGTH}; 15 when the password is the only factor. */
  readonly minimumLength?: number;
  /** Values refused like the common passwords, compared after the same folding. */
  readonly extraBlocked?: readonly string[];
}

// Control characters (C0, DEL, C1) cannot be typed reliably and hide in logs; every printing
// character, the space included, is allowed (NIST SP 800-63B §3.1.1.2).
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * The form a password is hashed and compared in: Unicode NFKC, so the same password typed on
 * keyboards that produce different code points (full-width forms, composed accents) matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** The case-insensitive form the blocklist and the email rule compare. */
function foldText(text: string): string {
  return normalizePassword(text).toLowerCase();
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

function containsEmail(folded: string, email: string): boolean {
  const foldedEmail = foldText(email);
  const localPart = foldedEmail.slice(0, Math.max(0, foldedEmail.lastIndexOf('@')));
  return (
    folded.includes(foldedEmail) ||
    (codePointLength(localPart) >= PASSWORD_EMAIL_LOCAL_PART_MIN_LENGTH &&
      folded.includes(localPart))
  );
}

/**
 * A password minimum a host or caller chose, or the default {@link PASSWORD_MIN_LENGTH}; asserts
 * it is a whole number from {@link PASSWORD_MIN_LENGTH} to {@link PASSWORD_MAX_LENGTH}.
 */
export function passwordMinimumLength(chosen: number | undefined): number {
  const minimumLength = chosen ?? PASSWORD_MIN_LENGTH;
  assert(
    Number.isInteger(minimumLength) &&
      minimumLength >= PASSWORD_MIN_LENGTH &&
      minimumLength <= PASSWORD_MAX_LENGTH,
    'minimumLength is an integer from PASSWORD_MIN_LENGTH to PASSWORD_MAX_LENGTH',
  );
  return minimumLength;
}

function checkContext(context: PasswordContext): number {
  const minimumLength = passwordMinimumLength(context.minimumLength);
  assert(
    (context.email?.length ?? 0) <= PASSWORD_INPUT_MAX_LENGTH,
    'email is at most PASSWORD_INPUT_MAX_LENGTH long',
  );
  const extraBlocked = context.extraBlocked ?? [];
  assert(
    extraBlocked.length <= PASSWORD_EXTRA_BLOCKED_MAX &&
      extraBlocked.every((value) => value.length <= PASSWORD_INPUT_MAX_LENGTH),
    'extraBlocked holds at most PASSWORD_EXTRA_BLOCKED_MAX values of PASSWORD_INPUT_MAX_LENGTH',
  );
  return minimumLength;
}

/**
 * Checks a new password against NIST SP 800-63B rev. 4 §3.1.1.2: a length in code points after
 * NFKC, no composition rules, no common or breached value, not the account's email. Answers the
 * normalized password, the form to hash; the error never carries the password.
 */
export function checkPassword(
  password: string,
  context: PasswordContext = {},
): Result<string, WeakPasswordError> {
  const minimumLength = checkContext(context);
  if (password.length > PASSWORD_INPUT_MAX_LENGTH) return err(weakPassword('too_long'));
  // A lone surrogate has no UTF-8 form: it would be hashed as U+FFFD, like any other one.
  if (!password.isWellFormed()) return err(weakPassword('invalid_characters'));
  const normalized = normalizePassword(password);
  if (CONTROL_CHARACTER.test(normalized)) return err(weakPassword('invalid_characters'));
  const length = codePointLength(normalized);
  if (length < minimumLength) return err(weakPassword('too_short'));
  if (length > PASSWORD_MAX_LENGTH) return err(weakPassword('too_long'));
  const folded = normalized.toLowerCase();
  const extraBlocked = context.extraBlocked ?? [];
  if (isCommonPassword(folded) || extraBlocked.some((value) => foldText(value) === folded)) {
    return err(weakPassword('common'));
  }
  if (context.email !== undefined && containsEmail(folded, context.email)) {
    return err(weakPassword('contains_email'));
  }
  return ok(normalized);
}
