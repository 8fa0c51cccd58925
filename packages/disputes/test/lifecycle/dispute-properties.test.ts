import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from '../../src/evidence/evidence-limits.js';
import type { CommandSource } from '../../src/lifecycle/command-source.js';
import { decideDispute } from '../../src/lifecycle/decide-dispute.js';
import type { DisputeCommand } from '../../src/lifecycle/dispute-command.js';
import type { ResponseDeadline } from '../../src/lifecycle/dispute-data.js';
import type { DisputeEvent } from '../../src/lifecycle/dispute-event.js';
import { DISPUTE_APPLIED_NOTIFICATIONS_MAX } from '../../src/lifecycle/dispute-limits.js';
import type { Dispute, DisputeState } from '../../src/lifecycle/dispute-state.js';
import {
  DISPUTE_STATUSES,
  isTerminalStatus,
  stageOfStatus,
} from '../../src/lifecycle/dispute-status.js';
import { DISPUTE_TRANSITIONS } from '../../src/lifecycle/dispute-transitions.js';
import { evolveDispute } from '../../src/lifecycle/evolve-dispute.js';
import {
  command,
  MERCHANT,
  merchantBalanceChangeMinor,
  NETWORK_DEADLINE,
  notice,
  PROVIDER_DEADLINE,
  SYSTEM,
  textItem,
} from './dispute-fixtures.js';

// A pool of notification ids small enough that different notices sometimes share one.
const notificationIds = Array.from({ length: 40 }, (_, index) => `n${index}`);

const sourceArbitrary: fc.Arbitrary<CommandSource> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(MERCHANT) },
  { weight: 2, arbitrary: fc.constant(SYSTEM) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.noBias(fc.constantFrom(...notificationIds)),
        // A final status now and then: each one ends the dispute.
        fc.oneof(
          { weight: 24, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom<'won' | 'lost'>('won', 'lost') },
        ),
      )
      .map(([id, final]) => notice(id, final)),
  },
);

const deadlineArbitrary = fc.constantFrom<ResponseDeadline>(
  { kind: 'none' },
  { kind: 'not_defendable' },
  NETWORK_DEADLINE,
  PROVIDER_DEADLINE,
);

const itemsArbitrary = fc
  .uniqueArray(fc.constantFrom('receipt', 'refund_policy', 'shipping_date', 'rebuttal', 'log'), {
    minLength: 1,
    maxLength: 3,
  })
  .map((fields) => fields.map((field) => textItem(field)));

type Parts = {
  readonly source: CommandSource;
  readonly withdraws: boolean;
  readonly deadline: ResponseDeadline;
  readonly items: ReturnType<typeof textItem>[];
};

const BUILDERS: Readonly<Record<string, (parts: Parts) => DisputeCommand>> = {
  open_inquiry: ({ source }) => command.openInquiry({ source }),
  open_chargeback: ({ source, withdraws }) => command.openChargeback(withdraws, { source }),
  record_prevention: ({ source }) => command.recordPrevention({ source }),
  stage_evidence: ({ source, items }) => command.stageEvidence(items, { source }),
  submit_evidence: ({ source }) => command.submitEvidence({ source }),
  escalate_inquiry: ({ source, withdraws }) => command.escalateInquiry(withdraws, { source }),
  close_inquiry: ({ source }) => command.closeInquiry({ source }),
  accept: ({ source }) => command.accept({ source }),
  expire: ({ source }) => command.expire({ source }),
  file_pre_arbitration: ({ source }) => command.filePreArbitration({ source }),
  'record_issuer_decision.accepted': ({ source }) => command.issuerDecision('accepted', { source }),
  'record_issuer_decision.accepted_provisionally': ({ source }) =>
    command.issuerDecision('accepted_provisionally', { source }),
  'record_issuer_decision.rejected': ({ source }) => command.issuerDecision('rejected', { source }),
  open_pre_arbitration: ({ source, withdraws }) =>
    command.openPreArbitration(withdraws, { source }),
  escalate_to_arbitration: ({ source, withdraws }) =>
    command.escalateToArbitration(withdraws, { source }),
  'record_ruling.won': ({ source }) => command.ruling('won', { source }),
  'record_ruling.lost': ({ source }) => command.ruling('lost', { source }),
  resolve_provisional: ({ source }) => command.resolveProvisional({ source }),
  withdraw_funds: ({ source }) => command.withdrawFunds({ source }),
  reinstate_funds: ({ source }) => command.reinstateFunds({ source }),
  set_deadline: ({ source, deadline }) => command.setDeadline(deadline, { source }),
};
const ALL_KEYS = Object.keys(BUILDERS);

/** How a step picks its command: forward through the machine, among allowed moves, or anything. */
type Steering = 'forward' | 'allowed' | 'any';

/**
 * A random command. Steered steps draw from the moves the current state allows (forward ones
 * avoid ending the dispute, and staging comes first so that submissions succeed), so that runs
 * get deep into the machine; unsteered ones draw from every command, so that refusals, stale
 * notifications and jumps ahead are exercised too.
 */
