import { expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

it('moves money on the ledger, tokenizes a card and proves the transfer’s audit entry on PGlite', async () => {
  const lines: string[] = [];
  const outcome = await runQuickstart((line) => lines.push(line));
  expect(outcome).toEqual({
    money: {
      balances: { alice: '87.70 USD', bob: '17.30 USD' },
      refusal: 'exceeds_credits',
      retry: 'exists',
    },
    cards: {
      display: '42424242****4242',
      deduplicated: true,
      masked: '42424242****4242',
      refusal: 'vault.permission_denied',
      cvvTakenOnce: true,
      secondTake: 'vault.cvv_not_found',
    },
    // Ledger: accounts, funding, the transfer and the refused overdraft (its id burned); vault:
    // two tokenizations, a masked reveal, a refused full reveal, a CVV use and a refused second use.
    treeSize: 10,
    proofVerified: true,
    logVerified: true,
  });
  expect(lines.join('\n')).toContain('— audit.quickstart.example/acme ');
});
