/**
 * Records the WebAuthn fixtures of the passkey tests from a software authenticator, since no
 * browser runs here: one registration (attestation `none`) and four assertions of one ES256
 * (P-256) credential for the relying party `strongroom.test` at `https://strongroom.test`.
 *
 * Run from the repository root: `node packages/identity/scripts/record-webauthn-fixtures.ts`,
 * then `pnpm exec biome format --write packages/identity/test/fixtures/webauthn`.
 *
 * Every input is derived from a fixed label (listed in the fixtures' `$comment`), so the output
 * is the same on each run except the ECDSA signatures, which node:crypto randomises. The bytes
 * follow WebAuthn Level 3 §6.1 (authenticator data), §6.5 (attestation object), §5.8.1 (client
 * data) and RFC 9053 §7.1 (EC2 COSE key); CBOR comes from the library's own encoder.
 *
 * This is a test-fixture generator, not product code: the tests read only the JSON it writes.
 * @module
 */
import { createECDH, createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const RP_ID = 'strongroom.test';
const ORIGIN = 'https://strongroom.test';
const USER_ID = 'usr_01jr8ftpn3e7xb6m0f4q2wqd9z';
const LABELS = {
  privateKey: 'strongroom webauthn fixture private key v1',
  credentialId: 'strongroom webauthn fixture credential id v1',
  registrationChallenge: 'strongroom webauthn fixture registration challenge v1',
  assertionChallenge: 'strongroom webauthn fixture assertion challenge v1 #',
} as const;

// Authenticator data flag bits (WebAuthn §6.1): user present, user verified, backup eligible,
// backed up, attested credential data included.
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

type CborValue = Parameters<typeof isoCBOR.encode>[0];

const OUTPUT_DIRECTORY = new URL('../test/fixtures/webauthn/', import.meta.url);

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

interface Credential {
  readonly id: Buffer;
  readonly privateKey: KeyObject;
  readonly coseKey: Uint8Array;
}

function createCredential(): Credential {
  const scalar = sha256(LABELS.privateKey);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 33);
  const y = point.subarray(33, 65);
  const privateKey = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: base64Url(scalar), x: base64Url(x), y: base64Url(y) },
    format: 'jwk',
  });
  // COSE_Key: kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), x, y.
  const coseKey = isoCBOR.encode(
    new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(x)],
      [-3, new Uint8Array(y)],
    ]),
  );
  return { id: sha256(LABELS.credentialId), privateKey, coseKey };
}

function clientData(type: string, challenge: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin: ORIGIN, crossOrigin: false }));
}

function registration(credential: Credential) {
  const challenge = base64Url(sha256(LABELS.registrationChallenge));
  const credentialIdLength = Buffer.alloc(2);
  credentialIdLength.writeUInt16BE(credential.id.length);
  const authenticatorData = Buffer.concat([
    sha256(RP_ID),
    Buffer.of(FLAG_UP | FLAG_UV | FLAG_BE | FLAG_BS | FLAG_AT),
    uint32(0),
    Buffer.alloc(16), // AAGUID: all zero, as software and privacy-preserving authenticators send.
    credentialIdLength,
    credential.id,
    credential.coseKey,
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', new Uint8Array(authenticatorData)],
    ]),
  );
  return {
    userId: USER_ID,
    challenge,
    response: {
      id: base64Url(credential.id),
      rawId: base64Url(credential.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64Url(clientData('webauthn.create', challenge)),
        attestationObject: base64Url(attestationObject),
        transports: ['hybrid', 'internal'],
      },
    },
  };
}

function assertion(credential: Credential, counter: number, flags: number) {
  const challenge = base64Url(sha256(`${LABELS.assertionChallenge}${counter}`));
  const authenticatorData = Buffer.concat([sha256(RP_ID), Buffer.of(flags), uint32(counter)]);
  const clientDataJson = clientData('webauthn.get', challenge);
  const signature = sign(
    'sha256',
    Buffer.concat([authenticatorData, sha256(clientDataJson)]),
    credential.privateKey,
  );
  return {
    counter,
    challenge,
    response: {
      id: base64Url(credential.id),
      rawId: base64Url(credential.id),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64Url(clientDataJson),
        authenticatorData: base64Url(authenticatorData),
        signature: base64Url(signature),
        userHandle: base64Url(Buffer.from(USER_ID)),
      },
    },
  };
}

function header(contents: string): string[] {
  return [
    `${contents} Recorded by a software authenticator (ES256, P-256).`,
    'Regenerate from the repository root: node packages/identity/scripts/record-webauthn-fixtures.ts',
    'then: pnpm exec biome format --write packages/identity/test/fixtures/webauthn',
    `Relying party: rpId ${RP_ID}, origin ${ORIGIN}; user handle: UTF-8 of ${USER_ID}.`,
    `Private key scalar: SHA-256("${LABELS.privateKey}").`,
    `Credential id: SHA-256("${LABELS.credentialId}").`,
    `Registration challenge: base64url(SHA-256("${LABELS.registrationChallenge}")).`,
    `Assertion challenge for counter n: base64url(SHA-256("${LABELS.assertionChallenge}n")).`,
    'Flags: UP|UV|BE|BS (+AT at registration) unless an entry says otherwise; AAGUID zero.',
    'ECDSA signatures are randomised, so a rerun changes only the signature bytes.',
  ];
}

function write(name: string, contents: object): void {
  writeFileSync(new URL(name, OUTPUT_DIRECTORY), `${JSON.stringify(contents, null, 2)}\n`);
}

const credential = createCredential();
const common = { rpId: RP_ID, origin: ORIGIN };
write('registration.json', {
  $comment: header('A passkey registration (attestation "none").'),
  ...common,
  ...registration(credential),
});
write('authentication.json', {
  $comment: [
    ...header('Assertions of the registered passkey, one challenge each.'),
    'withoutUserVerification: flags UP|BE|BS; withoutUserPresence: flags UV|BE|BS.',
  ],
  ...common,
  assertions: {
    first: assertion(credential, 1, FLAG_UP | FLAG_UV | FLAG_BE | FLAG_BS),
    second: assertion(credential, 2, FLAG_UP | FLAG_UV | FLAG_BE | FLAG_BS),
    withoutUserVerification: assertion(credential, 3, FLAG_UP | FLAG_BE | FLAG_BS),
    withoutUserPresence: assertion(credential, 4, FLAG_UV | FLAG_BE | FLAG_BS),
  },
});