function commandFor(
  state: DisputeState,
  pick: number,
  steering: Steering,
  parts: Parts,
): DisputeCommand {
  const moves =
    state === null
      ? []
      : DISPUTE_TRANSITIONS.filter(
          (transition) =>
            transition.from === state.status &&
            (steering === 'allowed' || !isTerminalStatus(transition.to)),
        ).map((transition) => transition.key as string);
  const needsEvidence =
    state !== null && state.stagedEvidence.length === 0 && !isTerminalStatus(state.status);
  const steered = needsEvidence ? ['stage_evidence', ...moves] : moves;
  const keys = steering !== 'any' && steered.length > 0 ? steered : ALL_KEYS;
  const build = BUILDERS[keys[pick % keys.length] ?? 'accept'];
  if (build === undefined) throw new Error('no builder');
  return build(parts);
}

const stepArbitrary = fc.record({
  // Unbiased: fast-check favours small numbers, which would always pick the first move.
  pick: fc.noBias(fc.nat({ max: 1_000_000 })),
  steering: fc.constantFrom<Steering>('forward', 'forward', 'forward', 'allowed', 'any', 'any'),
  source: sourceArbitrary,
  withdraws: fc.boolean(),
  deadline: deadlineArbitrary,
  items: itemsArbitrary,
});

// Mostly a dispute that opens first and lives a while; now and then no opening at all.
const openingArbitrary: fc.Arbitrary<readonly DisputeCommand[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([]) },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.boolean(), fc.boolean(), fc.constantFrom(MERCHANT, SYSTEM, notice('open')))
      .map(([chargeback, withdraws, source]) => [
        chargeback
          ? command.openChargeback(withdraws, { source })
          : command.openInquiry({ source }),
      ]),
  },
);

// A step is a new command or a repeat of an earlier one (a re-delivered webhook, a retried request).
const stepsArbitrary = fc
  .tuple(
    openingArbitrary,
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: stepArbitrary.map((next) => ({ next }) as const) },
        { weight: 1, arbitrary: fc.nat().map((repeat) => ({ repeat }) as const) },
      ),
      // fast-check keeps arrays short by default; disputes need a few dozen steps to get deep.
      { maxLength: 60, size: 'max' },
    ),
  )
  .map(([opening, steps]) => [...opening.map((first) => ({ first }) as const), ...steps]);

function checkState(dispute: Dispute, withdrawnByEvents: boolean): void {
  expect(DISPUTE_STATUSES).toContain(dispute.status);
  expect(dispute.lostReason === null).toBe(dispute.status !== 'lost');
  expect(stageOfStatus(dispute.status) ?? dispute.stage).toBe(dispute.stage);
  expect(dispute.fundsWithdrawn).toBe(withdrawnByEvents);
  if (dispute.status === 'won') expect(dispute.fundsWithdrawn).toBe(false);
  if (dispute.status === 'lost') expect(dispute.fundsWithdrawn).toBe(true);
  // Open inquiries have no financial impact (a provider's final loss may still end one lost).
  if (dispute.stage === 'inquiry' && !isTerminalStatus(dispute.status)) {
    expect(dispute.fundsWithdrawn).toBe(false);
  }
  if (dispute.status === 'prevented' || dispute.status === 'inquiry_closed') {
    expect(dispute.fundsWithdrawn).toBe(false);
  }
  expect(dispute.stagedEvidence.length).toBeLessThanOrEqual(EVIDENCE_ITEMS_PER_DISPUTE_MAX);
  expect(dispute.appliedNotificationIds.length).toBeLessThanOrEqual(
    DISPUTE_APPLIED_NOTIFICATIONS_MAX,
  );
  expect(new Set(dispute.appliedNotificationIds).size).toBe(dispute.appliedNotificationIds.length);
}

function checkEvent(event: DisputeEvent): void {
  expect(event.type.startsWith('dispute.')).toBe(true);
  expect(event.schemaVersion).toBe(1);
  // JSON in, the same JSON out: no bigint, no Date, no undefined in a payload.
  expect(JSON.parse(JSON.stringify(event))).toEqual(event);
}

