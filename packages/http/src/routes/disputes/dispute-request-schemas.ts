import { z } from '@hono/zod-openapi';
import {
  ADYEN_PROVIDER,
  DISPUTE_PROVIDER_ID_MAX_LENGTH,
  DISPUTE_PROVIDER_NAME_MAX_LENGTH,
  DISPUTE_REASON_CODE_MAX_LENGTH,
  EVIDENCE_FIELDS,
  EVIDENCE_ITEMS_PER_DISPUTE_MAX,
  EVIDENCE_MEDIA_TYPES,
  EVIDENCE_REFERENCE_MAX_LENGTH,
  EVIDENCE_TEXT_MAX_LENGTH,
  STRIPE_PROVIDER,
} from '@strongroom/disputes';
import { AmountMinorSchema, PageQuerySchema, typeIdSchema } from '../../schemas/common-schemas.js';
import { DisputeNetworkSchema, DisputeStatusSchema } from './dispute-view-schemas.js';

// A media type longer than this cannot be one the domain accepts; the domain decides which are.
const MEDIA_TYPE_MAX_LENGTH = 64;

/** A dispute id in a path. */
export const DisputeParamsSchema = z.object({ disputeId: typeIdSchema('dsp') });

// What the domain checks itself (reason code format, impossible dates, positive amounts) is left to
// it: its refusals answer 422 with the field and reason, as for every other domain rule.
const openingFields = {
  id: typeIdSchema('dsp')
    .optional()
    .openapi({ description: 'The dispute id to open under; a new one when absent' }),
  transferId: typeIdSchema('trf').openapi({ description: 'The contested ledger transfer' }),
  merchantAccountId: typeIdSchema('acc').openapi({
    description: 'The merchant account the transfer paid, which the disputed funds leave',
  }),
  network: DisputeNetworkSchema,
  reasonCode: z
    .string()
    .min(1)
    .max(DISPUTE_REASON_CODE_MAX_LENGTH)
    .openapi({ example: '13.1', description: 'The network reason code (`10.4`, `4853`)' }),
  amountMinor: AmountMinorSchema,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .openapi({ example: 'USD' }),
  transactionDate: z.iso.date().openapi({ example: '2026-01-10' }),
  providerReference: z
    .object({
      provider: z.string().min(1).max(DISPUTE_PROVIDER_NAME_MAX_LENGTH),
      providerDisputeId: z.string().min(1).max(DISPUTE_PROVIDER_ID_MAX_LENGTH),
    })
    .strict()
    .optional(),
  responseDueAt: z.iso.datetime({ offset: true }).optional().openapi({
    description: 'The acquirer’s or PSP’s response deadline; the network’s window when absent',
  }),
};

/** Opens a dispute the merchant learnt of outside a provider webhook (an acquirer's report, a letter). */
export const OpenDisputeRequestSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('chargeback'),
        ...openingFields,
        withdrawsFunds: z.boolean().openapi({
          description: 'Whether the disputed amount (and the network fee) was already debited',
        }),
      })
      .strict(),
    z
      .object({ kind: z.literal('inquiry'), ...openingFields })
      .strict()
      .openapi({ description: 'A retrieval request or inquiry: no money moves' }),
  ])
  .openapi('OpenDisputeRequest');

const EvidenceDocumentInputSchema = z
  .object({
    kind: z.literal('document'),
    field: z.enum(EVIDENCE_FIELDS),
    reference: z.string().min(1).max(EVIDENCE_REFERENCE_MAX_LENGTH).openapi({
      description: 'Where the document is kept (an object key or URL), never its bytes',
    }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sizeBytes: z.number().int().positive(),
    mediaType: z
      .string()
      .min(1)
      .max(MEDIA_TYPE_MAX_LENGTH)
      .openapi({ description: `One of ${Object.keys(EVIDENCE_MEDIA_TYPES).join(', ')}` }),
  })
  .strict();

const EvidenceTextInputSchema = z
  .object({
    kind: z.literal('text'),
    field: z.enum(EVIDENCE_FIELDS),
    text: z.string().min(1).max(EVIDENCE_TEXT_MAX_LENGTH),
  })
  .strict();

/** Evidence to stage: each item replaces a staged item of the same field. */
export const StageEvidenceRequestSchema = z
  .object({
    items: z
      .array(z.discriminatedUnion('kind', [EvidenceDocumentInputSchema, EvidenceTextInputSchema]))
      .min(1)
      .max(EVIDENCE_ITEMS_PER_DISPUTE_MAX),
  })
  .strict()
  .openapi('StageEvidenceRequest');

/** The body of a command that needs nothing more than the dispute (every POST carries JSON). */
export const EmptyRequestSchema = z.object({}).strict().openapi('DisputeActionRequest');

/** Disputes by status or by merchant account: exactly one of them. */
export const DisputeListQuerySchema = PageQuerySchema.extend({
  status: DisputeStatusSchema.optional().openapi({
    description: 'Disputes in this status; give exactly one of `status` and `merchantAccountId`',
  }),
  merchantAccountId: typeIdSchema('acc').optional().openapi({
    description: 'Disputes against this merchant account; exactly one of the two filters',
  }),
}).refine((query) => (query.status === undefined) !== (query.merchantAccountId === undefined), {
  message: 'exactly one of status and merchantAccountId',
  path: ['status'],
});

/** Open disputes due by an instant, soonest first. */
export const DisputeDeadlineQuerySchema = PageQuerySchema.extend({
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only disputes due by this instant; all open deadlines when absent' }),
});

/** A page of a dispute's timeline. */
export const TimelineQuerySchema = z.object({
  fromVersion: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: PageQuerySchema.shape.limit,
});

/** The providers whose webhooks the domain reads. */
export const ProviderParamsSchema = z.object({
  provider: z.enum([STRIPE_PROVIDER, ADYEN_PROVIDER]).openapi({ example: 'stripe' }),
});

/**
 * A provider's webhook body as the provider sent it: its shape is the provider's, read and bounded
 * by the domain's parser (and by the request body limit), so the schema only asks for an object.
 */
export const ProviderPayloadSchema = z
  .record(z.string(), z.unknown())
  .openapi('ProviderWebhookBody', {
    description: 'A Stripe event or an Adyen notification webhook body, signature already verified',
  });
