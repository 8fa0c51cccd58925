import { FakeClock, unwrapOrThrow } from '@strongroom/kernel';
import pkcs11js from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { createPkcs11Kms, type Pkcs11Kms } from '../src/index.js';
import { removeSoftHsmToken, SOFTHSM_MODULE, softHsmToken } from './softhsm-token.js';
import { attribute, findSecretKeys, onTokenSession, plantSecretKey } from './token-inspector.js';

afterAll(removeSoftHsmToken);

const CONTEXT = { tenant: 'tenant-a', purpose: 'cards' };

const freshKekName = () => `adapter-${crypto.randomUUID()}`;

async function openKms(options: { clock?: FakeClock; sessionPoolSize?: number } = {}) {
  return unwrapOrThrow(await createPkcs11Kms({ ...softHsmToken(), ...options }));
}

async function withKms<T>(work: (kms: Pkcs11Kms) => Promise<T>, clock?: FakeClock): Promise<T> {
  const kms = await openKms(clock === undefined ? {} : { clock });
  try {
    return await work(kms);
  } finally {
    await kms.close();
  }
}

describe('KEK objects on the token', () => {
  it('are AES-256 keys generated inside the token that can never leave it', async () => {
    await withKms(async (kms) => {
      const keyId = freshKekName();
      unwrapOrThrow(await kms.createKey(keyId));
      unwrapOrThrow(await kms.rotate(keyId));
      onTokenSession(softHsmToken(), (pkcs11, session) => {
        const handles = findSecretKeys(pkcs11, session, `strongroom:${keyId}`);
        expect(handles).toHaveLength(2);
        for (const handle of handles) {
          const flag = (type: number) => attribute(pkcs11, session, handle, type)[0];
          expect(flag(pkcs11js.CKA_TOKEN)).toBe(1);
          expect(flag(pkcs11js.CKA_PRIVATE)).toBe(1);
          expect(flag(pkcs11js.CKA_SENSITIVE)).toBe(1);
          expect(flag(pkcs11js.CKA_EXTRACTABLE)).toBe(0);
          // Generated on the token and never extractable since: it was never outside.
          expect(flag(pkcs11js.CKA_LOCAL)).toBe(1);
          expect(flag(pkcs11js.CKA_NEVER_EXTRACTABLE)).toBe(1);
          expect(flag(pkcs11js.CKA_WRAP)).toBe(0);
          expect(flag(pkcs11js.CKA_MODIFIABLE)).toBe(0);
          expect(attribute(pkcs11, session, handle, pkcs11js.CKA_VALUE_LEN).readUInt32LE()).toBe(
            32,
          );
          expect(attribute(pkcs11, session, handle, pkcs11js.CKA_KEY_TYPE).readUInt32LE()).toBe(
            pkcs11js.CKK_AES,
          );
          expect(() => attribute(pkcs11, session, handle, pkcs11js.CKA_VALUE)).toThrow(
            /CKR_ATTRIBUTE_SENSITIVE/,
          );
          // Not even wrapped under itself.
          expect(() =>
            pkcs11.C_WrapKey(
              session,
              { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD },
              handle,
              handle,
              Buffer.alloc(64),
            ),
          ).toThrow(/CKR_/);
          // The label cannot be rewritten to fake a version or creation time.
          expect(() =>
            pkcs11.C_SetAttributeValue(session, handle, [
              {
                type: pkcs11js.CKA_LABEL,
                value: `strongroom:${keyId}:v9:2020-01-01T00:00:00.000Z`,
              },
            ]),
          ).toThrow(/CKR_/);
        }
        const labels = handles
          .map((handle) => attribute(pkcs11, session, handle, pkcs11js.CKA_LABEL).toString())
          .sort();
        expect(labels[0]).toMatch(
          new RegExp(
            `^strongroom:${keyId}:v1:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$`,
          ),
        );
        expect(labels[1]).toMatch(new RegExp(`^strongroom:${keyId}:v2:`));
      });
    });
  });

  it('keep their creation time from the clock in the label, read back by describe', async () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00.123Z'));
    const keyId = freshKekName();
    await withKms(async (kms) => {
      unwrapOrThrow(await kms.createKey(keyId));
      clock.advance(86_400_000);
      unwrapOrThrow(await kms.rotate(keyId));
    }, clock);
    // A new instance (no label cache) reads the same times from the token.
    await withKms(async (kms) => {
      expect(unwrapOrThrow(await kms.describe(keyId))).toEqual({
        keyId,
        currentVersion: 2,
        versions: [
          { version: 1, createdAt: new Date('2026-03-01T10:00:00.123Z') },
          { version: 2, createdAt: new Date('2026-03-02T10:00:00.123Z') },
        ],
      });
    });
  });

  it('ignores an object that carries a KEK id but a label it did not write', async () => {
    await withKms(async (kms) => {
      const keyId = freshKekName();
      onTokenSession(softHsmToken(), (pkcs11, session) =>
        plantSecretKey(pkcs11, session, { id: `strongroom:${keyId}`, label: 'someone-else' }),
      );
      expect((await kms.describe(keyId))._unsafeUnwrapErr()).toEqual({
        type: 'kms.key_not_found',
        keyId,
      });
      expect(unwrapOrThrow(await kms.createKey(keyId)).currentVersion).toBe(1);
    });
  });

  it('unwraps through a duplicate version another process created at the same time', async () => {
    await withKms(async (kms) => {
      const keyId = freshKekName();
      unwrapOrThrow(await kms.createKey(keyId));
      const generated = unwrapOrThrow(await kms.generateDataKey(keyId, CONTEXT));
      // A second v1, labelled earlier, so it sorts first and is tried first.
      onTokenSession(softHsmToken(), (pkcs11, session) =>
        plantSecretKey(pkcs11, session, {
          id: `strongroom:${keyId}`,
          label: `strongroom:${keyId}:v1:2000-01-01T00:00:00.000Z`,
        }),
      );
      const described = unwrapOrThrow(await kms.describe(keyId));
      expect(described.versions.map((version) => version.version)).toEqual([1]);
      const unwrapped = unwrapOrThrow(await kms.unwrap(generated.wrapped, CONTEXT));
      expect(Buffer.from(unwrapped).equals(Buffer.from(generated.plaintext))).toBe(true);
    });
  });
});

