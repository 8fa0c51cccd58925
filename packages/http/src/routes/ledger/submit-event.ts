import type { LedgerEvent, TransferStatus } from '@strongroom/ledger';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import { jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { commandContextOf, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { recordedStatus } from './ledger-outcomes.js';
import { TransferResultSchema } from './ledger-wire-schemas.js';

/** The responses of every single-event route: 201 created, 200 exists, or the result's problem. */
export const SINGLE_EVENT_RESPONSES = {
  201: jsonResponse(
    TransferResultSchema,
    'Created, with the balances after it of every account it touched',
  ),
  200: jsonResponse(TransferResultSchema, 'Already exists with this content: the original result'),
  ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
};

/**
 * Runs one transfer or journal-entry event for the caller's tenant and answers with its result on
 * the wire: 201 (`created`) or 200 (`exists`); a refused event throws its problem (see `recordedStatus`,
 * and its `pathNamed` for the resource the route's path names).
 */
export async function submitEvent(
  dependencies: RouteDependencies,
  c: Context<HttpEnv>,
  event: LedgerEvent,
  pathNamed?: TransferStatus,
) {
  const result = valueOrProblem(
    await dependencies.strongroom.ledger.createTransfer(
      principalOf(c).tenantId,
      event,
      commandContextOf(c),
    ),
  );
  const body = toWire(result);
  return recordedStatus('transfer', result.status, pathNamed) === 201
    ? c.json(body, 201)
    : c.json(body, 200);
}
