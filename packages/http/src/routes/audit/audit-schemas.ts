import { z } from '@hono/zod-openapi';
import { TREE_SIZE_MAX } from '@strongroom/audit';
import { PAGE_SIZE_MAX, typeIdSchema } from '../../schemas/common-schemas.js';

// The longest trusted checkpoint a verification takes: a log signature and dozens of
// cosignatures fit in a few kilobytes.
const TRUSTED_CHECKPOINT_LENGTH_MAX = 16 * 1024;

const HashHexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .openapi({ description: 'A SHA-256 hash, lowercase hex' });

const TreeSizeSchema = z.coerce.number().int().min(1).max(TREE_SIZE_MAX);

// An entry exactly as the log stores it: the object whose canonical JSON is the Merkle leaf.
const AuditEntrySchema = z
  .object({
    formatVersion: z.literal(1),
    id: z.string(),
    timestamp: z.string(),
    actor: z.object({ type: z.enum(['user', 'service', 'system']), id: z.string() }),
    action: z.string(),
    resource: z.object({ type: z.string(), id: z.string() }),
    outcome: z.enum(['succeeded', 'failed', 'denied']),
    requestId: z.string().nullable(),
    correlationId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    personal: z
      .object({ subjectId: z.string(), commitments: z.record(z.string(), z.string()) })
      .nullable(),
  })
  .openapi('AuditEntry');

/** An entry and its sequence number in the tenant's tree. */
export const SequencedEntrySchema = z
  .object({ index: z.number().int(), entry: AuditEntrySchema })
  .openapi('SequencedAuditEntry');

/** The entry read from a leaf's canonical JSON. */
export function entryOfLeaf(leaf: string) {
  return AuditEntrySchema.parse(JSON.parse(leaf));
}

/** `from` (a sequence number) and `limit` of a page of entries. */
export const EntryPageQuerySchema = z
  .object({
    from: z.coerce.number().int().min(0).max(TREE_SIZE_MAX).optional().openapi({ example: 0 }),
    limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).optional().openapi({ example: 50 }),
  })
  .strict();

/** A page of sequenced entries in tree order. */
export const EntryPageSchema = z
  .object({
    entries: z.array(SequencedEntrySchema),
    next: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The `from` of the next page; null at the end' }),
  })
  .openapi('AuditEntryPage');

/** The `{leafId}` path parameter. */
export const LeafParamsSchema = z.object({
  leafId: typeIdSchema('aud').openapi({ param: { name: 'leafId', in: 'path' } }),
});

/** The tree size an inclusion proof is for; the latest when absent. */
export const InclusionProofQuerySchema = z.object({ treeSize: TreeSizeSchema.optional() }).strict();

/** An RFC 9162 inclusion proof with the exact leaf, as `verifyAuditInclusionProof` checks it. */
export const InclusionProofSchema = z
  .object({
    leafId: z.string(),
    index: z.number().int(),
    treeSize: z.number().int(),
    leaf: z
      .string()
      .openapi({ description: 'The entry’s canonical JSON: the bytes the leaf hash covers' }),
    proof: z.array(HashHexSchema).openapi({ description: 'Hashes from the leaf up to the root' }),
  })
  .openapi('AuditInclusionProof');

/** The two tree sizes of a consistency proof. */
export const ConsistencyProofQuerySchema = z
  .object({ from: TreeSizeSchema, to: TreeSizeSchema })
  .strict();

/** An RFC 9162 consistency proof that the tree of `to` leaves extends the tree of `from`. */
export const ConsistencyProofSchema = z
  .object({ from: z.number().int(), to: z.number().int(), proof: z.array(HashHexSchema) })
  .openapi('AuditConsistencyProof');

/** The latest signed checkpoint and what it commits to. */
export const CheckpointSchema = z
  .object({
    checkpoint: z
      .string()
      .openapi({ description: 'The C2SP signed note, verifiable with the log’s vkey' }),
    origin: z.string(),
    treeSize: z.number().int(),
    rootHash: HashHexSchema,
  })
  .openapi('AuditCheckpoint');

/** What a verification checks the log against besides its own signed head. */
export const VerificationRequestSchema = z
  .object({
    trustedCheckpoint: z.string().min(1).max(TRUSTED_CHECKPOINT_LENGTH_MAX).optional().openapi({
      description:
        'A checkpoint obtained earlier; the log must still contain it (detects a cut tail)',
    }),
  })
  .strict()
  .openapi('AuditVerificationRequest');

/** A log that verified: the size and root its signed checkpoint vouches for. */
export const VerifiedLogSchema = z
  .object({ verified: z.literal(true), treeSize: z.number().int(), rootHash: HashHexSchema })
  .openapi('AuditVerifiedLog');