describe('wrapped data keys', () => {
  it('are laid out as format byte, 12-byte nonce, 32-byte ciphertext and 16-byte tag', async () => {
    await withKms(async (kms) => {
      const keyId = freshKekName();
      unwrapOrThrow(await kms.createKey(keyId));
      const { wrapped } = unwrapOrThrow(await kms.generateDataKey(keyId, CONTEXT));
      expect(wrapped.ciphertext).toHaveLength(61);
      expect(wrapped.ciphertext[0]).toBe(0x01);
      const otherFormat = Uint8Array.from(wrapped.ciphertext);
      otherFormat[0] = 0x02;
      expect(
        (await kms.unwrap({ ...wrapped, ciphertext: otherFormat }, CONTEXT))._unsafeUnwrapErr(),
      ).toEqual({ type: 'kms.unwrap_failed', keyId, version: 1 });
    });
  });

  it('refuses malformed ciphertexts and contexts as kms.invalid_request', async () => {
    await withKms(async (kms) => {
      const keyId = freshKekName();
      unwrapOrThrow(await kms.createKey(keyId));
      const { wrapped } = unwrapOrThrow(await kms.generateDataKey(keyId, CONTEXT));
      const notBytes = { ...wrapped, ciphertext: 'AQID' as unknown as Uint8Array };
      expect((await kms.rewrap(notBytes, CONTEXT))._unsafeUnwrapErr()).toMatchObject({
        type: 'kms.invalid_request',
        field: 'ciphertext',
      });
      // The vault's context rules (wrap-context.ts), shared with the software KMS.
      const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
      const contexts: [Record<string, string>, string][] = [
        [tooMany, 'too_many_entries'],
        [{ tenant: 'x'.repeat(257) }, 'value_too_long'],
        [{ tenant: 'a\uD800b' }, 'bad_value'],
        [{ tenant: 42 as unknown as string }, 'bad_value'],
        [{ '': 'empty key' }, 'bad_key'],
        [{ Tenant: 'upper case' }, 'bad_key'],
      ];
      for (const [context, reason] of contexts) {
        const expected = { type: 'kms.invalid_request', field: 'context', reason };
        expect((await kms.generateDataKey(keyId, context))._unsafeUnwrapErr()).toEqual(expected);
        expect((await kms.wrap(keyId, new Uint8Array(32), context))._unsafeUnwrapErr()).toEqual(
          expected,
        );
        expect((await kms.unwrap(wrapped, context))._unsafeUnwrapErr()).toEqual(expected);
      }
    });
  });

  it('serves many concurrent operations through a single session', async () => {
    const kms = await openKms({ sessionPoolSize: 1 });
    try {
      const keyId = freshKekName();
      unwrapOrThrow(await kms.createKey(keyId));
      const keys = (
        await Promise.all(Array.from({ length: 30 }, () => kms.generateDataKey(keyId, CONTEXT)))
      ).map((result) => unwrapOrThrow(result));
      const unwrapped = await Promise.all(keys.map((key) => kms.unwrap(key.wrapped, CONTEXT)));
      const plaintexts = keys.map((key) => Buffer.from(key.plaintext).toString('hex'));
      expect(new Set(plaintexts).size).toBe(30);
      expect(unwrapped.map((result) => Buffer.from(unwrapOrThrow(result)).toString('hex'))).toEqual(
        plaintexts,
      );
    } finally {
      await kms.close();
    }
  });
});

