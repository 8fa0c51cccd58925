import {
  containsCardNumber,
  type Id,
  type IdGenerator,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createIdentityHarness, HARNESS_PASSWORD } from './identity-harness.js';

// A well-formed TypeID suffix holding the published Visa test number 4111 1111 1111 1111.
const CARD_LIKE_SUFFIX = '04111111111111111abcdefghj';

/** The default generator, except that its first user id holds a card-number-like run. */
function cardLikeFirstUserId(): IdGenerator & { userDraws: number } {
  const generator = {
    userDraws: 0,
    next<Prefix extends string>(prefix: Prefix): Id<Prefix> {
      if (prefix !== 'usr') return typeIdGenerator.next(prefix);
      generator.userDraws += 1;
      if (generator.userDraws === 1) return `${prefix}_${CARD_LIKE_SUFFIX}` as Id<Prefix>;
      return typeIdGenerator.next(prefix);
    },
  };
  return generator;
}

describe('user ids that look like card numbers', () => {
  it('registers the user under a redrawn id instead of refusing the sign-up', async () => {
    // A random TypeID holds such a run about once in 1.5 million: it once failed a CI run with
    // `validation` on `subjectId`, since the vault refuses card-like subject ids.
    const ids = cardLikeFirstUserId();
    const harness = createIdentityHarness({ ids });
    expect(containsCardNumber(`usr_${CARD_LIKE_SUFFIX}`)).toBe(true);

    const registered = await harness.identity.register({
      tenantId: harness.tenantId,
      email: 'ada@example.com',
      password: HARNESS_PASSWORD,
      clientAddress: '198.51.100.1',
    });

    const { userId } = unwrapOrThrow(registered);
    expect(ids.userDraws).toBe(2);
    expect(userId).not.toContain(CARD_LIKE_SUFFIX);
    expect(containsCardNumber(userId)).toBe(false);
    unwrapOrThrow(
      await harness.identity.verifyEmail({
        tenantId: harness.tenantId,
        token: harness.outbox.at(-1)?.secret,
      }),
    );
    const session = unwrapOrThrow(
      await harness.identity.login({
        tenantId: harness.tenantId,
        email: 'ada@example.com',
        password: HARNESS_PASSWORD,
        device: { label: 'laptop' },
        clientAddress: '198.51.100.1',
      }),
    );
    expect(session.status).toBe('signed_in');
  });
});
