import type { z } from '@hono/zod-openapi';
import type { JsonObject } from '@strongroom/kernel';
import type { AccountInput, JournalInput, LedgerEvent, TransferInput } from '@strongroom/ledger';
import type {
  AccountInputSchema,
  JournalInputSchema,
  MetadataSchema,
  PostPendingInputSchema,
  TransferInputSchema,
  VoidPendingInputSchema,
} from './ledger-input-schemas.js';

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

/** A transfer input as a ledger event. */
export function transferEventOf(transfer: TransferInput): LedgerEvent {
  return { kind: 'transfer', transfer };
}
