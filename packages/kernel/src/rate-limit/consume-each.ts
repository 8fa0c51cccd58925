import { err, ok } from 'neverthrow';
import { assertRateLimitConsumptions } from './assert-rate-limit.js';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.js';

/**
 * `consumeMany` for a limiter whose consumptions are independent calls of its `consume` (Redis,
 * process memory): all of them at once, so a networked store answers in about one round trip; the
 * first error, in order, is the answer, after every consumption has been made.
 */
export function consumeEach(consume: RateLimiter['consume']): RateLimiter['consumeMany'] {
  return async (tenantId, consumptions) => {
    assertRateLimitConsumptions(consumptions);
    const answers = await Promise.all(
      consumptions.map(({ policy, key, points }) => consume(tenantId, policy, key, points)),
    );
    const decisions: RateLimitDecision[] = [];
    for (const answer of answers) {
      if (answer.isErr()) return err(answer.error);
      decisions.push(answer.value);
    }
    return ok(decisions);
  };
}
