import {
  err,
  type InfrastructureError,
  infrastructureError,
  ok,
  type Result,
} from '@strongroom/kernel';
import pkcs11js, { type PKCS11 } from 'pkcs11js';
import {
  deviceFailure,
  ignoreFailure,
  returnValueOf,
  SESSION_BREAKING_RETURN_VALUES,
} from './pkcs11-failure.js';

/** Most sessions one pool may hold; tokens limit sessions, and a few keep a token busy. */
export const SESSION_POOL_SIZE_MAX = 32;

/** Most operations that may wait for a session; beyond it callers get a retryable error. */
export const SESSION_QUEUE_MAX = 10_000;

/**
 * A fixed set of logged-in sessions on one token. A PKCS#11 session runs one operation at a
 * time (an `Init` call followed by its data call), so each operation leases a session for its
 * whole length and waits, first come first served, when all are leased.
 */
export class SessionPool {
  readonly #pkcs11: PKCS11;
  readonly #slot: Buffer;
  readonly #idle: Buffer[];
  readonly #waiting: ((session: Buffer) => void)[] = [];
  #leased = 0;
  #closing = false;
  #drained: (() => void) | undefined;
  #closed: Promise<void> | undefined;

  private constructor(pkcs11: PKCS11, slot: Buffer, sessions: Buffer[]) {
    this.#pkcs11 = pkcs11;
    this.#slot = slot;
    this.#idle = sessions;
  }

  /** Opens `size` read-write sessions on the token in `slot` (the token is logged in already). */
  static open(
    pkcs11: PKCS11,
    slot: Buffer,
    size: number,
  ): Result<SessionPool, InfrastructureError> {
    const sessions: Buffer[] = [];
    try {
      for (let index = 0; index < size; index += 1) sessions.push(openSession(pkcs11, slot));
    } catch (error) {
      for (const session of sessions) ignoreFailure(() => pkcs11.C_CloseSession(session));
      return err(deviceFailure(error, 'pkcs11.open'));
    }
    return ok(new SessionPool(pkcs11, slot, sessions));
  }

  /**
   * Runs `work` on a leased session. Errors `work` throws pass through; a session that a
   * failure left unusable is replaced before anyone else gets it.
   */
  async run<T>(
    operation: string,
    work: (session: Buffer) => Promise<T>,
  ): Promise<Result<T, InfrastructureError>> {
    if (this.#closing) {
      return err(
        infrastructureError({
          retryable: false,
          operation,
          message: 'the PKCS#11 KMS is closed',
          code: 'closed',
        }),
      );
    }
    let session = this.#idle.pop();
    if (session === undefined) {
      if (this.#waiting.length >= SESSION_QUEUE_MAX) {
        return err(
          infrastructureError({
            retryable: true,
            operation,
            message: `${SESSION_QUEUE_MAX} operations are already waiting for a PKCS#11 session`,
            code: 'session_queue_full',
          }),
        );
      }
      session = await new Promise<Buffer>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#leased += 1;
    }
    let healthy = true;
    try {
      return ok(await work(session));
    } catch (error) {
      const value = returnValueOf(error);
      healthy = value === undefined || !SESSION_BREAKING_RETURN_VALUES.has(value);
      throw error;
    } finally {
      this.#release(healthy ? session : this.#replace(session));
    }
  }

  /** Waits for leased sessions to come back, then closes every session. Safe to call twice. */
  close(): Promise<void> {
    this.#closing = true;
    this.#closed ??= (async () => {
      if (this.#leased > 0) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
        });
      }
      for (const session of this.#idle.splice(0)) {
        ignoreFailure(() => this.#pkcs11.C_CloseSession(session));
      }
    })();
    return this.#closed;
  }

  #release(session: Buffer): void {
    const next = this.#waiting.shift();
    if (next !== undefined) {
      // The lease passes straight on; #leased stays the same.
      next(session);
      return;
    }
    this.#leased -= 1;
    this.#idle.push(session);
    if (this.#leased === 0) this.#drained?.();
  }

  /** A fresh session in place of a broken one; the old one if the token refuses a new one. */
  #replace(session: Buffer): Buffer {
    ignoreFailure(() => this.#pkcs11.C_CloseSession(session));
    try {
      return openSession(this.#pkcs11, this.#slot);
    } catch (error) {
      if (!(error instanceof pkcs11js.NativeError)) throw error;
      // Keep the dead handle: the next operation fails with a typed error and tries again.
      return session;
    }
  }
}

function openSession(pkcs11: PKCS11, slot: Buffer): Buffer {
  return pkcs11.C_OpenSession(slot, pkcs11js.CKF_RW_SESSION | pkcs11js.CKF_SERIAL_SESSION);
}
