/** The two chain codes, shared by transfer and account events. */
export type ChainFailure = 'linked_event_failed' | 'linked_event_chain_open';

/** How a batch of linked events is run; the engine supplies one per event kind. */
export interface LinkedBatchHooks<Scope, Outcome> {
  /** Whether event `index` links to the next one (read from the raw input, as TigerBeetle does). */
  isLinked(index: number): boolean;
  /** Opens a child scope for a chain. */
  openScope(): Scope;
  /** Publishes a successful chain's scope. */
  commitScope(scope: Scope): void;
  /** Executes event `index` in `scope`. */
  execute(index: number, scope: Scope): Outcome;
  /** Whether an outcome lets a chain go on (`created`, and `exists` for an idempotent retry). */
  succeeded(outcome: Outcome): boolean;
  /** The outcome of event `index` failed by its chain. */
  chainFailure(index: number, status: ChainFailure): Outcome;
}

/**
 * Runs a batch with TigerBeetle's linked-event rules: events run in order; a chain (events with
 * `linked`, ended by the first one without it) runs in a scope that becomes visible only if every
 * member succeeds. The first failing member keeps its own result, every other member gets
 * `linked_event_failed`; a chain still open at the end of the batch fails, its last event with
 * `linked_event_chain_open`. An `exists` member counts as success, so a retried chain that was
 * committed before reports `exists` for every member.
 */
export function runLinkedBatch<Scope, Outcome>(
  count: number,
  root: Scope,
  hooks: LinkedBatchHooks<Scope, Outcome>,
): Outcome[] {
  const outcomes: Outcome[] = [];
  let index = 0;
  while (index < count) {
    if (!hooks.isLinked(index)) {
      outcomes[index] = hooks.execute(index, root);
      index += 1;
      continue;
    }
    let last = index;
    while (last < count - 1 && hooks.isLinked(last)) last += 1;
    const open = hooks.isLinked(last);
    const scope = hooks.openScope();
    let failedAt = -1;
    for (let member = index; member <= last; member += 1) {
      if (member === last && open) {
        outcomes[member] = hooks.chainFailure(member, 'linked_event_chain_open');
        failedAt = member;
        break;
      }
      const outcome = hooks.execute(member, scope);
      outcomes[member] = outcome;
      if (!hooks.succeeded(outcome)) {
        failedAt = member;
        break;
      }
    }
    if (failedAt < 0) {
      hooks.commitScope(scope);
    } else {
      for (let member = index; member <= last; member += 1) {
        if (member === failedAt) continue;
        outcomes[member] = hooks.chainFailure(
          member,
          member === last && open ? 'linked_event_chain_open' : 'linked_event_failed',
        );
      }
    }
    index = last + 1;
  }
  return outcomes;
}
