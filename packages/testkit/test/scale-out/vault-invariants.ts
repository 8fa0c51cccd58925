import { CARD_COLLECTIONS } from '@strongroom/vault';
import { expect } from 'vitest';
import { listRecords } from './scale-out-reads.js';
import type { ScaleOutRun } from './scale-out-run.js';

/** Cards: every process got the one token of each pool card, and the tenant holds one token per card. */
export async function expectVaultInvariants(run: ScaleOutRun): Promise<void> {
  const tokensPerCard = new Map<number, Set<string | null>>();
  for (const { panIndex, token } of run.reports.flatMap((report) => report.tokens)) {
    tokensPerCard.set(panIndex, (tokensPerCard.get(panIndex) ?? new Set()).add(token));
  }
  for (const [panIndex, tokens] of tokensPerCard) {
    expect(tokens.size, `tokens of pool card ${panIndex}`).toBe(1);
    expect(tokens.has(null), `pool card ${panIndex} refused`).toBe(false);
  }
  const stored = await listRecords(run.strongroom.storage, run.tenantId, CARD_COLLECTIONS.tokens);
  expect(stored).toHaveLength(tokensPerCard.size);
}
