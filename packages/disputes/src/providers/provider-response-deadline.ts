import type { ProviderDeadline } from '../deadlines/provider-deadline.js';
import type { ResponseDeadline } from '../lifecycle/dispute-data.js';

/** A provider's deadline as the dispute state machine stores it: an instant marked `provider`. */
export function responseDeadlineOf(deadline: ProviderDeadline): ResponseDeadline {
  return deadline.kind === 'due'
    ? { kind: 'due', dueAt: deadline.dueAt.toISOString(), source: 'provider' }
    : { kind: 'not_defendable' };
}
