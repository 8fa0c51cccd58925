import type { DisputeNotFoundError, DisputesError } from '@strongroom/disputes';
import { type Id, parseId, type Result } from '@strongroom/kernel';
import { domainProblem } from '../../problems/domain-problem.js';
import { httpProblem } from '../../problems/problem-details.js';
import { valueOrProblem } from '../route-dependencies.js';

/** A dispute id from a path or body the schema already checked, as the domain's branded id. */
export function disputeIdOf(text: string): Id<'dsp'> {
  return valueOrProblem(parseId('dsp', text));
}

/** What a read found about a dispute, or the 404 problem of an id the tenant has no dispute under. */
export function foundFor<Value>(value: Value | null, disputeId: Id<'dsp'>): Value {
  if (value !== null) return value;
  const notFound: DisputeNotFoundError = { type: 'dispute.not_found', disputeId };
  throw domainProblem(notFound);
}

/**
 * The value of a disputes result. An evidence refusal names each refused item by index, property
 * and reason (never its value), which the generic problem leaves out as a nested object.
 */
export function disputeValueOrProblem<Value>(result: Result<Value, DisputesError>): Value {
  if (result.isErr() && result.error.type === 'disputes.evidence_list_invalid') {
    const { reason, items } = result.error;
    throw httpProblem(422, result.error.type, 'Disputes evidence list invalid', {
      reason,
      errors: items.map(({ index, error }) => ({
        index,
        property: error.property,
        reason: error.reason,
      })),
    });
  }
  return valueOrProblem(result);
}
