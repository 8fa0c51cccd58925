import { keyNameWords } from '@strongroom/audit';
import { newPersonPasswordPattern } from '../identity/suite-person.js';
import { cardNumbersIn } from './card-number-runs.js';
import { jsonMembersIn } from './json-members.js';
import type { SecretFinding } from './secret-finding.js';

// A signed compact JWS: a JSON header and a JSON payload (both start `{"`, base64url `eyJ`).
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/;
// PEM armour of a private key (PKCS#8, PKCS#1, SEC 1, encrypted PKCS#8, OpenSSH).
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
// A JWK's private members: `d` of an EC, OKP or RSA key, `k` of a symmetric (`oct`) key.
const JWK_TYPE = /\\*"kty\\*"\s*:/;
const JWK_SYMMETRIC = /\\*"kty\\*"\s*:\s*\\*"oct\\*"/;
const JWK_PRIVATE_MEMBER = /\\*"d\\*"\s*:\s*\\*"[\w-]{16,}/;
const JWK_SECRET_MEMBER = /\\*"k\\*"\s*:\s*\\*"[\w-]{16,}/;

// Key names of a card security code (CVV2, CVC2, CID, CSC), split into words.
const SECURITY_CODE_WORDS = new Set(['cvv', 'cvc', 'cvv2', 'cvc2', 'csc']);
const SECURITY_CODE_PAIRS = new Set(['security code', 'card code', 'verification code']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase']);
// What a password field may hold: a password hash (PHC argon2 or scrypt, modular-crypt bcrypt),
// a redaction marker, or nothing.
const PASSWORD_HASH = /^(?:\$argon2(?:id|i|d)\$|\$scrypt\$|\$2[abxy]\$\d\d\$)/;
const REDACTION = /^\[redacted\]$/i;
const HEX_TOKEN = /^[0-9a-f]{64}$/;

function namesSecurityCode(words: readonly string[]): boolean {
  return words.some(
    (word, index) =>
      SECURITY_CODE_WORDS.has(word) || SECURITY_CODE_PAIRS.has(`${word} ${words[index + 1]}`),
  );
}

/**
 * The secrets a single row or log line gives away on its own:
 * - a card number (see {@link cardNumbersIn});
 * - a 3–4 digit value under a security-code key (`cvv`, `cvc2`, `securityCode`, …);
 * - a signed JWT;
 * - a password field (`password`, `newPassword`, …) holding anything but a hash or a redaction,
 *   and the suite's own made-up passwords wherever they appear;
 * - a 64-hex-digit value under a key ending in `token`: the shape of the SDK's refresh and
 *   single-use tokens, which are stored only as hashes under `…Hash` names;
 * - private key material: PEM armour or a JWK with its private member.
 */
export function findSecretsInText(text: string, where: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const found = (kind: SecretFinding['kind'], hint: string) => findings.push({ kind, where, hint });
  for (const card of cardNumbersIn(text)) found('card_number', card);
  if (JWT.test(text)) found('jwt', 'a signed JWT');
  if (newPersonPasswordPattern.test(text)) found('password', 'a password of the test suite');
  if (PEM_PRIVATE_KEY.test(text)) found('key_material', 'a PEM private key');
  if (JWK_TYPE.test(text) && JWK_PRIVATE_MEMBER.test(text)) {
    found('key_material', 'a private JWK (member "d")');
  }
  if (JWK_SYMMETRIC.test(text) && JWK_SECRET_MEMBER.test(text)) {
    found('key_material', 'a symmetric JWK (member "k")');
  }
  for (const { key, value } of jsonMembersIn(text)) {
    const words = keyNameWords(key);
    const last = words.at(-1) ?? '';
    if (namesSecurityCode(words) && /^\d{3,4}$/.test(value)) {
      found('security_code', `a ${value.length}-digit value under "${key}"`);
    }
    if (PASSWORD_WORDS.has(last) && value !== '' && !PASSWORD_HASH.test(value)) {
      if (!REDACTION.test(value)) found('password', `a plain value under "${key}"`);
    }
    if (last === 'token' && HEX_TOKEN.test(value)) {
      found('secret_token', `a 64-hex-digit token under "${key}"`);
    }
  }
  return findings;
}
