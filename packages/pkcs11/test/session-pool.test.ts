import { unwrapOrThrow } from '@strongroom/kernel';
import pkcs11js from 'pkcs11js';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionPool } from '../src/session-pool.js';
import { openToken, type TokenLease } from '../src/token-registry.js';
import { removeSoftHsmToken, softHsmToken } from './softhsm-token.js';
import { plantSecretKey } from './token-inspector.js';

afterAll(removeSoftHsmToken);

async function withPool<T>(
  size: number,
  work: (pool: SessionPool, token: TokenLease) => Promise<T>,
) {
  const token = unwrapOrThrow(openToken(softHsmToken()));
  const pool = unwrapOrThrow(SessionPool.open(token.pkcs11, token.slot, size));
  try {
    return await work(pool, token);
  } finally {
    await pool.close();
    token.release();
  }
}

const gcm = {
  mechanism: pkcs11js.CKM_AES_GCM,
  parameter: {
    type: pkcs11js.CK_PARAMS_GCM,
    iv: Buffer.alloc(12, 1),
    ivBits: 96,
    tagBits: 128,
  } as pkcs11js.GcmParams,
};

describe('session pool', () => {
  it('replaces a session that a failure left with an operation under way', async () => {
    await withPool(1, async (pool, token) => {
      const key = unwrapOrThrow(
        await pool.run('test', async (session) =>
          plantSecretKey(token.pkcs11, session, { id: 'pool-test', label: 'pool-test' }),
        ),
      );
      const sessions: string[] = [];
      // Starting a second encryption on a session with one under way fails with
      // CKR_OPERATION_ACTIVE and leaves the first one active.
      await expect(
        pool.run('test', async (session) => {
          sessions.push(session.toString('hex'));
          token.pkcs11.C_EncryptInit(session, gcm, key);
          token.pkcs11.C_EncryptInit(session, gcm, key);
        }),
      ).rejects.toThrow(/CKR_OPERATION_ACTIVE/);
      // The next lease gets a fresh session on which a new operation starts.
      const sealed = unwrapOrThrow(
        await pool.run('test', async (session) => {
          sessions.push(session.toString('hex'));
          token.pkcs11.C_EncryptInit(session, gcm, key);
          return token.pkcs11.C_Encrypt(session, Buffer.alloc(32), Buffer.alloc(48));
        }),
      );
      expect(sealed).toHaveLength(48);
      expect(sessions[1]).not.toBe(sessions[0]);
    });
  });

  it('serves waiting operations first come, first served', async () => {
    await withPool(1, async (pool) => {
      const order: number[] = [];
      await Promise.all(
        [0, 1, 2, 3, 4].map((index) =>
          pool.run('test', async () => {
            await new Promise((resolve) => setTimeout(resolve, 5 - index));
            order.push(index);
          }),
        ),
      );
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it('lets leased work finish on close, then refuses new work', async () => {
    await withPool(2, async (pool) => {
      let finished = false;
      const running = pool.run('test', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
        return 'done';
      });
      await pool.close();
      expect(finished).toBe(true);
      expect(unwrapOrThrow(await running)).toBe('done');
      expect((await pool.run('test.after_close', async () => 1))._unsafeUnwrapErr()).toEqual({
        type: 'infrastructure',
        retryable: false,
        operation: 'test.after_close',
        message: 'the PKCS#11 KMS is closed',
        code: 'closed',
      });
    });
  });
});
