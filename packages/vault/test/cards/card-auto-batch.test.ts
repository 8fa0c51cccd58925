import type { Storage } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { CARD_PERMISSIONS } from '../../src/cards/card-permissions.js';
import {
  auditLeaves,
  type CardHarness,
  cardInput,
  createCardHarness,
  luhnCheckDigit,
  principal,
} from './card-fixture.js';

// Distinct Luhn-valid Mastercard PANs.
function mastercardPan(n: number): string {
  const payload = `5${String(n).padStart(14, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

// Counts the storage transactions a workload runs (each attempt counts once).
function countTransactions(storage: Storage): { count: () => number } {
  let transactions = 0;
  const transaction = storage.transaction.bind(storage);
  (storage as { transaction: Storage['transaction'] }).transaction = ((tenantId, fn) => {
    transactions += 1;
    return transaction(tenantId, fn);
  }) as Storage['transaction'];
  return { count: () => transactions };
}

const alice = principal([CARD_PERMISSIONS.tokenize], 'usr_01h455vb4pex5vsknk084sn0aa');
const bob = principal([CARD_PERMISSIONS.tokenize], 'usr_01h455vb4pex5vsknk084sn0bb');

async function tokenizeConcurrently(harness: CardHarness, cards: number) {
  return Promise.all(
    Array.from({ length: cards }, (_, n) =>
      harness.vault.tokenize(
        harness.tenantId,
        n % 2 === 0 ? alice : bob,
        cardInput(mastercardPan(n)),
        {
          requestId: `req_${String(n).padStart(4, '0')}`,
        },
      ),
    ),
  );
}

describe('tokenize auto-batching', () => {
  it('coalesces concurrent calls into few transactions, each card with its own result and caller', async () => {
    const harness = createCardHarness();
    const transactions = countTransactions(harness.storage);
    const results = await tokenizeConcurrently(harness, 20);
    // Calls arriving together share a transaction; at most maxInFlight (4) run at once.
    expect(transactions.count()).toBeLessThanOrEqual(4);
    const tokens = results.map((result) => result._unsafeUnwrap());
    expect(new Set(tokens.map((card) => card.token)).size).toBe(20);
    expect(tokens.map((card) => card.last4)).toEqual(
      Array.from({ length: 20 }, (_, n) => mastercardPan(n).slice(-4)),
    );
    const leaves = await auditLeaves(harness);
    expect(leaves).toHaveLength(20);
    for (const leaf of leaves) {
      const n = Number(leaf.requestId?.slice(4));
      expect(leaf.actor.id).toBe((n % 2 === 0 ? alice : bob).actor.id);
      expect(leaf.resource.id).toBe(tokens[n]?.token);
    }
  });

  it('with autoBatch false, gives every call its own transaction', async () => {
    const harness = createCardHarness({ autoBatch: false });
    const transactions = countTransactions(harness.storage);
    const results = await tokenizeConcurrently(harness, 6);
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(transactions.count()).toBe(6);
  });

  it('keeps an invalid card out of its neighbours’ batch', async () => {
    const harness = createCardHarness();
    const [good, bad, alsoGood] = await Promise.all([
      harness.vault.tokenize(harness.tenantId, alice, cardInput(mastercardPan(1))),
      harness.vault.tokenize(harness.tenantId, alice, cardInput('5555555555554445')),
      harness.vault.tokenize(harness.tenantId, alice, cardInput(mastercardPan(2))),
    ]);
    expect(good?.isOk()).toBe(true);
    expect(bad?._unsafeUnwrapErr()).toMatchObject({ type: 'vault.invalid_card', field: 'pan' });
    expect(alsoGood?.isOk()).toBe(true);
  });
});
