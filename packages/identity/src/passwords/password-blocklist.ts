import { COMMON_PASSWORDS } from './common-passwords.js';

// Built on first use: the string literal costs little to import, the Set only when a password is
// checked.
let commonPasswords: ReadonlySet<string> | undefined;

/**
 * True when a folded password (NFKC, then lower case) is on the shipped list of
 * common and breached passwords (NIST SP 800-63B §3.1.1.2 blocklist).
 */
export function isCommonPassword(folded: string): boolean {
  commonPasswords ??= new Set(COMMON_PASSWORDS.split('\n'));
  return commonPasswords.has(folded);
}