describe('opening and closing', () => {
  it('refuses bad options by field, without echoing the PIN', async () => {
    const token = softHsmToken();
    const cases: [Parameters<typeof createPkcs11Kms>[0], string, string][] = [
      [{ ...token, modulePath: '' }, 'modulePath', 'missing'],
      [{ ...token, tokenLabel: '' }, 'tokenLabel', 'missing'],
      [{ ...token, tokenLabel: 'x'.repeat(33) }, 'tokenLabel', 'too_long'],
      [{ ...token, pin: '' }, 'pin', 'missing'],
      [{ ...token, pin: 'p'.repeat(257) }, 'pin', 'too_long'],
      [{ ...token, sessionPoolSize: 0 }, 'sessionPoolSize', 'out_of_range'],
      [{ ...token, sessionPoolSize: 33 }, 'sessionPoolSize', 'out_of_range'],
      [{ ...token, sessionPoolSize: 1.5 }, 'sessionPoolSize', 'out_of_range'],
    ];
    for (const [options, field, reason] of cases) {
      expect((await createPkcs11Kms(options))._unsafeUnwrapErr()).toEqual({
        type: 'kms.invalid_request',
        field,
        reason,
      });
    }
  });

  it('reports a missing module or token as a typed infrastructure error', async () => {
    const token = softHsmToken();
    const missingModule = await createPkcs11Kms({ ...token, modulePath: '/nonexistent/lib.so' });
    expect(missingModule._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      operation: 'pkcs11.open',
      code: 'module_load_failed',
      retryable: false,
    });
    const missingToken = await createPkcs11Kms({ ...token, tokenLabel: 'no-such-token' });
    expect(missingToken._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      code: 'token_not_found',
    });
  });

  it('reports a wrong PIN as CKR_PIN_INCORRECT without the PIN, from the token itself', async () => {
    const token = softHsmToken();
    const wrongPin = `wrong-${crypto.randomUUID()}`;
    const result = await createPkcs11Kms({ ...token, pin: wrongPin });
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: 'infrastructure',
      operation: 'pkcs11.open',
      code: 'CKR_PIN_INCORRECT',
      retryable: false,
    });
    expect(JSON.stringify(error)).not.toContain(wrongPin);
    expect(JSON.stringify(error)).not.toContain(token.pin);
    // The failed login left nothing behind: the right PIN still opens the token.
    await withKms(async (kms) => {
      expect(unwrapOrThrow(await kms.createKey(freshKekName())).currentVersion).toBe(1);
    });
  });

  it('refuses a wrong PIN while the token is open here under the right one', async () => {
    await withKms(async (kms) => {
      const token = softHsmToken();
      const wrongPin = `wrong-${crypto.randomUUID()}`;
      const error = (await createPkcs11Kms({ ...token, pin: wrongPin }))._unsafeUnwrapErr();
      expect(error).toMatchObject({ type: 'infrastructure', code: 'CKR_PIN_INCORRECT' });
      expect(JSON.stringify(error)).not.toContain(wrongPin);
      expect(JSON.stringify(error)).not.toContain(token.pin);
      // The open instance is unaffected.
      expect(unwrapOrThrow(await kms.createKey(freshKekName())).currentVersion).toBe(1);
    });
  });

  it('shares one login between instances on a token; closing one leaves the other working', async () => {
    const first = await openKms();
    const second = await openKms();
    const keyId = freshKekName();
    unwrapOrThrow(await first.createKey(keyId));
    const generated = unwrapOrThrow(await first.generateDataKey(keyId, CONTEXT));
    await first.close();
    const unwrapped = unwrapOrThrow(await second.unwrap(generated.wrapped, CONTEXT));
    expect(Buffer.from(unwrapped).equals(Buffer.from(generated.plaintext))).toBe(true);
    await second.close();
  });

  it('closes idempotently, refuses work afterwards, and the token opens again', async () => {
    const kms = await openKms();
    const keyId = freshKekName();
    unwrapOrThrow(await kms.createKey(keyId));
    const pending = kms.generateDataKey(keyId, CONTEXT);
    await Promise.all([kms.close(), kms.close()]);
    await kms.close();
    // An operation already under way when close was called finishes first.
    expect((await pending).isOk()).toBe(true);
    expect((await kms.describe(keyId))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      code: 'closed',
      retryable: false,
    });
    await withKms(async (again) => {
      expect(unwrapOrThrow(await again.describe(keyId)).currentVersion).toBe(1);
    });
  });

  it('uses the SoftHSM2 module the environment names', () => {
    expect(SOFTHSM_MODULE).toMatch(/libsofthsm2\.so$/);
  });
});
