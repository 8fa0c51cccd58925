// A run of 12–19 digits, optionally grouped by single spaces or dashes as card numbers are
// printed ("4111 1111 1111 1111"). Kept private: a global pattern carries state between uses.
const DIGIT_RUN_PATTERN = /\d(?:[ -]?\d){11,}/g;

/** Whether a string of digits passes the Luhn check used by every card number (ISO/IEC 7812-1). */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let position = 0; position < digits.length; position += 1) {
    let digit = Number(digits[digits.length - 1 - position]);
    if (position % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether any 12–19 digit window of the text is Luhn-valid, i.e. could be a card number. Runs
 * inside longer digit strings are examined too, so a card number cannot hide in a longer number.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN_PATTERN)) {
    const digits = match[0].replace(/[ -]/g, '');
    for (let length = 12; length <= 19; length += 1) {
      for (let start = 0; start + length <= digits.length; start += 1) {
        if (isLuhnValid(digits.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

/** The text with every digit run that holds a card number replaced by `replacement`, for logs. */
export function redactCardNumbers(text: string, replacement: string): string {
  return text.replace(DIGIT_RUN_PATTERN, (run) => (containsCardNumber(run) ? replacement : run));
}
