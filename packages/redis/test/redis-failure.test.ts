import { ReplyError } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisFailure } from '../src/index.js';
import { connectedClient } from './support/shared-redis.js';

const client = await connectedClient();
const SECRET = 'tok_secret_4111111111111111';

afterAll(() => client.quit());

// The real error a command gets from the shared server.
async function thrownBy(command: Promise<unknown>): Promise<unknown> {
  return command.then(
    () => expect.fail('the command was expected to fail'),
    (error: unknown) => error,
  );
}

describe('redisFailure', () => {
  it('keeps the code of an error reply no retry can fix, and not its text', async () => {
    const cases = [
      { command: () => client.evalsha('0'.repeat(40), 1, SECRET), code: 'NOSCRIPT' },
      { command: () => client.call('SET', SECRET), code: 'ERR' },
      { command: () => client.call('NO-SUCH-COMMAND', SECRET), code: 'ERR' },
    ];
    for (const { command, code } of cases) {
      const failure = redisFailure(await thrownBy(command()), 'redis.test');
      expect(failure).toEqual({
        type: 'infrastructure',
        retryable: false,
        operation: 'redis.test',
        message: 'Redis rejected the command',
        code,
      });
    }
  });

  it('reports WRONGTYPE as not retryable', async () => {
    const key = `strongroom-test:failure:${crypto.randomUUID()}`;
    await client.rpush(key, 'item');
    try {
      const failure = redisFailure(await thrownBy(client.get(key)), 'redis.test');
      expect(failure).toMatchObject({ retryable: false, code: 'WRONGTYPE' });
    } finally {
      await client.del(key);
    }
  });

  it('never copies a message that echoes the command arguments', async () => {
    // A script error whose text Redis builds from an argument: here, a secret.
    const error = await thrownBy(
      client.eval("return redis.error_reply('ERR rejected ' .. ARGV[1])", 0, SECRET),
    );
    expect(String((error as Error).message)).toContain(SECRET);
    const failure = redisFailure(error, 'redis.test');
    expect(JSON.stringify(failure)).not.toContain(SECRET);
    expect(failure).toMatchObject({ retryable: false, code: 'ERR' });
  });

  it('marks replies of a busy, loading or failing-over server retryable', () => {
    for (const code of ['LOADING', 'BUSY', 'TRYAGAIN', 'CLUSTERDOWN', 'MASTERDOWN', 'READONLY']) {
      const failure = redisFailure(new ReplyError(`${code} ${SECRET}`), 'redis.test');
      expect(failure).toEqual({
        type: 'infrastructure',
        retryable: true,
        operation: 'redis.test',
        message: 'Redis cannot serve the command now',
        code,
      });
    }
  });

  it('marks socket failures retryable with their system code', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) {
      const error = Object.assign(new Error(`connect ${code} ${SECRET}`), { code });
      expect(redisFailure(error, 'redis.test')).toEqual({
        type: 'infrastructure',
        retryable: true,
        operation: 'redis.test',
        message: 'Redis connection failed',
        code,
      });
    }
  });

  it("marks ioredis's lost-connection and timeout errors retryable", () => {
    const lost = [
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Redis connection is not ready'),
    ];
    for (const error of lost) {
      expect(redisFailure(error, 'redis.test')).toEqual({
        type: 'infrastructure',
        retryable: true,
        operation: 'redis.test',
        message: 'Redis is unreachable',
      });
    }
    const timedOut = redisFailure(new Error('Command timed out'), 'redis.test');
    expect(timedOut).toMatchObject({ retryable: true, message: 'Redis did not answer in time' });
  });

  it('reports anything unrecognised as not retryable, without its message', () => {
    for (const thrown of [new TypeError(SECRET), SECRET, undefined, { code: SECRET }]) {
      const failure = redisFailure(thrown, 'redis.test');
      expect(failure).toEqual({
        type: 'infrastructure',
        retryable: false,
        operation: 'redis.test',
        message: 'Redis command failed',
      });
    }
  });
});
