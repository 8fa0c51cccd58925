/** One kind of background work the facade's worker runs, each in its own loop over the tenants. */
export type WorkerJob =
  | 'audit_sequencer'
  | 'event_sequencer'
  | 'outbox_relay'
  | 'projections'
  | 'ledger_expiry_sweep'
  | 'dispute_deadline_sweep'
  | 'card_data_sweep'
  | 'identity_purge';

/**
 * Every job, in the order `runOnce` runs them: the sweeps first, since they write audit leaves,
 * events and outbox events; then the sequencers, which give those their positions; then the
 * projections, which read sequenced events; the relay last, so one round publishes all of it.
 */
export const WORKER_JOBS: readonly WorkerJob[] = Object.freeze([
  'ledger_expiry_sweep',
  'dispute_deadline_sweep',
  'card_data_sweep',
  'identity_purge',
  'audit_sequencer',
  'event_sequencer',
  'projections',
  'outbox_relay',
]);

/**
 * Default pause between a job's rounds. Sequencers, projections and the relay run every 100 ms
 * (a sub-second merge delay and publishing latency); the ledger and dispute sweeps every second
 * (how late a hold is released or a deadline acts); expired security codes, which no read returns
 * any more, every 10 s; identity's expired tokens and sessions, pure housekeeping, every minute.
 */
export const WORKER_INTERVAL_DEFAULTS_MS: Readonly<Record<WorkerJob, number>> = Object.freeze({
  audit_sequencer: 100,
  event_sequencer: 100,
  outbox_relay: 100,
  projections: 100,
  ledger_expiry_sweep: 1_000,
  dispute_deadline_sweep: 1_000,
  card_data_sweep: 10_000,
  identity_purge: 60_000,
});
