import type { EventEnvelope, StoredRecord } from '@strongroom/kernel';

/** The ordering key of an event: its stream, or the event alone when it belongs to none. */
export function orderingKey(event: EventEnvelope): string {
  return event.streamId == null ? `event:${event.id}` : `stream:${event.streamId}`;
}

/**
 * Picks the events of one outbox page to publish now, in outbox order. A stream whose earliest
 * waiting event is backing off is held back whole, so its later events never overtake it; a
 * publisher that does not preserve order within a call gets at most one event per stream.
 */
export function selectForPublishing(
  page: readonly EventEnvelope[],
  attempts: ReadonlyMap<string, StoredRecord>,
  nowMs: number,
  publisher: { readonly batchSizeMax: number; readonly preservesOrder: boolean },
): EventEnvelope[] {
  const held = new Set<string>();
  const selected: EventEnvelope[] = [];
  for (const event of page) {
    if (selected.length >= publisher.batchSizeMax) break;
    const key = orderingKey(event);
    if (held.has(key)) continue;
    const attempt = attempts.get(event.id);
    if (attempt !== undefined && (attempt.data['retryAtMs'] as number) > nowMs) {
      held.add(key);
      continue;
    }
    selected.push(event);
    if (!publisher.preservesOrder) held.add(key);
  }
  return selected;
}
