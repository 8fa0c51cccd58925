import { err, FakeClock, ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../src/crypto/base64.js';
import { cachedSecretProvider } from '../../src/secrets/cached-secret-provider.js';
import {
  createEnvironmentSecretProvider,
  secretEnvironmentVariable,
} from '../../src/secrets/environment-secret-provider.js';
import {
  parseVersionedSecret,
  VERSIONED_SECRET_MAX_VERSIONS,
  VERSIONED_SECRET_TEXT_MAX_LENGTH,
} from '../../src/secrets/parse-versioned-secret.js';
import type { SecretProvider } from '../../src/secrets/secret-provider.js';

const bytes = (fill: number, length = 32) => new Uint8Array(length).fill(fill);
const stored = (...versions: [number, Uint8Array][]) =>
  JSON.stringify({
    versions: versions.map(([version, value]) => ({ version, value: encodeBase64(value) })),
  });

describe('parseVersionedSecret', () => {
  it('reads every version, newest first, the highest current', () => {
    const secret = unwrapOrThrow(
      parseVersionedSecret('jwt-signing', stored([1, bytes(1)], [3, bytes(3)], [2, bytes(2)])),
    );
    expect(secret.name).toBe('jwt-signing');
    expect(secret.current).toEqual({ version: 3, value: bytes(3) });
    expect(secret.versions.map((version) => version.version)).toEqual([3, 2, 1]);
  });

  it('refuses malformed text with a reason and never the value', () => {
    const value = encodeBase64(bytes(9));
    const cases: [string, string][] = [
      ['{', 'not_json'],
      ['[]', 'not_a_versioned_secret'],
      [JSON.stringify({ versions: [], other: 1 }), 'not_a_versioned_secret'],
      [JSON.stringify({ versions: [] }), 'no_versions'],
      [JSON.stringify({ versions: [{ version: 1, value, note: 'x' }] }), 'not_a_version'],
      [JSON.stringify({ versions: [{ version: 0, value }] }), 'bad_version'],
      [JSON.stringify({ versions: [{ version: '1', value }] }), 'bad_version'],
      [stored([1, bytes(1)], [1, bytes(2)]), 'duplicate_version'],
      [JSON.stringify({ versions: [{ version: 1, value: `${value}!` }] }), 'value_not_base64'],
      [stored([1, bytes(1, 15)]), 'value_too_short'],
      [stored([1, bytes(1, 4097)]), 'value_too_long'],
      [
        stored(
          ...Array.from(
            { length: VERSIONED_SECRET_MAX_VERSIONS + 1 },
            (_, index): [number, Uint8Array] => [index + 1, bytes(1)],
          ),
        ),
        'too_many_versions',
      ],
      [' '.repeat(VERSIONED_SECRET_TEXT_MAX_LENGTH + 1), 'too_long'],
    ];
    for (const [text, reason] of cases) {
      const error = parseVersionedSecret('jwt-signing', text)._unsafeUnwrapErr();
      expect(error).toEqual({ type: 'secrets.malformed', name: 'jwt-signing', reason });
      expect(JSON.stringify(error)).not.toContain(value);
    }
    expect(parseVersionedSecret('jwt-signing', stored([1, bytes(1, 16)])).isOk()).toBe(true);
  });

  it('refuses names outside the pattern without echoing them', () => {
    for (const name of ['', 'JWT', '../etc', 'a.b', 'a_b', `a${'b'.repeat(64)}`, '-a']) {
      expect(parseVersionedSecret(name, stored([1, bytes(1)]))._unsafeUnwrapErr()).toEqual({
        type: 'secrets.malformed',
        name: '',
        reason: 'bad_name',
      });
    }
  });
});

describe('createEnvironmentSecretProvider', () => {
  it('reads STRONGROOM_SECRET_<NAME> and sees a changed environment', async () => {
    expect(secretEnvironmentVariable('jwt-signing')).toBe('STRONGROOM_SECRET_JWT_SIGNING');
    const environment: Record<string, string | undefined> = {
      STRONGROOM_SECRET_JWT_SIGNING: stored([1, bytes(1)]),
    };
    const provider = createEnvironmentSecretProvider(environment);
    expect(unwrapOrThrow(await provider.get('jwt-signing')).current.version).toBe(1);
    environment['STRONGROOM_SECRET_JWT_SIGNING'] = stored([1, bytes(1)], [2, bytes(2)]);
    expect(unwrapOrThrow(await provider.get('jwt-signing')).current.version).toBe(2);
  });

  it('answers missing, empty, malformed and badly named secrets with typed errors', async () => {
    const provider = createEnvironmentSecretProvider(
      { APP_KEY_BROKEN: 'nope', APP_KEY_EMPTY: '' },
      { prefix: 'APP_KEY_' },
    );
    expect((await provider.get('absent'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.not_found',
      name: 'absent',
    });
    expect((await provider.get('empty'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.not_found',
      name: 'empty',
    });
    expect((await provider.get('broken'))._unsafeUnwrapErr()).toEqual({
      type: 'secrets.malformed',
      name: 'broken',
      reason: 'not_json',
    });
    expect((await provider.get('Broken'))._unsafeUnwrapErr().type).toBe('secrets.malformed');
    expect(() => createEnvironmentSecretProvider({}, { prefix: 'lower_' })).toThrow(/upper-case/);
  });
});

describe('cachedSecretProvider', () => {
  function counting(secrets: Map<string, string>) {
    let reads = 0;
    const provider: SecretProvider = {
      get: (name) => {
        reads += 1;
        return createEnvironmentSecretProvider(Object.fromEntries(secrets), { prefix: 'S_' }).get(
          name,
        );
      },
    };
    return { provider, reads: () => reads };
  }

  it('reads each secret once per maxAgeMs and picks up a rotation afterwards', async () => {
    const clock = new FakeClock();
    const secrets = new Map([['S_JWT_SIGNING', stored([1, bytes(1)])]]);
    const { provider, reads } = counting(secrets);
    const cached = cachedSecretProvider(provider, { maxAgeMs: 60_000, clock });
    expect(unwrapOrThrow(await cached.get('jwt-signing')).current.version).toBe(1);
    secrets.set('S_JWT_SIGNING', stored([1, bytes(1)], [2, bytes(2)]));
    clock.advance(59_999);
    expect(unwrapOrThrow(await cached.get('jwt-signing')).current.version).toBe(1);
    expect(reads()).toBe(1);
    clock.advance(1);
    expect(unwrapOrThrow(await cached.get('jwt-signing')).current.version).toBe(2);
    expect(reads()).toBe(2);
  });

  it('shares one read among concurrent gets and never caches failures', async () => {
    const secrets = new Map<string, string>();
    const { provider, reads } = counting(secrets);
    const cached = cachedSecretProvider(provider, { maxAgeMs: 60_000, clock: new FakeClock() });
    expect((await cached.get('late'))._unsafeUnwrapErr().type).toBe('secrets.not_found');
    secrets.set('S_LATE', stored([1, bytes(1)]));
    const results = await Promise.all([cached.get('late'), cached.get('late'), cached.get('late')]);
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(reads()).toBe(2);
  });

  it('forgets a read that threw, bounds its entries, and refuses bad limits', async () => {
    let calls = 0;
    const flaky: SecretProvider = {
      get: async (name) => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return name === 'missing'
          ? err({ type: 'secrets.not_found', name })
          : ok({
              name,
              current: { version: 1, value: bytes(1) },
              versions: [{ version: 1, value: bytes(1) }],
            });
      },
    };
    const cached = cachedSecretProvider(flaky, {
      maxAgeMs: 60_000,
      maxEntries: 1,
      clock: new FakeClock(),
    });
    await expect(cached.get('a')).rejects.toThrow('boom');
    expect((await cached.get('a')).isOk()).toBe(true);
    await cached.get('b'); // evicts a
    await cached.get('a');
    expect(calls).toBe(4);
    expect(() => cachedSecretProvider(flaky, { maxAgeMs: 0 })).toThrow(/maxAgeMs/);
  });
});
