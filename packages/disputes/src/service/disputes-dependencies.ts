import type { AuditLog } from '@strongroom/audit';
import type { EventStore } from '@strongroom/events';
import type { Clock, IdGenerator, Storage } from '@strongroom/kernel';
import type { Ledger } from '@strongroom/ledger';
import type { ReasonCodeCatalogue } from '../catalogue/reason-code-catalogue.js';
import type { DisputeFeeSchedule } from './dispute-fee-schedule.js';
import type { DisputeHouseAccountsByCurrency } from './dispute-house-accounts.js';
import type { DisputesOptions } from './disputes-options.js';

/** {@link DisputesOptions} with every default applied: what the service's parts share. */
export interface DisputesDependencies {
  readonly storage: Storage;
  readonly store: EventStore;
  readonly ledger: Ledger;
  readonly audit: AuditLog;
  readonly houseAccounts: DisputeHouseAccountsByCurrency;
  readonly fees: DisputeFeeSchedule;
  readonly catalogue: ReasonCodeCatalogue;
  readonly alertLeadTimesMs: readonly number[];
  readonly resolvePayment: NonNullable<DisputesOptions['resolvePayment']>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
