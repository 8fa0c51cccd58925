import type { DisputeCommand } from '@strongroom/disputes';
import type { Id } from '@strongroom/kernel';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { unbalancedCurrencies } from '../ledger/money-invariants.js';
import { chargeback, on, TRACKING_NUMBER } from './dispute-commands.js';
import type { DisputesSuiteContext } from './disputes-suite-context.js';
import { SUITE_PAYMENT_MINOR, type SuiteDisputes } from './suite-disputes.js';

const SYSTEM = { kind: 'system' } as const;

// Every command a host, a provider or the sweep may send to an open dispute.
function step(suite: SuiteDisputes, id: Id<'dsp'>, choice: number, notice: number): DisputeCommand {
  const provider = {
    kind: 'provider',
    provider: 'adyen',
    notificationId: `notice-${notice % 5}`,
  } as const;
  const steps: DisputeCommand[] = [
    on(suite, id, 'stage_evidence', { items: [TRACKING_NUMBER] }),
    on(suite, id, 'submit_evidence', {}),
    on(suite, id, 'accept', {}),
    on(suite, id, 'expire', { source: SYSTEM }),
    on(suite, id, 'record_issuer_decision', { decision: 'accepted_provisionally', source: SYSTEM }),
    on(suite, id, 'record_issuer_decision', { decision: 'accepted', source: SYSTEM }),
    on(suite, id, 'record_issuer_decision', { decision: 'rejected', source: SYSTEM }),
    on(suite, id, 'open_pre_arbitration', { withdrawsFunds: true, source: SYSTEM }),
    on(suite, id, 'escalate_to_arbitration', { withdrawsFunds: false, source: SYSTEM }),
    on(suite, id, 'record_ruling', { outcome: choice % 2 === 0 ? 'won' : 'lost', source: SYSTEM }),
    on(suite, id, 'resolve_provisional', { source: SYSTEM }),
    on(suite, id, 'withdraw_funds', { source: provider }),
    on(suite, id, 'reinstate_funds', { source: provider }),
    on(suite, id, 'file_pre_arbitration', {}),
  ];
  const picked = steps[choice % steps.length];
  if (picked === undefined) throw new Error('a step is always picked');
  return picked;
}

/** Random command sequences through the service never break the ledger's or the dispute's books. */
export function definePropertyCases(context: DisputesSuiteContext): void {
  it('keeps the reserve equal to the withdrawn amount and every currency balanced, whatever happens', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (script, withdrawsAtOnce) => {
          const suite = await context.engine();
          const opened = chargeback(suite, {
            withdrawsFunds: withdrawsAtOnce,
            amount: { amountMinor: '4000', currency: 'USD' },
          });
          const first = await suite.disputes.execute(suite.tenantId, opened);
          expect(first.isOk()).toBe(true);
          for (const [choice, notice] of script) {
            const outcome = await suite.disputes.execute(
              suite.tenantId,
              step(suite, opened.disputeId, choice, notice),
            );
            if (outcome.isErr()) expect(outcome.error.type).toMatch(/^(dispute\.|validation$)/);
            const dispute = (
              await suite.disputes.get(suite.tenantId, opened.disputeId)
            )._unsafeUnwrap();
            const reserve = await suite.balance(suite.accounts.reserve);
            // Withdrawn funds sit in the reserve until the dispute is lost and they are paid away.
            const held = dispute?.fundsWithdrawn === true && dispute.status !== 'lost';
            expect(reserve).toBe(held ? 4_000n : 0n);
          }
          const merchant = await suite.balance(suite.accounts.merchant);
          const held =
            (await suite.balance(suite.accounts.reserve)) +
            (await suite.balance(suite.accounts.fees)) +
            (await suite.balance(suite.accounts.losses));
          expect(merchant + held).toBe(SUITE_PAYMENT_MINOR);
          expect(unbalancedCurrencies(await suite.allAccounts())).toEqual([]);
        },
      ),
      { numRuns: 6 },
    );
  });
}
