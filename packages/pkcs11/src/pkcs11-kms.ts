import { err, ok, type Result } from '@strongroom/kernel';
import {
  checkKekName,
  DATA_KEY_BYTES,
  type DataKey,
  encodeWrapContext,
  type KekDescription,
  type Kms,
  type KmsError,
  type KmsInvalidRequestError,
  type WrapContext,
  type WrappedKey,
} from '@strongroom/vault';
import type { PKCS11 } from 'pkcs11js';
import { openOnToken, sealOnToken } from './gcm-on-token.js';
import { KEK_VERSIONS_MAX } from './kek-object.js';
import { currentObject, describeKek, KekStore, type KekVersionObject } from './kek-store.js';
import { KeyedLock } from './keyed-lock.js';
import { deviceFailure } from './pkcs11-failure.js';
import { checkPkcs11KmsOptions, type Pkcs11KmsOptions } from './pkcs11-kms-options.js';
import { SessionPool } from './session-pool.js';
import { openToken, type TokenLease } from './token-registry.js';
import { wrapAad } from './wrap-context-aad.js';
import { splitWrappedForm, type WrappedParts } from './wrapped-form.js';

/** The vault's {@link Kms} port on a PKCS#11 token. */
export interface Pkcs11Kms extends Kms {
  /** Always `pkcs11`. */
  readonly kind: 'pkcs11';
}

/**
 * Opens a KMS whose KEKs are AES-256 keys generated and kept inside a PKCS#11 token: it loads
 * the module, finds the token by label, logs in once and opens a pool of sessions. Data keys
 * come from the token's RNG and are wrapped with AES-256-GCM inside the token, bound by the
 * additional data to the KEK name, version and wrap context. Errors never contain the PIN.
 */
export async function createPkcs11Kms(
  options: Pkcs11KmsOptions,
): Promise<Result<Pkcs11Kms, KmsError>> {
  const checked = checkPkcs11KmsOptions(options);
  if (checked.isErr()) return err(checked.error);
  const { clock, sessionPoolSize } = checked.value;
  const token = openToken(checked.value);
  if (token.isErr()) return err(token.error);
  const pool = SessionPool.open(token.value.pkcs11, token.value.slot, sessionPoolSize);
  if (pool.isErr()) {
    token.value.release();
    return err(pool.error);
  }
  return ok(new TokenKms(token.value, pool.value, new KekStore(token.value.pkcs11, clock)));
}

const keyNotFound = (keyId: string): KmsError => ({ type: 'kms.key_not_found', keyId });

/** A wrapped key whose fields have the right shape, split into its parts when its layout is. */
interface CheckedWrap {
  readonly keyId: string;
  /** As given: a version that is not a positive integer matches no object, like a missing one. */
  readonly version: number;
  /** `undefined` when the layout is wrong: reported as a failed unwrap once the KEK is known. */
  readonly parts: WrappedParts | undefined;
  readonly context: Uint8Array;
}

function checkWrap(
  wrapped: WrappedKey,
  context: WrapContext,
): Result<CheckedWrap, KmsInvalidRequestError> {
  const { keyId, version, ciphertext } = wrapped;
  return checkKekName(keyId).andThen(() => {
    if (!(ciphertext instanceof Uint8Array)) {
      return err({
        type: 'kms.invalid_request',
        field: 'ciphertext',
        reason: 'bad_format',
      } as const);
    }
    return encodeWrapContext(context).map((encoded) => ({
      keyId,
      version,
      parts: splitWrappedForm(ciphertext),
      context: encoded,
    }));
  });
}

class TokenKms implements Pkcs11Kms {
  readonly kind = 'pkcs11';
  readonly #token: TokenLease;
  readonly #pkcs11: PKCS11;
  readonly #pool: SessionPool;
  readonly #keks: KekStore;
  readonly #locks = new KeyedLock();
  #closed: Promise<void> | undefined;

  constructor(token: TokenLease, pool: SessionPool, keks: KekStore) {
    this.#token = token;
    this.#pkcs11 = token.pkcs11;
    this.#pool = pool;
    this.#keks = keks;
  }

