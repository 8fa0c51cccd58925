import { err, ok, type Result } from 'neverthrow';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import { assertRateLimitConsumptions } from './assert-rate-limit.js';
import type { RateLimitConsumption, RateLimitDecision } from './rate-limiter.js';

/**
 * `consumeMany` for a limiter whose consumptions are independent calls (Redis, process memory):
 * all of them at once, so a networked store answers in about one round trip; the first error, in
 * order, is the answer, after every consumption has been made.
 */
export async function consumeEach(
  consumptions: readonly RateLimitConsumption[],
  consume: (
    consumption: RateLimitConsumption,
  ) => Promise<Result<RateLimitDecision, InfrastructureError>>,
): Promise<Result<RateLimitDecision[], InfrastructureError>> {
  assertRateLimitConsumptions(consumptions);
  const answers = await Promise.all(consumptions.map(consume));
  const decisions: RateLimitDecision[] = [];
  for (const answer of answers) {
    if (answer.isErr()) return err(answer.error);
    decisions.push(answer.value);
  }
  return ok(decisions);
}
