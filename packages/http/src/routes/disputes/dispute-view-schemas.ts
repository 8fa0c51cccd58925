import { z } from '@hono/zod-openapi';
import {
  CARD_NETWORKS,
  DISPUTE_STAGES,
  DISPUTE_STATUSES,
  EVIDENCE_FIELDS,
  LOST_REASONS,
} from '@strongroom/disputes';
import { AmountMinorSchema, ProblemSchema } from '../../schemas/common-schemas.js';

/** The card network of a dispute; `unknown` when the provider does not say. */
export const DisputeNetworkSchema = z
  .enum([...CARD_NETWORKS, 'unknown'])
  .openapi('DisputeNetwork', { example: 'visa' });

/** Where a dispute stands in the normalized state machine. */
export const DisputeStatusSchema = z.enum(DISPUTE_STATUSES).openapi('DisputeStatus');

const ResponseDeadlineSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({
      kind: z.literal('due'),
      dueAt: z.string().openapi({ example: '2026-03-02T23:59:59.000Z' }),
      source: z.enum(['provider', 'network']),
    }),
    z.object({ kind: z.literal('not_defendable') }),
  ])
  .openapi('DisputeDeadline');

const EvidenceItemSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('document'),
      field: z.string(),
      reference: z.string(),
      sha256: z.string(),
      sizeBytes: z.number().int(),
      mediaType: z.string(),
    }),
    z.object({ kind: z.literal('text'), field: z.string(), text: z.string() }),
  ])
  .openapi('DisputeEvidenceItem');

/** A dispute as its last command left it. */
export const DisputeSchema = z
  .object({
    disputeId: z.string(),
    transferId: z.string(),
    merchantAccountId: z.string(),
    network: DisputeNetworkSchema,
    reasonCode: z.string(),
    amount: z.object({ amountMinor: AmountMinorSchema, currency: z.string() }),
    transactionDate: z.string(),
    providerReference: z.object({ provider: z.string(), providerDisputeId: z.string() }).nullable(),
    status: DisputeStatusSchema,
    lostReason: z.enum(LOST_REASONS).nullable(),
    stage: z.enum(DISPUTE_STAGES),
    deadline: ResponseDeadlineSchema,
    stagedEvidence: z.array(EvidenceItemSchema),
    submissionCount: z.number().int(),
    evidenceSubmittedInStage: z.boolean(),
    fundsWithdrawn: z.boolean(),
    openedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Dispute');

/** A page of disputes; `next` is the cursor of the following page, `null` after the last. */
export const DisputePageSchema = z
  .object({ items: z.array(DisputeSchema), next: z.string().nullable() })
  .openapi('DisputePage');

const CommandSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('merchant') }),
  z.object({ kind: z.literal('system') }),
  z.object({
    kind: z.literal('provider'),
    provider: z.string(),
    notificationId: z.string(),
    final: z.enum(['won', 'lost']).optional(),
  }),
]);

/** One step of a dispute's history. */
const TimelineEntrySchema = z
  .object({
    version: z.number().int(),
    type: z.string().openapi({ example: 'dispute.chargeback_opened' }),
    occurredAt: z.string(),
    recordedAt: z.string(),
    actor: z.string().nullable().openapi({ example: 'user:usr_01h455vb4pex5vsknk084sn02q' }),
    source: CommandSourceSchema.nullable(),
    requestId: z.string().nullable().openapi({ description: 'The request that caused the event' }),
    correlationId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('DisputeTimelineEntry');

/** A page of a dispute's timeline; `nextFromVersion` continues it, `null` after the last event. */
export const DisputeTimelineSchema = z
  .object({ items: z.array(TimelineEntrySchema), nextFromVersion: z.number().int().nullable() })
  .openapi('DisputeTimeline');

const EvidenceRequirementSchema = z.object({
  level: z.enum(['required', 'one_of', 'optional']),
  fields: z.array(z.enum(EVIDENCE_FIELDS)),
});

/** What the dispute's reason code asks for, against the evidence staged so far. */
export const EvidenceChecklistSchema = z
  .object({
    complete: z.boolean(),
    satisfied: z.array(EvidenceRequirementSchema),
    missing: z.array(EvidenceRequirementSchema),
    optionalMissing: z.array(EvidenceRequirementSchema),
    unlistedFields: z.array(z.string()),
  })
  .openapi('DisputeEvidenceChecklist');

/** What became of one notice of a provider webhook. */
const ProviderNoticeResultSchema = z
  .discriminatedUnion('outcome', [
    z.object({
      index: z.number().int(),
      outcome: z.literal('applied').openapi({
        description: 'Recorded on its dispute (`recorded` 0: a redelivery or a stale notice)',
      }),
      disputeId: z.string(),
      status: DisputeStatusSchema,
      recorded: z.number().int(),
    }),
    z.object({
      index: z.number().int(),
      outcome: z.literal('ignored').openapi({
        description: 'Not about a dispute, or informational about a dispute never seen',
      }),
    }),
    z.object({
      index: z.number().int(),
      outcome: z.literal('refused').openapi({
        description: 'Unreadable or refused by the domain for good: a redelivery would be too',
      }),
      problem: ProblemSchema,
    }),
  ])
  .openapi('ProviderNoticeResult');

/** One result per notice of a webhook body, in order. */
export const ProviderNoticeResultsSchema = z
  .object({ results: z.array(ProviderNoticeResultSchema) })
  .openapi('ProviderNoticeResults');
