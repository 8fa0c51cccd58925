import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { newPerson } from '../../src/identity/suite-person.js';
import {
  findSecretsInText,
  rowsHoldingTokenPreimages,
  scanLogLine,
  scanStoreRows,
} from '../../src/secret-scan.js';
import { luhnCheckDigit, PUBLISHED_TEST_PANS } from '../../src/vault/test-cards.js';

// RFC 7519 §3.1's example JWT (HS256), a published value.
const RFC_7519_JWT =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const TOKEN = 'a3f1'.repeat(16);
const TOKEN_HASH = bytesToHex(sha256(utf8ToBytes(TOKEN)));
const ARGON2_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5Qq7Xi3OdYHZ1z2vGuDxWJzXsQvpFvjN4hBfAlK3qMc';

function kinds(text: string): string[] {
  return findSecretsInText(text, 'test').map((finding) => finding.kind);
}

describe('the full-suite scan of one row or line', () => {
  it('finds every published test card number, bare, as a JSON number or grouped as printed', () => {
    for (const pan of Object.values(PUBLISHED_TEST_PANS)) {
      expect(kinds(`{"note":"${pan}"}`)).toEqual(['card_number']);
      expect(kinds(`{"n":${pan}}`)).toEqual(['card_number']);
    }
    expect(kinds('card 4242 4242 4242 4242 on file')).toEqual(['card_number']);
    expect(kinds('card 4242-4242-4242-4242 on file')).toEqual(['card_number']);
  });

  it('leaves digit runs that no network issues: failed Luhn, no brand prefix, wrong length, masked', () => {
    expect(kinds('{"n":"4242424242424241"}')).toEqual([]);
    // Epoch milliseconds pass Luhn one time in ten; no card network issues numbers starting 1.
    const millis = `176400000000${luhnCheckDigit('176400000000')}`;
    expect(kinds(`{"createdAtMs":${millis}}`)).toEqual([]);
    // A Luhn-valid Visa prefix of 17 digits is not a length Visa issues.
    const seventeen = `4${'0'.repeat(15)}`;
    expect(kinds(`{"amountMinor":"${seventeen}${luhnCheckDigit(seventeen)}"}`)).toEqual([]);
    expect(kinds('{"masked":"424242******4242","last4":"4242","bin":"42424242"}')).toEqual([]);
    // Runs are taken whole: a card number inside a longer number or a word (the digits of a hex
    // hash) is not looked for; flagging those would flag one random run in ten.
    expect(kinds(`{"sequence":"00${PUBLISHED_TEST_PANS.visa}0"}`)).toEqual([]);
    expect(kinds(`{"root":"1927a569e${PUBLISHED_TEST_PANS.visa}d8ea7"}`)).toEqual([]);
    expect(kinds(`{"id":"acc_${PUBLISHED_TEST_PANS.visa}"}`)).toEqual(['card_number']);
    // Grouped as no card is printed: a UUID whose first groups are digits that make a Visa number.
    const visa = `40000000${'0000'}400${luhnCheckDigit('400000000000400')}`;
    const uuid = `${visa.slice(0, 8)}-${visa.slice(8, 12)}-${visa.slice(12)}-a000-000000000000`;
    expect(kinds(`{"revision":"${uuid}"}`)).toEqual([]);
    expect(
      kinds(
        `{"n":"${visa.slice(0, 4)}-${visa.slice(4, 8)}-${visa.slice(8, 12)}-${visa.slice(12)}"}`,
      ),
    ).toEqual(['card_number']);
    expect(kinds(`{"amex":"3782 822463 10005"}`)).toEqual(['card_number']);
  });

  it('finds a security code under its name, also in JSON stored as a string', () => {
    expect(kinds('{"cvv":"123"}')).toEqual(['security_code']);
    expect(kinds('{"card":"{\\"cvc2\\":\\"4321\\"}"}')).toEqual(['security_code']);
    expect(kinds('{"securityCode":987}')).toEqual(['security_code']);
    expect(kinds('{"security_code":"987"}')).toEqual(['security_code']);
    expect(kinds('{"cvvCheck":"pass","count":123}')).toEqual([]);
  });

  it('finds a signed JWT (RFC 7519 §3.1) and private key material', () => {
    expect(kinds(`{"session":"${RFC_7519_JWT}"}`)).toEqual(['jwt']);
    expect(kinds('"-----BEGIN PRIVATE KEY-----\\nMIGHAgEA"')).toEqual(['key_material']);
    expect(kinds('"-----BEGIN EC PRIVATE KEY-----"')).toEqual(['key_material']);
    expect(
      kinds(
        '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}',
      ),
    ).toEqual(['key_material']);
    expect(kinds('{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"}')).toEqual(['key_material']);
    // A public JWK and a public PEM are fine.
    expect(
      kinds('{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}'),
    ).toEqual([]);
    expect(kinds('"-----BEGIN PUBLIC KEY-----"')).toEqual([]);
  });

  it('finds a plain password but not a password hash or a redaction', () => {
    expect(kinds('{"newPassword":"hunter2 hunter2"}')).toEqual(['password']);
    expect(kinds('{"user":{"password":"swordfish!"}}')).toEqual(['password']);
    expect(kinds(`{"note":"${newPerson('scan').password}"}`)).toEqual(['password']);
    expect(kinds(`{"password":"${ARGON2_HASH}","passwordHash":"${ARGON2_HASH}"}`)).toEqual([]);
    expect(
      kinds('{"password":"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}'),
    ).toEqual([]);
    expect(kinds('{"password":"[redacted]","passwordChangedAt":"2026-11-24T00:00:00Z"}')).toEqual(
      [],
    );
  });

  it('finds a 64-hex-digit token under a token name, not a hash under a hash name', () => {
    expect(kinds(`{"refreshToken":"${TOKEN}"}`)).toEqual(['secret_token']);
    expect(kinds(`{"tokenHash":"${TOKEN_HASH}","leafHash":"${TOKEN_HASH}"}`)).toEqual([]);
  });

  it('describes what it found without repeating it', () => {
    const text = `{"pan":"${PUBLISHED_TEST_PANS.amex}","cvv":"1234","password":"swordfish!","t":"${RFC_7519_JWT}"}`;
    const findings = findSecretsInText(text, 'place');
    expect(findings.map((finding) => finding.kind).sort()).toEqual([
      'card_number',
      'jwt',
      'password',
      'security_code',
    ]);
    const described = JSON.stringify(findings);
    for (const secret of [
      PUBLISHED_TEST_PANS.amex,
      '1234',
      'swordfish',
      RFC_7519_JWT.slice(0, 20),
    ]) {
      expect(described).not.toContain(secret);
    }
    expect(findings[0]).toEqual({
      kind: 'card_number',
      where: 'place',
      hint: 'amex card number of 15 digits after "pan"',
    });
    // A key that holds digits may be the card number itself: it is not repeated either.
    const keyed = findSecretsInText(
      `{"${PUBLISHED_TEST_PANS.visa}":${PUBLISHED_TEST_PANS.visa}}`,
      'p',
    );
    expect(keyed.map((finding) => finding.hint)).toEqual([
      'visa card number of 16 digits',
      'visa card number of 16 digits after a key holding digits',
    ]);
  });
});

