import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  assert,
  errAsync,
  type InfrastructureError,
  infrastructureError,
  ok,
  okAsync,
  type Storage,
  type TenantId,
} from '@strongroom/kernel';
import { parseCheckpointBody } from './checkpoint-body.js';
import type { CheckpointPublisher } from './checkpoint-publisher.js';
import { parseSignedNote } from './signed-note.js';

/** The collection a storage publisher writes: one record per origin and tree size. */
export const PUBLISHED_CHECKPOINTS_COLLECTION = 'audit.published_checkpoints';

/**
 * Publishes checkpoints into ANOTHER storage (a separate database or account, owned by someone
 * else), append-only: each (origin, size) is inserted once and never overwritten, so the owner of
 * the audited database cannot rewrite what was published. Republishing the same note is a no-op;
 * a different note for a published size is refused as a non-retryable fault — two different roots
 * for one size is exactly the split view this copy exists to catch.
 */
export function createStorageCheckpointPublisher(options: {
  storage: Storage;
  tenantId: TenantId;
}): CheckpointPublisher {
  return {
    publish(signedCheckpointNote) {
      const note = parseSignedNote(signedCheckpointNote);
      assert(note.isOk(), 'only signed notes are published');
      const body = parseCheckpointBody(note.value.text);
      assert(body.isOk(), 'only checkpoints are published');
      const id = `${bytesToHex(sha256(utf8ToBytes(body.value.origin))).slice(0, 32)}-${String(body.value.treeSize).padStart(16, '0')}`;
      return options.storage
        .transaction(options.tenantId, async (tx) => {
          const existing = await tx.records.get(PUBLISHED_CHECKPOINTS_COLLECTION, id);
          if (existing === undefined) {
            await tx.records.put({
              collection: PUBLISHED_CHECKPOINTS_COLLECTION,
              id,
              data: {
                origin: body.value.origin,
                treeSize: body.value.treeSize,
                note: signedCheckpointNote,
              },
              expectedVersion: 0,
            });
          }
          return ok(existing === undefined || existing.data['note'] === signedCheckpointNote);
        })
        .mapErr(
          (error): InfrastructureError =>
            error.type === 'infrastructure'
              ? error
              : infrastructureError({
                  retryable: true,
                  operation: 'audit.publish_checkpoint',
                  message: `publishing store: ${error.type}`,
                }),
        )
        .andThen((same) =>
          same
            ? okAsync(undefined)
            : errAsync(
                infrastructureError({
                  retryable: false,
                  operation: 'audit.publish_checkpoint',
                  message: 'a different checkpoint was already published for this size',
                  code: 'split_view',
                }),
              ),
        );
    },
  };
}
