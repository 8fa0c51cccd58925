import { createStorageCache, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { JWKS_CACHE_KEY, JWKS_CACHE_TTL_MS } from '../src/tokens/access-token.js';
import { createTokenHarness, subjectOf, tenant } from './access-token-fixture.js';

const acme = tenant('acme');
const ops = { type: 'user', id: 'usr_ops' } as const;

describe('JWKS through the cache port', () => {
  it('serves the published JWKS from the cache, and rotation replaces it', async () => {
    const harness = createTokenHarness();
    const cache = createStorageCache({ storage: harness.storage, clock: harness.clock });
    const tokens = harness.tokens({ jwksCache: cache });
    unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const first = unwrapOrThrow(await tokens.jwks(acme));
    expect(first.keys).toHaveLength(1);
    // What the cache holds is what the next call serves: no key is read for it.
    const stored = unwrapOrThrow(await cache.get(acme, JWKS_CACHE_KEY));
    expect(JSON.parse(stored ?? 'null')).toEqual(first);
    unwrapOrThrow(await cache.set(acme, JWKS_CACHE_KEY, '{"keys":[]}', JWKS_CACHE_TTL_MS));
    expect(unwrapOrThrow(await tokens.jwks(acme))).toEqual({ keys: [] });

    const rotated = unwrapOrThrow(await tokens.rotateSigningKey(acme, ops));
    const after = unwrapOrThrow(await tokens.jwks(acme));
    expect(after.keys.map((key) => key.kid).sort()).toEqual(
      [rotated.kid, rotated.retiredKid].sort(),
    );
  });

  it('reads the keys again once the cached JWKS has expired', async () => {
    const harness = createTokenHarness();
    const cache = createStorageCache({ storage: harness.storage, clock: harness.clock });
    const tokens = harness.tokens({ jwksCache: cache });
    unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    unwrapOrThrow(await tokens.jwks(acme));
    unwrapOrThrow(await cache.set(acme, JWKS_CACHE_KEY, '{"keys":[]}', JWKS_CACHE_TTL_MS));
    harness.clock.advance(JWKS_CACHE_TTL_MS);
    expect(unwrapOrThrow(await tokens.jwks(acme)).keys).toHaveLength(1);
  });
});