describe('the full-suite scan of a whole store', () => {
  it('finds a token kept anywhere beside its own SHA-256, whatever the field is called', () => {
    const rows = [
      { place: 'sessions row 1', text: `{"currentTokenHash":"${TOKEN_HASH}"}` },
      { place: 'events row 1', text: `{"payload":{"note":"${TOKEN}"}}` },
    ];
    expect(rowsHoldingTokenPreimages(rows.map((row) => row.text))).toEqual([1]);
    expect(scanStoreRows('db', rows)).toEqual([
      {
        kind: 'secret_token',
        where: 'db events row 1',
        hint: 'a token whose SHA-256 is stored too',
      },
    ]);
  });

  it('finds nothing in hashes that are not each other’s preimages', () => {
    const hashes = Array.from({ length: 50 }, (_, index) =>
      bytesToHex(sha256(utf8ToBytes(`leaf ${index}`))),
    );
    const rows = hashes.map((hash, index) => ({ place: `row ${index}`, text: `{"h":"${hash}"}` }));
    expect(scanStoreRows('db', rows)).toEqual([]);
  });
});

describe('the full-suite scan of a log line', () => {
  it('finds a field named like a secret that the logger did not redact, at any depth', () => {
    const line = JSON.stringify({
      msg: 'request',
      req: { headers: { authorization: 'Basic abc' } },
    });
    expect(scanLogLine(line, 'log')).toEqual([
      {
        kind: 'unredacted_log_field',
        where: 'log',
        hint: 'a value at $.req.headers.authorization',
      },
    ]);
    expect(scanLogLine(JSON.stringify({ body: { token: { value: 'x' } } }), 'log')).toHaveLength(1);
  });

  it('accepts redacted fields and ordinary ones, and still applies the text rules to any line', () => {
    const redacted = JSON.stringify({
      authorization: '[redacted]',
      password: '[redacted]',
      idempotencyKey: 'k1',
    });
    expect(scanLogLine(redacted, 'log')).toEqual([]);
    expect(scanLogLine(`plain text ${PUBLISHED_TEST_PANS.visa}`, 'log').map((f) => f.kind)).toEqual(
      ['card_number'],
    );
  });
});
