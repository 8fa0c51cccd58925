import { assert, type EventEnvelope } from '@strongroom/kernel';
import type { Publisher, PublishOutcome } from './publisher.js';

/** A subscriber of the in-process publisher; a throw fails the event, which is then retried. */
export type EventHandler = (event: EventEnvelope) => void | Promise<void>;

/** A publisher that hands events to handlers in this process. */
export interface InProcessPublisher extends Publisher {
  /** Adds a handler; returns the function that removes it. */
  subscribe(handler: EventHandler): () => void;
}

/** Most handlers one in-process publisher holds. */
export const IN_PROCESS_HANDLERS_MAX = 64;

/**
 * Delivers each event to every handler in turn, in order. A handler that throws fails the event
 * (retryable; the reason names the error's class, never its message, which may carry data) and
 * the rest of the call is not attempted. A retry delivers to every handler again, so handlers
 * deduplicate by event id, as any consumer of an at-least-once relay must.
 */
export function createInProcessPublisher(): InProcessPublisher {
  const handlers = new Set<EventHandler>();
  return {
    name: 'in-process',
    batchSizeMax: 100,
    preservesOrder: true,
    subscribe(handler) {
      assert(
        handlers.size < IN_PROCESS_HANDLERS_MAX,
        `an in-process publisher holds at most ${IN_PROCESS_HANDLERS_MAX} handlers`,
      );
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async publish(events) {
      const outcomes: PublishOutcome[] = [];
      for (const event of events) {
        if (outcomes.some((outcome) => outcome.status !== 'published')) {
          outcomes.push({ status: 'not_attempted' });
          continue;
        }
        try {
          for (const handler of handlers) await handler(event);
          outcomes.push({ status: 'published' });
        } catch (thrown) {
          const name = thrown instanceof Error ? thrown.name : typeof thrown;
          outcomes.push({ status: 'failed', retryable: true, reason: `handler threw ${name}` });
        }
      }
      return outcomes;
    },
  };
}
