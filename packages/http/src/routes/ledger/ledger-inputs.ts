import type { z } from '@hono/zod-openapi';
import { err, type JsonObject, ok, type Result } from '@strongroom/kernel';
import type {
  AccountInput,
  JournalInput,
  LedgerEvent,
  PostingTemplate,
  TemplateApplication,
  TemplateApplicationError,
  TransferInput,
} from '@strongroom/ledger';
import { AmountMinorSchema } from '../../schemas/common-schemas.js';
import {
  AccountIdSchema,
  type AccountInputSchema,
  type JournalInputSchema,
  type MetadataSchema,
  type PostPendingInputSchema,
  type TransferInputSchema,
  type VoidPendingInputSchema,
} from './ledger-input-schemas.js';
import type { TemplateApplicationInputSchema } from './template-schemas.js';

// Amounts arrive as validated decimal strings and become bigints here, the only place they change
// representation; the ledger then checks their range itself (`amount_exceeds_maximum`).
function minorOrUndefined(amount: string | undefined): bigint | undefined {
  return amount === undefined ? undefined : BigInt(amount);
}

function minorOrNull(amount: string | null | undefined): bigint | null | undefined {
  return amount === undefined || amount === null ? amount : BigInt(amount);
}

function dateOrUndefined(instant: string | undefined): Date | undefined {
  return instant === undefined ? undefined : new Date(instant);
}

// The body came from JSON.parse, so every value in it is JSON; the ledger checks size and depth.
function metadataOf(metadata: z.output<typeof MetadataSchema> | undefined): JsonObject | undefined {
  return metadata as JsonObject | undefined;
}

/** The ledger's account input of a validated request body. */
export function accountInputOf(body: z.output<typeof AccountInputSchema>): AccountInput {
  return {
    ...body,
    metadata: metadataOf(body.metadata),
    limits:
      body.limits === undefined
        ? undefined
        : {
            floorMinor: minorOrNull(body.limits.floorMinor),
            ceilingMinor: minorOrNull(body.limits.ceilingMinor),
          },
  };
}

/** The ledger's transfer input of a validated request body. */
export function transferInputOf(body: z.output<typeof TransferInputSchema>): TransferInput {
  return {
    ...body,
    amountMinor: minorOrUndefined(body.amountMinor),
    metadata: metadataOf(body.metadata),
    effectiveAt: dateOrUndefined(body.effectiveAt),
  };
}

/** The post of pending transfer `pendingId` a validated request body asks for. */
export function postPendingInputOf(
  pendingId: string,
  body: z.output<typeof PostPendingInputSchema>,
): TransferInput {
  return {
    id: body.id,
    pendingId,
    amountMinor: minorOrUndefined(body.amountMinor),
    flags: { postPending: true },
  };
}

/** The void of pending transfer `pendingId` a validated request body asks for. */
export function voidPendingInputOf(
  pendingId: string,
  body: z.output<typeof VoidPendingInputSchema>,
): TransferInput {
  return { id: body.id, pendingId, flags: { voidPending: true } };
}

/** The ledger's journal input of a validated request body. */
export function journalInputOf(body: z.output<typeof JournalInputSchema>): JournalInput {
  return {
    ...body,
    postings: body.postings?.map((posting) => ({
      ...posting,
      amountMinor: BigInt(posting.amountMinor),
    })),
    metadata: metadataOf(body.metadata),
    effectiveAt: dateOrUndefined(body.effectiveAt),
  };
}

/**
 * The ledger's application of `template` a validated request body asks for. Each value becomes
 * what its parameter's kind takes: an amount in the form of `AmountMinorSchema` becomes a bigint
 * (any other string stays one, for `applyTemplate` to refuse), an account must be an `acc_…` id.
 * Values of names the template lacks pass through, so `applyTemplate` names them.
 */
export function templateApplicationOf(
  template: PostingTemplate,
  body: z.output<typeof TemplateApplicationInputSchema>,
): Result<TemplateApplication, TemplateApplicationError> {
  const values: [string, string | bigint][] = [];
  for (const [name, value] of Object.entries(body.values)) {
    const kind = Object.hasOwn(template.parameters, name) ? template.parameters[name] : undefined;
    if (kind === 'account' && !AccountIdSchema.safeParse(value).success)
      return err({ type: 'ledger.template_application', reason: 'value_invalid', detail: name });
    values.push([
      name,
      kind === 'amount' && AmountMinorSchema.safeParse(value).success ? BigInt(value) : value,
    ]);
  }
  return ok({
    ...body,
    // Own data properties, so a name like `__proto__` reaches `applyTemplate` as a name.
    values: Object.fromEntries(values),
    metadata: metadataOf(body.metadata),
    effectiveAt: dateOrUndefined(body.effectiveAt),
  });
}

/** A transfer input as a ledger event. */
export function transferEventOf(transfer: TransferInput): LedgerEvent {
  return { kind: 'transfer', transfer };
}
