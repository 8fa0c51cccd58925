import { describe, expect, it } from 'vitest';
import type { CheckpointPublisher } from '../../src/checkpoint/checkpoint-publisher.js';
import { InMemoryCheckpointPublisher } from '../../src/checkpoint/in-memory-checkpoint-publisher.js';
import { C2SP_CHECKPOINT_BODY, C2SP_CHECKPOINT_LOG_SIGNATURE_LINE } from './published-vectors.js';

describe('InMemoryCheckpointPublisher', () => {
  it('keeps the latest note and the history', async () => {
    const publisher = new InMemoryCheckpointPublisher();
    const port: CheckpointPublisher = publisher;
    expect(publisher.latest()).toBeUndefined();
    const first = `${C2SP_CHECKPOINT_BODY}\n${C2SP_CHECKPOINT_LOG_SIGNATURE_LINE}`;
    const second = `${first.replace('20852163', '20852164')}`;
    expect((await port.publish(first)).isOk()).toBe(true);
    expect((await port.publish(second)).isOk()).toBe(true);
    expect(publisher.latest()).toBe(second);
    expect(publisher.history()).toEqual([first, second]);
  });

  it('hands out copies of its history', async () => {
    const publisher = new InMemoryCheckpointPublisher();
    await publisher.publish('a');
    (publisher.history() as string[]).push('b');
    expect(publisher.history()).toEqual(['a']);
  });
});
