import { createRoute, z } from '@hono/zod-openapi';
import { principalOf } from '../../middleware/authenticate.js';
import { httpProblem } from '../../problems/problem-details.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { JournalInputSchema, TransferIdSchema } from './ledger-input-schemas.js';
import { journalInputOf } from './ledger-inputs.js';
import { JournalEntrySchema } from './ledger-wire-schemas.js';
import { SINGLE_EVENT_RESPONSES, submitEvent } from './submit-event.js';

/** `POST /v1/ledger/journal-entries`, `GET /v1/ledger/journal-entries/{journalEntryId}`. */
export function registerJournalRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const create = createRoute({
    method: 'post',
    path: '/v1/ledger/journal-entries',
    tags: ['ledger'],
    summary:
      'Create a multi-leg journal entry (balanced per currency), or post or void a pending one by flags',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: { body: jsonBody(JournalInputSchema) },
    responses: SINGLE_EVENT_RESPONSES,
  });
  app.openapi(create, async (c) => {
    const journal = journalInputOf(c.req.valid('json'));
    return submitEvent(dependencies, c, { kind: 'journal', journal });
  });

  const read = createRoute({
    method: 'get',
    path: '/v1/ledger/journal-entries/{journalEntryId}',
    tags: ['ledger'],
    summary: 'A journal entry',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    request: { params: z.object({ journalEntryId: TransferIdSchema }) },
    responses: {
      200: jsonResponse(JournalEntrySchema, 'The journal entry'),
      ...problemResponses(400, 401, 403, 404, 429, 503),
    },
  });
  app.openapi(read, async (c) => {
    const { journalEntryId } = c.req.valid('param');
    const [journal] = valueOrProblem(
      await dependencies.strongroom.ledger.lookupJournalEntries(principalOf(c).tenantId, [
        journalEntryId,
      ]),
    );
    if (journal === undefined || journal === null) {
      throw httpProblem(404, 'ledger.journal_entry_not_found', 'Ledger journal entry not found');
    }
    return c.json(toWire(journal), 200);
  });
}
