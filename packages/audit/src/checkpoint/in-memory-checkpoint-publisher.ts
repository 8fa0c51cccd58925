import { type InfrastructureError, okAsync, type ResultAsync } from '@strongroom/kernel';
import type { CheckpointPublisher } from './checkpoint-publisher.js';

/** A {@link CheckpointPublisher} that keeps every published note in memory, for tests and demos. */
export class InMemoryCheckpointPublisher implements CheckpointPublisher {
  readonly #published: string[] = [];

  /** Records the note as the latest one. */
  publish(signedCheckpointNote: string): ResultAsync<void, InfrastructureError> {
    this.#published.push(signedCheckpointNote);
    return okAsync(undefined);
  }

  /** The most recently published note, or `undefined` before the first. */
  latest(): string | undefined {
    return this.#published.at(-1);
  }

  /** Every published note, oldest first. */
  history(): readonly string[] {
    return [...this.#published];
  }
}
