import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type InfrastructureError, infrastructureError, ResultAsync } from '@strongroom/kernel';
import type { CheckpointPublisher } from '../checkpoint/checkpoint-publisher.js';

/**
 * Publishes checkpoints to files, as a tlog-tiles log serves `<prefix>/checkpoint`: `checkpoint`
 * always holds the latest note (replaced atomically by write-then-rename, so a reader never sees
 * half a note), and `checkpoints.log` keeps every note ever published, append-only. Point it at a
 * directory the database's owner cannot write (another machine's mount, a WORM bucket's sync dir).
 */
export function createFileCheckpointPublisher(options: { directory: string }): CheckpointPublisher {
  const latest = join(options.directory, 'checkpoint');
  const history = join(options.directory, 'checkpoints.log');
  return {
    publish(signedCheckpointNote) {
      const write = async () => {
        await mkdir(dirname(latest), { recursive: true });
        await appendFile(history, `${signedCheckpointNote}\n`, 'utf8');
        const temporary = `${latest}.${crypto.randomUUID()}.tmp`;
        await writeFile(temporary, signedCheckpointNote, 'utf8');
        await rename(temporary, latest);
      };
      return ResultAsync.fromPromise(write(), (error): InfrastructureError => {
        const code =
          typeof error === 'object' && error !== null && 'code' in error
            ? String(error.code)
            : undefined;
        return infrastructureError({
          retryable: code !== 'EACCES' && code !== 'EROFS',
          operation: 'audit.publish_checkpoint',
          message: 'could not write the checkpoint files',
          code,
        });
      });
    },
  };
}
