/** Someone the suite signs up: made-up, distinctive values the scan can look for. */
export interface SuitePerson {
  readonly email: string;
  readonly password: string;
  /** As a person types it, with spaces; identity stores and sends it in E.164. */
  readonly phone: string;
  /** The E.164 form of `phone`. */
  readonly phoneE164: string;
}

/** `bytes` random bytes in lowercase hex: tokens and suffixes no other case or run repeats. */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/** Matches every password {@link newPerson} makes, so a scan can find one wherever it leaked. */
export const newPersonPasswordPattern = /lantern [0-9a-f]{10} harbour/;

/**
 * A new person. The email and password carry random hex, so no two cases share an account and
 * neither value can turn up in a stored row by chance; the phone is in Ofcom's drama range
 * (020 7946 0000–0999), which is never assigned to a real line.
 */
export function newPerson(label: string): SuitePerson {
  const line = String((crypto.getRandomValues(new Uint16Array(1))[0] ?? 0) % 1000).padStart(3, '0');
  return {
    email: `${label}.${randomHex(4)}@example.org`,
    password: `lantern ${randomHex(5)} harbour`,
    phone: `+44 20 7946 0${line}`,
    phoneE164: `+442079460${line}`,
  };
}
