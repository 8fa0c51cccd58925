import { z } from '@hono/zod-openapi';
import {
  EffectiveAtSchema,
  MetadataSchema,
  TimeoutMsSchema,
  TransferIdSchema,
} from './ledger-input-schemas.js';

/** Most values one application carries; a template with more parameters cannot be applied over HTTP. */
export const TEMPLATE_VALUES_MAX = 32;

/** Longest template name (the ledger's own bound). */
const TEMPLATE_NAME_MAX_LENGTH = 128;

/** Longest parameter name (the ledger's own bound). */
const PARAMETER_NAME_MAX_LENGTH = 64;

/** Longest value: an `acc_…` id is 30 characters, the largest amount 36 digits. */
const TEMPLATE_VALUE_MAX_LENGTH = 64;

/** The name of a host-defined posting template, as the path names it. */
export const TemplateNameSchema = z
  .string()
  .min(1)
  .max(TEMPLATE_NAME_MAX_LENGTH)
  .openapi({ example: 'card.capture' });

/** What a template parameter stands for. */
const TemplateParameterKindSchema = z.enum(['account', 'amount']);

/** A posting template as a client sees it: what to call it with, not how its legs are built. */
export const PostingTemplateSchema = z
  .object({
    name: z.string(),
    code: z.number().int(),
    parameters: z.record(z.string(), TemplateParameterKindSchema),
  })
  .openapi('LedgerPostingTemplate');

/** Every posting template the host defined. */
export const PostingTemplateListSchema = z
  .object({ templates: z.array(PostingTemplateSchema) })
  .openapi('LedgerPostingTemplateList');

/**
 * One application of a template; `id` is its idempotency key. Values are strings: an `acc_…` id
 * for an `account` parameter, a decimal string of minor units for an `amount` one.
 */
export const TemplateApplicationInputSchema = z
  .object({
    id: TransferIdSchema,
    values: z
      .record(
        z.string().min(1).max(PARAMETER_NAME_MAX_LENGTH),
        z.string().max(TEMPLATE_VALUE_MAX_LENGTH),
      )
      .refine((values) => Object.keys(values).length <= TEMPLATE_VALUES_MAX, {
        message: `at most ${TEMPLATE_VALUES_MAX} values`,
      })
      .openapi({
        maxProperties: TEMPLATE_VALUES_MAX,
        example: { clearing: 'acc_01h455vb4pex5vsknk084sn02q', amount: '1000' },
      }),
    metadata: MetadataSchema.optional().openapi({
      description: 'Recorded on the entry; its `template` key is set to the template name',
    }),
    flags: z
      .object({ pending: z.boolean().default(false) })
      .strict()
      .optional()
      .openapi({
        description: '`pending`: an authorization hold, posted or voided as a journal entry',
      }),
    timeoutMs: TimeoutMsSchema.optional(),
    effectiveAt: EffectiveAtSchema.optional(),
  })
  .strict()
  .openapi('LedgerTemplateApplicationInput');
