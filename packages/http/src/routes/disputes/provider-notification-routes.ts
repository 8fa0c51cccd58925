import { createRoute, type z } from '@hono/zod-openapi';
import {
  type Disputes,
  type ProviderNotification,
  type ProviderPayloadError,
  parseAdyenWebhook,
  parseStripeDisputeEvent,
} from '@strongroom/disputes';
import type { Result } from '@strongroom/kernel';
import { principalOf } from '../../middleware/authenticate.js';
import { domainProblem } from '../../problems/domain-problem.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';
import { ProviderParamsSchema, ProviderPayloadSchema } from './dispute-request-schemas.js';
import { ProviderNoticeResultsSchema } from './dispute-view-schemas.js';

/** The permission to apply provider webhooks: held by the host's webhook relay, not by people. */
export const DISPUTES_APPLY_PROVIDER_NOTIFICATION = 'disputes.provider_notification.apply';

type NoticeResult = z.infer<typeof ProviderNoticeResultsSchema>['results'][number];

// A notice per result: Stripe sends one event per webhook, Adyen a list of items. An Adyen body
// without an item list is refused whole (422); an item that cannot be read is refused alone.
function noticesOf(
  provider: z.infer<typeof ProviderParamsSchema>['provider'],
  body: unknown,
): readonly Result<ProviderNotification | null, ProviderPayloadError>[] {
  return provider === 'stripe'
    ? [parseStripeDisputeEvent(body)]
    : valueOrProblem(parseAdyenWebhook(body));
}

/** `POST /v1/disputes/provider-notifications/{provider}`: Stripe and Adyen webhooks, relayed. */
export function registerProviderNotificationRoutes(
  app: HttpApp,
  dependencies: RouteDependencies,
  disputes: Disputes,
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/disputes/provider-notifications/{provider}',
      tags: ['disputes'],
      summary: 'Applies a Stripe or Adyen dispute webhook relayed by the host',
      description:
        'For the host’s webhook relay, which verifies the provider’s signature over the raw body ' +
        '(Stripe-Signature, Adyen HMAC) before relaying it with its own access token: this route ' +
        'cannot, since it never sees the bytes the provider signed. Notices are idempotent, so a ' +
        'redelivered webhook changes nothing. Each notice gets a result; a refusal that a retry ' +
        'could cure (a conflict, an unavailable dependency) fails the whole request instead, so ' +
        'that the relay retries it.',
      security: BEARER_SECURITY,
      middleware: dependencies.guarded(DISPUTES_APPLY_PROVIDER_NOTIFICATION),
      request: { params: ProviderParamsSchema, body: jsonBody(ProviderPayloadSchema) },
      responses: {
        200: jsonResponse(ProviderNoticeResultsSchema, 'One result per notice, in order'),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
      },
    }),
    async (c) => {
      const { provider } = c.req.valid('param');
      const { tenantId } = principalOf(c);
      const results: NoticeResult[] = [];
      // The actor stays the provider (the notice's author); the request ids tie it to the relay.
      for (const [index, notice] of noticesOf(provider, c.req.valid('json')).entries()) {
        if (notice.isErr()) {
          results.push({ index, outcome: 'refused', problem: domainProblem(notice.error).problem });
          continue;
        }
        if (notice.value === null) {
          results.push({ index, outcome: 'ignored' });
          continue;
        }
        const applied = await disputes.applyProviderNotification(
          tenantId,
          notice.value,
          requestIdsOf(c),
        );
        if (applied.isErr()) {
          const refusal = domainProblem(applied.error);
          if (refusal.problem.status === 409 || refusal.problem.status >= 500) throw refusal;
          results.push({ index, outcome: 'refused', problem: refusal.problem });
          continue;
        }
        const { dispute, recorded } = applied.value;
        results.push(
          dispute === null
            ? { index, outcome: 'ignored' }
            : {
                index,
                outcome: 'applied',
                disputeId: dispute.disputeId,
                status: dispute.status,
                recorded,
              },
        );
      }
      return c.json({ results }, 200);
    },
  );
}
