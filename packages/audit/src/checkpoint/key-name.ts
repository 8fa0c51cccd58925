// Unicode White_Space is exactly the set Go's `unicode.IsSpace` refuses in golang.org/x/mod's
// note package, so a name is valid here if and only if it is valid there.
const WHITE_SPACE_OR_PLUS = /[\p{White_Space}+]/u;

/**
 * Whether a string may be a signed-note key name (and so a checkpoint origin): non-empty, well-formed
 * Unicode, no Unicode white space, no `+` (which separates the parts of a vkey), and no ASCII control
 * character (which a note may not contain).
 */
export function isValidKeyName(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || !name.isWellFormed()) return false;
  if (WHITE_SPACE_OR_PLUS.test(name)) return false;
  for (let index = 0; index < name.length; index += 1) {
    if (name.charCodeAt(index) < 0x20) return false;
  }
  return true;
}
