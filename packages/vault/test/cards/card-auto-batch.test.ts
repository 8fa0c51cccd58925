import type { Storage } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { CARD_AUDIT_ACTIONS, cardLeaf, createCardLeafWriter } from '../../src/cards/card-audit.js';
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

describe('standalone leaves share commits', () => {
  it('writes leaves submitted together in one transaction, one leaf each', async () => {
    const harness = createCardHarness();
    const transactions = countTransactions(harness.storage);
    const writeLeaf = createCardLeafWriter(harness.storage, harness.audit);
    const leaves = Array.from({ length: 10 }, (_, n) =>
      cardLeaf(alice, CARD_AUDIT_ACTIONS.revealed, 'vault', 'succeeded', { n }, undefined),
    );
    const written = await Promise.all(leaves.map((leaf) => writeLeaf(harness.tenantId, leaf)));
    expect(written.every((result) => result.isOk())).toBe(true);
    expect(transactions.count()).toBe(1);
    const stored = await auditLeaves(harness);
    expect(stored.map((leaf) => leaf.details['n']).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('still writes the leaf of every full reveal', async () => {
    const harness = createCardHarness();
    const admin = principal();
    const tokens = await Promise.all(
      [1, 2, 3, 4].map(async (n) =>
        (
          await harness.vault.tokenize(harness.tenantId, admin, cardInput(mastercardPan(n)))
        )._unsafeUnwrap(),
      ),
    );
    const revealed = await Promise.all(
      tokens.map((card) =>
        harness.vault.detokenize(harness.tenantId, admin, card.token, {
          purpose: 'send to the processor',
          reveal: 'full',
        }),
      ),
    );
    expect(revealed.every((result) => result.isOk())).toBe(true);
    const leaves = (await auditLeaves(harness)).filter(
      (leaf) => leaf.action === CARD_AUDIT_ACTIONS.revealed,
    );
    expect(leaves.map((leaf) => leaf.resource.id).sort()).toEqual(
      tokens.map((card) => card.token).sort(),
    );
  });

  it('answers a leaf the audit log refuses alone, without failing its neighbours', async () => {
    const harness = createCardHarness();
    const refused = principal([], 'cust-4111111111111111');
    const [bad, good] = await Promise.all([
      harness.vault.tokenize(harness.tenantId, refused, cardInput(mastercardPan(7))),
      harness.vault.tokenize(harness.tenantId, principal([]), cardInput(mastercardPan(8))),
    ]);
    expect(bad?._unsafeUnwrapErr()).toMatchObject({
      type: 'audit.secret_in_details',
      path: 'actor.id',
    });
    expect(good?._unsafeUnwrapErr()).toEqual({
      type: 'vault.permission_denied',
      permission: CARD_PERMISSIONS.tokenize,
    });
    const denied = (await auditLeaves(harness)).filter((leaf) => leaf.outcome === 'denied');
    expect(denied).toHaveLength(1);
  });
});