  async createKey(keyId: string): Promise<Result<KekDescription, KmsError>> {
    const name = checkKekName(keyId);
    if (name.isErr()) return err(name.error);
    // Serialized per KEK: a concurrent create must see the version the first one made.
    return this.#locks.run(keyId, () =>
      this.#onSession('pkcs11.create_key', async (session) => {
        const existing = this.#keks.list(session, keyId);
        if (existing.length > 0) return ok(describeKek(keyId, existing));
        await this.#keks.generate(session, keyId, 1);
        return ok(describeKek(keyId, this.#keks.list(session, keyId)));
      }),
    );
  }

  async rotate(keyId: string): Promise<Result<KekDescription, KmsError>> {
    const name = checkKekName(keyId);
    if (name.isErr()) return err(name.error);
    return this.#locks.run(keyId, () =>
      this.#onSession('pkcs11.rotate', async (session) => {
        const current = this.#keks.list(session, keyId).at(-1);
        if (current === undefined) return err(keyNotFound(keyId));
        if (current.version >= KEK_VERSIONS_MAX) {
          return err({ type: 'kms.invalid_request', field: 'keyId', reason: 'too_many_versions' });
        }
        await this.#keks.generate(session, keyId, current.version + 1);
        return ok(describeKek(keyId, this.#keks.list(session, keyId)));
      }),
    );
  }

  async describe(keyId: string): Promise<Result<KekDescription, KmsError>> {
    const name = checkKekName(keyId);
    if (name.isErr()) return err(name.error);
    return this.#onSession('pkcs11.describe', async (session) => {
      const objects = this.#keks.list(session, keyId);
      return objects.length === 0 ? err(keyNotFound(keyId)) : ok(describeKek(keyId, objects));
    });
  }

  async generateDataKey(keyId: string, context: WrapContext): Promise<Result<DataKey, KmsError>> {
    const checked = checkKekName(keyId).andThen(() => encodeWrapContext(context));
    if (checked.isErr()) return err(checked.error);
    const encoded = checked.value;
    return this.#onSession('pkcs11.generate_data_key', async (session) => {
      const current = currentObject(this.#keks.list(session, keyId));
      if (current === undefined) return err(keyNotFound(keyId));
      const random = this.#pkcs11.C_GenerateRandom(session, Buffer.alloc(DATA_KEY_BYTES));
      try {
        const wrapped = await this.#seal(session, keyId, current, random, encoded);
        return ok({ plaintext: Uint8Array.from(random), wrapped });
      } finally {
        random.fill(0);
      }
    });
  }

  async wrap(
    keyId: string,
    plaintext: Uint8Array,
    context: WrapContext,
  ): Promise<Result<WrappedKey, KmsError>> {
    const checked = checkKekName(keyId).andThen(() =>
      plaintext instanceof Uint8Array && plaintext.length === DATA_KEY_BYTES
        ? encodeWrapContext(context)
        : err({ type: 'kms.invalid_request', field: 'plaintext', reason: 'not_32_bytes' } as const),
    );
    if (checked.isErr()) return err(checked.error);
    const encoded = checked.value;
    // Our own copy, taken now: the caller may zero theirs as soon as this returns a promise.
    const material = Buffer.from(plaintext);
    try {
      return await this.#onSession('pkcs11.wrap', async (session) => {
        const current = currentObject(this.#keks.list(session, keyId));
        if (current === undefined) return err(keyNotFound(keyId));
        return ok(await this.#seal(session, keyId, current, material, encoded));
      });
    } finally {
      material.fill(0);
    }
  }

  async unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Result<Uint8Array, KmsError>> {
    const checked = checkWrap(wrapped, context);
    if (checked.isErr()) return err(checked.error);
    return this.#onSession('pkcs11.unwrap', async (session) => {
      const opened = await this.#open(session, checked.value);
      if (opened.isErr()) return err(opened.error);
      const { plaintext } = opened.value;
      const copy = Uint8Array.from(plaintext);
      plaintext.fill(0);
      return ok(copy);
    });
  }

  async rewrap(wrapped: WrappedKey, context: WrapContext): Promise<Result<WrappedKey, KmsError>> {
    const checked = checkWrap(wrapped, context);
    if (checked.isErr()) return err(checked.error);
    const request = checked.value;
    // SoftHSM2 has no AES-GCM for C_WrapKey/C_UnwrapKey, so the data key passes through this
    // process between the two calls, in one buffer zeroed right after.
    return this.#onSession('pkcs11.rewrap', async (session) => {
      const opened = await this.#open(session, request);
      if (opened.isErr()) return err(opened.error);
      const { plaintext, objects } = opened.value;
      try {
        const current = currentObject(objects);
        if (current === undefined) return err(keyNotFound(request.keyId));
        return ok(await this.#seal(session, request.keyId, current, plaintext, request.context));
      } finally {
        plaintext.fill(0);
      }
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.close().then(() => this.#token.release());
    return this.#closed;
  }

  async #seal(
    session: Buffer,
    keyId: string,
    kek: KekVersionObject,
    plaintext: Buffer,
    context: Uint8Array,
  ): Promise<WrappedKey> {
    const aad = wrapAad(keyId, kek.version, context);
    const ciphertext = await sealOnToken(this.#pkcs11, session, kek.handle, plaintext, aad);
    return { keyId, version: kek.version, ciphertext };
  }

  /** Decrypts a checked wrap, trying each object of its version (normally exactly one). */
  async #open(
    session: Buffer,
    request: CheckedWrap,
  ): Promise<Result<{ plaintext: Buffer; objects: KekVersionObject[] }, KmsError>> {
    const { keyId, version, parts } = request;
    const objects = this.#keks.list(session, keyId);
    if (objects.length === 0) return err(keyNotFound(keyId));
    const candidates = objects.filter((object) => object.version === version);
    if (candidates.length === 0) return err({ type: 'kms.key_version_not_found', keyId, version });
    if (parts !== undefined) {
      const aad = wrapAad(keyId, version, request.context);
      for (const candidate of candidates) {
        const plaintext = await openOnToken(this.#pkcs11, session, candidate.handle, parts, aad);
        if (plaintext !== undefined) return ok({ plaintext, objects });
      }
    }
    return err({ type: 'kms.unwrap_failed', keyId, version });
  }

  /** Runs `work` on a pooled session; whatever the module throws becomes a typed error. */
  async #onSession<T>(
    operation: string,
    work: (session: Buffer) => Promise<Result<T, KmsError>>,
  ): Promise<Result<T, KmsError>> {
    try {
      const outcome = await this.#pool.run(operation, work);
      return outcome.andThen((result) => result);
    } catch (error) {
      return err(deviceFailure(error, operation));
    }
  }
}
