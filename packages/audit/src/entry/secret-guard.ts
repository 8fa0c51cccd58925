import { containsCardNumber, err, type JsonValue, ok, type Result } from '@strongroom/kernel';
import type { SecretInAuditDetailsError } from './audit-error.js';

// Words that announce a secret when they appear in a key name, alone or as a pair. Keys are split
// into words (camelCase, snake_case, kebab-case), so `accessToken`, `access_token` and
// `Access-Token` are caught while `timespan` or `idempotencyKey` are not.
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'cvv',
  'cvc',
  'cvv2',
  'cvc2',
  'pin',
  'pinblock',
  'pan',
  'track1',
  'track2',
  'otp',
  'totp',
  'mnemonic',
  'seed',
  // Compounds often written as one lowercase word.
  'privatekey',
  'secretkey',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'idtoken',
  'sessiontoken',
  'clientsecret',
  'apisecret',
  'pannumber',
  'cardnumber',
  'securitycode',
]);
const SECRET_WORD_PAIRS = new Set([
  'api key',
  'private key',
  'secret key',
  'signing key',
  'encryption key',
  'card number',
  'account number',
  'security code',
]);

/**
 * The words of a key name, lowercase, whatever its case style: `accessToken`, `access_token` and
 * `Access-Token` all give `access`, `token`.
 */
export function keyNameWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Whether a key name announces a secret (`password`, `accessToken`, `card_number`, …). */
export function isSecretKeyName(key: string): boolean {
  const words = keyNameWords(key);
  return words.some(
    (word, index) =>
      SECRET_WORDS.has(word) || SECRET_WORD_PAIRS.has(`${word} ${words[index + 1] ?? ''}`),
  );
}

/**
 * Refuses details that carry a secret: a key named like one (password, token, secret, cvv, pan,
 * …) or any string or number containing a Luhn-valid 12–19 digit run. Audit entries are kept for
 * years and copied to exports and witnesses, so a secret written there could never be recalled.
 * A Luhn check passes one in ten random digit runs, so long numeric ids will be refused too:
 * that false positive is the price of never logging a PAN; store such ids as prefixed TypeIDs.
 */
export function guardAgainstSecrets(
  value: JsonValue,
  path = 'details',
): Result<void, SecretInAuditDetailsError> {
  if (typeof value === 'string' || typeof value === 'number') {
    return containsCardNumber(String(value))
      ? err({ type: 'audit.secret_in_details', path, reason: 'card_number' })
      : ok(undefined);
  }
  if (value === null || typeof value === 'boolean') return ok(undefined);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const checked = guardAgainstSecrets(item, `${path}[${index}]`);
      if (checked.isErr()) return checked;
    }
    return ok(undefined);
  }
  for (const [key, item] of Object.entries(value)) {
    // A key can carry a card number too; the path then names the object, never echoing the key.
    if (containsCardNumber(key))
      return err({ type: 'audit.secret_in_details', path, reason: 'card_number' });
    const itemPath = `${path}.${key}`;
    if (isSecretKeyName(key))
      return err({ type: 'audit.secret_in_details', path: itemPath, reason: 'secret_key_name' });
    const checked = guardAgainstSecrets(item, itemPath);
    if (checked.isErr()) return checked;
  }
  return ok(undefined);
}
