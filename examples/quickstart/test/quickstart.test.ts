import { expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

it('moves money atomically, refuses an overdraft, tokenizes a card and proves the audit entry on PGlite', async () => {
  const lines: string[] = [];
  const outcome = await runQuickstart((line) => lines.push(line));
  expect(outcome).toEqual({
    balances: { alice: '87.70 USD', bob: '17.30 USD' },
    refusal: 'example.insufficient_funds',
    // The transfer, two tokenizations, a masked reveal, a refused full reveal, a CVV use and a
    // refused second use: every vault operation is in the log, refusals included.
    treeSize: 7,
    proofVerified: true,
    logVerified: true,
    cards: {
      display: '42424242****4242',
      deduplicated: true,
      masked: '42424242****4242',
      refusal: 'vault.permission_denied',
      cvvTakenOnce: true,
      secondTake: 'vault.cvv_not_found',
    },
  });
  expect(lines.join('\n')).toContain('— audit.quickstart.example/acme ');
});