describe('random command sequences', () => {
  it('never throw, keep every invariant, and replay to the same state', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        let state: DisputeState = null;
        let withdrawn = false;
        const history: DisputeCommand[] = [];
        const recorded: DisputeEvent[] = [];
        for (const step of steps) {
          const next =
            'first' in step
              ? step.first
              : 'next' in step
                ? commandFor(state, step.next.pick, step.next.steering, step.next)
                : history[step.repeat % Math.max(history.length, 1)];
          if (next === undefined) continue;
          history.push(next);
          const before = state;
          const result = decideDispute(next, before);
          const source = next.source;
          const duplicate =
            before !== null &&
            source.kind === 'provider' &&
            before.appliedNotificationIds.includes(source.notificationId);
          if (duplicate) expect(result._unsafeUnwrap()).toEqual([]);
          if (before !== null && isTerminalStatus(before.status)) {
            // Terminal means terminal: refused, stale, or an agreeing final status, never a change.
            if (result.isOk()) expect(result.value).toEqual([]);
            if (source.kind === 'provider' && source.final !== undefined && !duplicate) {
              expect(result.isOk()).toBe(source.final === before.status);
            }
          }
          if (result.isErr()) continue;
          for (const event of result.value) {
            checkEvent(event);
            if (event.type === 'dispute.funds_withdrawn') {
              expect(withdrawn).toBe(false);
              withdrawn = true;
            }
            if (event.type === 'dispute.funds_reinstated') {
              expect(withdrawn).toBe(true);
              withdrawn = false;
            }
            state = evolveDispute(state, event);
            if (event.type === 'dispute.written_off') {
              expect(withdrawn).toBe(true);
              expect(state?.status).toBe('lost');
            }
          }
          recorded.push(...result.value);
          if (state !== null) checkState(state, withdrawn);
        }
        expect(recorded.reduce(evolveDispute, null)).toEqual(state);
      }),
      { numRuns: 400 },
    );
  });
});

/** A provider's notifications for one dispute, the opening first and the final one last. */
interface Script {
  readonly name: string;
  readonly opening: DisputeCommand;
  readonly rest: readonly DisputeCommand[];
  readonly final: 'won' | 'lost';
}

const adyen = (id: string, final?: 'won' | 'lost') => ({ source: notice(id, final, 'adyen') });
const stripe = (id: string, final?: 'won' | 'lost') => ({ source: notice(id, final, 'stripe') });

const SCRIPTS: readonly Script[] = [
  {
    name: 'Adyen Mastercard straight to arbitration, lost',
    opening: command.openChargeback(false, adyen('noc')),
    rest: [
      command.openChargeback(true, adyen('cb')),
      command.submitEvidence(adyen('supplied')),
      command.issuerDecision('accepted_provisionally', adyen('reversed')),
      command.escalateToArbitration(true, adyen('arbitration')),
      command.ruling('lost', adyen('arbitration_lost', 'lost')),
    ],
    final: 'lost',
  },
  {
    name: 'Adyen second chargeback and pre-arbitration, won',
    opening: command.openChargeback(false, adyen('noc')),
    rest: [
      command.openChargeback(true, adyen('cb')),
      command.submitEvidence(adyen('supplied')),
      command.issuerDecision('accepted_provisionally', adyen('reversed')),
      command.openPreArbitration(true, adyen('second_cb')),
      command.openPreArbitration(false, adyen('prearb_open')),
      command.submitEvidence(adyen('prearb_supplied')),
      command.issuerDecision('accepted', adyen('issuer_withdrawn', 'won')),
    ],
    final: 'won',
  },
  {
    name: 'Stripe chargeback won',
    opening: command.openChargeback(true, stripe('created')),
    rest: [
      command.setDeadline(PROVIDER_DEADLINE, stripe('updated')),
      command.submitEvidence(stripe('submitted')),
      command.reinstateFunds(stripe('reinstated')),
      command.issuerDecision('accepted', stripe('closed', 'won')),
    ],
    final: 'won',
  },
  {
    name: 'Stripe inquiry escalated and lost',
    opening: command.openInquiry(stripe('created')),
    rest: [
      command.submitEvidence(stripe('warning_submitted')),
      command.escalateInquiry(true, stripe('escalated')),
      command.submitEvidence(stripe('submitted')),
      command.issuerDecision('rejected', stripe('closed', 'lost')),
    ],
    final: 'lost',
  },
];

describe('shuffled provider notifications', () => {
  it.each(SCRIPTS)('$name: any order, with duplicates, ends at the final status', (script) => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...script.rest], { minLength: script.rest.length }),
        fc.array(fc.nat({ max: script.rest.length - 1 }), { maxLength: 4 }),
        (shuffled, repeats) => {
          const deliveries = [script.opening, ...shuffled];
          for (const repeat of repeats) {
            const again = script.rest[repeat];
            if (again !== undefined)
              deliveries.splice(1 + ((repeat * 7) % deliveries.length), 0, again);
          }
          let state: DisputeState = null;
          const recorded: DisputeEvent[] = [];
          for (const delivery of deliveries) {
            const events: readonly DisputeEvent[] = decideDispute(delivery, state)._unsafeUnwrap();
            state = events.reduce<DisputeState>(evolveDispute, state);
            recorded.push(...events);
          }
          expect(state?.status).toBe(script.final);
          expect(state?.fundsWithdrawn).toBe(script.final === 'lost');
          // The ledger sees the amount debited once on a loss and nothing on a win.
          expect(merchantBalanceChangeMinor(recorded)).toBe(script.final === 'lost' ? -4999n : 0n);
          const writeOffs = recorded.filter((event) => event.type === 'dispute.written_off');
          expect(writeOffs).toHaveLength(script.final === 'lost' ? 1 : 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
