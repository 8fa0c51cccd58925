import { expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

it('moves money atomically, refuses an overdraft, and proves the audit entry on PGlite', async () => {
  const lines: string[] = [];
  const outcome = await runQuickstart((line) => lines.push(line));
  expect(outcome).toEqual({
    balances: { alice: '87.70 USD', bob: '17.30 USD' },
    refusal: 'example.insufficient_funds',
    treeSize: 1,
    proofVerified: true,
    logVerified: true,
  });
  expect(lines.join('\n')).toContain('— audit.quickstart.example/acme ');
});
