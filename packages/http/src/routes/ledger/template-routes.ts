import { createRoute, z } from '@hono/zod-openapi';
import { applyTemplate } from '@strongroom/ledger';
import { httpProblem } from '../../problems/problem-details.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { type HttpApp, type RouteDependencies, valueOrProblem } from '../route-dependencies.js';
import { templateApplicationOf } from './ledger-inputs.js';
import { SINGLE_EVENT_RESPONSES, submitEvent } from './submit-event.js';
import {
  PostingTemplateListSchema,
  TemplateApplicationInputSchema,
  TemplateNameSchema,
} from './template-schemas.js';

/**
 * `GET /v1/ledger/templates`, `POST /v1/ledger/templates/{name}/apply`: the posting templates the
 * host defined in code, applied by name as journal entries. Clients never define one.
 */
export function registerTemplateRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const list = createRoute({
    method: 'get',
    path: '/v1/ledger/templates',
    tags: ['ledger'],
    summary: 'The posting templates the host defined, with their parameters',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.read'),
    responses: {
      200: jsonResponse(PostingTemplateListSchema, 'Every posting template'),
      ...problemResponses(401, 403, 429, 503),
    },
  });
  app.openapi(list, (c) => {
    const templates = [...dependencies.postingTemplates.values()].map(
      ({ name, code, parameters }) => ({ name, code, parameters }),
    );
    return c.json({ templates }, 200);
  });

  const apply = createRoute({
    method: 'post',
    path: '/v1/ledger/templates/{name}/apply',
    tags: ['ledger'],
    summary:
      'Apply a posting template: a journal entry from its legs and the values given (pending = a hold)',
    security: BEARER_SECURITY,
    middleware: dependencies.guarded('ledger.transfer.create'),
    request: {
      params: z.object({ name: TemplateNameSchema }),
      body: jsonBody(TemplateApplicationInputSchema),
    },
    responses: { ...SINGLE_EVENT_RESPONSES, ...problemResponses(404) },
  });
  app.openapi(apply, async (c) => {
    const template = dependencies.postingTemplates.get(c.req.valid('param').name);
    if (template === undefined) {
      throw httpProblem(404, 'ledger.template_not_found', 'Ledger posting template not found');
    }
    const application = valueOrProblem(templateApplicationOf(template, c.req.valid('json')));
    const journal = valueOrProblem(applyTemplate(template, application));
    return submitEvent(dependencies, c, { kind: 'journal', journal });
  });
}
