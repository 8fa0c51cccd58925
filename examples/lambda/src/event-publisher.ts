import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createEventBridgePublisher } from '@strongroom/aws';
import {
  createInProcessPublisher,
  type InProcessPublisher,
  type Publisher,
} from '@strongroom/events';
import type { LambdaConfig } from './lambda-config.js';

/** Where the worker's outbox relay publishes. */
export interface EventPublishing {
  readonly publisher: Publisher;
  /** The in-process publisher, to subscribe to, when no event bus is configured. */
  readonly inProcess: InProcessPublisher | undefined;
}

/**
 * The relay's publisher: EventBridge on `EVENT_BUS_NAME` (source `EVENT_SOURCE`), else an
 * in-process publisher whose subscribers (tests, `local.ts`) see each event once relayed.
 */
export function createEventPublishing(config: LambdaConfig): EventPublishing {
  const { events } = config;
  if (events.kind === 'in-process') {
    const inProcess = createInProcessPublisher();
    return { publisher: inProcess, inProcess };
  }
  const publisher = createEventBridgePublisher(new EventBridgeClient({ region: config.region }), {
    eventBusName: events.eventBusName,
    source: events.source,
  });
  return { publisher, inProcess: undefined };
}
