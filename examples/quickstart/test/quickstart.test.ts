import { expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

it('moves money, tokenizes a card, signs a user in, wins a chargeback and proves the transfer’s audit entry on PGlite', async () => {
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
    people: {
      beforeVerification: 'identity.email_not_verified',
      wrongPassword: 'identity.invalid_credentials',
      unknownEmail: 'identity.invalid_credentials',
      signedIn: true,
      reusedRefreshToken: 'identity.refresh_token_reused',
      accessTokenAfterReuse: 'identity.token_revoked',
    },
    disputes: {
      status: 'won',
      // 49.99 paid, charged back with a 15.00 fee, won back without the fee.
      merchantBalanceMinor: 34_99n,
      duplicateRecorded: 0,
      timeline: [
        'dispute.chargeback_opened',
        'dispute.funds_withdrawn',
        'dispute.evidence_staged',
        'dispute.evidence_submitted',
        'dispute.issuer_decision_recorded',
        'dispute.funds_reinstated',
      ],
      publishedDisputeEvents: 6,
    },
    // Ledger: accounts, funding, the transfer and the refused overdraft (its id burned); vault:
    // two tokenizations, a masked reveal, a refused full reveal, a CVV use and a refused second use;
    // identity: the registration, Ann's vault key, the unverified and the wrong-password sign-ins,
    // the verification, the tenant's first signing key, the sign-in, the refresh and the reuse.
    // (The unknown email has no account to write a leaf for.) Disputes: the story's accounts and
    // payment, the opening, the withdrawal and its posting, staging, submission, the win and its
    // posting (the redelivered webhook writes nothing).
    treeSize: 28,
    proofVerified: true,
    logVerified: true,
  });
  expect(lines.join('\n')).toContain('— audit.quickstart.example/acme ');
});
