import { z } from 'zod';
import {
  PROVIDER_CURRENCY_MAX_LENGTH,
  PROVIDER_EVENT_NAME_MAX_LENGTH,
  STRIPE_BALANCE_TRANSACTIONS_MAX,
  STRIPE_SUBMISSION_COUNT_MAX,
} from './provider-limits.js';
import {
  minorUnitsSchema,
  providerReferenceSchema,
  providerTokenSchema,
  unixSecondsSchema,
} from './provider-schemas.js';

/** The Stripe events about a dispute (reference/disputes.md §4 "Events"). */
export const STRIPE_DISPUTE_EVENT_TYPES = Object.freeze([
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
] as const);

/** One of {@link STRIPE_DISPUTE_EVENT_TYPES}. */
export type StripeDisputeEventType = (typeof STRIPE_DISPUTE_EVENT_TYPES)[number];

/**
 * Stripe dispute statuses (reference/disputes.md §4, `stripe/stripe-node` `types/Disputes.d.ts`);
 * `prevented` since API version 2025-08-27.basil. The deprecated `charge_refunded` is refused.
 */
export const STRIPE_DISPUTE_STATUSES = Object.freeze([
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
  'prevented',
] as const);

/** One of {@link STRIPE_DISPUTE_STATUSES}. */
export type StripeDisputeStatus = (typeof STRIPE_DISPUTE_STATUSES)[number];

/** The `type` of any Stripe event, read first so that other events are skipped unparsed. */
export const stripeEventTypeSchema = z.object({
  type: z.string().min(1).max(PROVIDER_EVENT_NAME_MAX_LENGTH, { abort: true }),
});

/** A Stripe event about a dispute: its id, type, creation time and the dispute it carries. */
export const stripeDisputeEventSchema = z.object({
  id: providerReferenceSchema,
  type: z.enum(STRIPE_DISPUTE_EVENT_TYPES),
  created: unixSecondsSchema,
  data: z.object({ object: z.unknown() }),
});

/**
 * The fields of a Stripe `Dispute` the mapping reads. `charge` is checked on its own (an id, or
 * the charge object when the host expanded it) and `due_by` is range-checked by
 * `stripeDueByDeadline`, so that each error names its field precisely.
 */
export const stripeDisputeSchema = z.object({
  id: providerReferenceSchema,
  object: z.literal('dispute'),
  amount: minorUnitsSchema,
  currency: z.string().min(1).max(PROVIDER_CURRENCY_MAX_LENGTH),
  charge: z.unknown(),
  created: unixSecondsSchema,
  status: z.enum(STRIPE_DISPUTE_STATUSES),
  reason: providerTokenSchema,
  evidence_details: z.object({
    due_by: z.number().int().nullable(),
    past_due: z.boolean(),
    submission_count: z.number().int().min(0).max(STRIPE_SUBMISSION_COUNT_MAX),
  }),
  payment_method_details: z
    .object({
      card: z
        .object({
          brand: providerTokenSchema.nullish(),
          network_reason_code: providerTokenSchema.nullish(),
        })
        .nullish(),
    })
    .nullish(),
  balance_transactions: z
    .array(z.object({ reporting_category: providerTokenSchema.nullish() }))
    .max(STRIPE_BALANCE_TRANSACTIONS_MAX)
    .optional(),
});

/** A Stripe dispute as {@link stripeDisputeSchema} reads it. */
export type StripeDispute = z.output<typeof stripeDisputeSchema>;

/** The dispute's `charge` when it is an id. */
export const stripeChargeIdSchema = providerReferenceSchema;

/** The dispute's `charge` when the host expanded it: its id and creation time. */
export const stripeExpandedChargeSchema = z.object({
  id: providerReferenceSchema,
  created: unixSecondsSchema,
});
