import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPinoLogger } from '@strongroom/http';
import { inspectSqlDatabase, logLineSink } from '@strongroom/testkit/secret-scan';
import { expect, it } from 'vitest';
import { runHttpDemo } from '../src/demo/run-http-demo.js';

// The whole story over real HTTP on embedded PGlite: a minute or more on a loaded machine.
const DEMO_TIMEOUT_MS = 300_000;

it(
  'drives the Express example over HTTP: TOTP sign-in, a card, payments, chargebacks past their deadline, a statement and an audit proof',
  async () => {
    const lines: string[] = [];
    // The story's database and debug logs go to the full-suite secret scan (when it is on): a
    // whole merchant's day, cards, passwords and TOTP included, must leave no secret behind.
    const dataDir = await mkdtemp(join(tmpdir(), 'strongroom-http-demo-test-'));
    const logger = createPinoLogger({ level: 'debug', destination: logLineSink('express-demo') });
    const outcome = await runHttpDemo((line) => lines.push(line), { dataDir, logger }).finally(
      async () => {
        const pglite = new PGlite(join(dataDir, 'pglite'));
        try {
          await inspectSqlDatabase('pglite', 'express demo', (statement) =>
            pglite.query(statement),
          );
        } finally {
          await pglite.close();
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    );
    expect(outcome).toEqual({
      signIn: {
        registered: 201,
        verified: 200,
        passwordSignIn: 'signed_in',
        totpConfirmed: 200,
        recoveryCodes: 10,
        signedOut: 204,
        secondSignIn: 'mfa_required',
        mfaMethods: ['totp', 'recovery_code'],
        totpSignIn: 'signed_in',
        roles: ['operator', 'auditor'],
        authenticationMethods: ['pwd', 'otp'],
      },
      card: { status: 201, brand: 'visa', display: '42424242****4242' },
      payments: {
        accounts: ['created', 'created', 'created', 'created'],
        templates: ['card.capture'],
        capture: { status: 201, result: 'created' },
        replay: { status: 201, replayed: 'true' },
        retry: { status: 200, result: 'exists' },
        overdraft: {
          status: 422,
          type: 'https://strongroom.dev/problems/ledger.transfer.exceeds_credits',
        },
        hold: { status: 201, pendingStatus: 'pending' },
        partialCapture: { status: 201, result: 'created' },
        // 120.00 less the 3.78 fee, and 250.00 of the 300.00 hold.
        merchantBalance: '366.22 USD',
      },
      disputes: {
        defended: {
          opened: 'chargeback_needs_response',
          evidenceStaged: 3,
          submitted: 'chargeback_under_review',
          afterDeadline: 'chargeback_under_review',
        },
        undefended: {
          opened: 'chargeback_needs_response',
          afterDeadline: 'lost',
          lostReason: 'expired',
          timeline: [
            'dispute.chargeback_opened',
            'dispute.funds_withdrawn',
            'dispute.expired',
            'dispute.written_off',
          ],
        },
        expiredToken: {
          status: 401,
          type: 'https://strongroom.dev/problems/identity.invalid_token',
        },
        // The 13.1 case is still reserved; both 15.00 fees are owed; the lost 40.00 is paid away.
        house: { reserve: '120.00 USD', fees: '30.00 USD', losses: '40.00 USD' },
      },
      statement: {
        lines: [
          'credit posted card.capture (order 1043)',
          'credit pending authorization hold (order 1044)',
          'credit pending_posted hold captured (order 1044)',
          'debit posted dispute.withdrawal',
          'debit posted dispute.withdrawal',
        ],
        // 366.22 less 120.00 + 15.00 and 40.00 + 15.00 withdrawn by the two chargebacks.
        closingBalance: '176.22 USD',
      },
      audit: {
        verification: { status: 200, verified: true },
        captureEntry: { action: 'ledger.transfers.created', outcome: 'succeeded' },
        proofVerified: true,
      },
    });
    const printed = lines.join('\n');
    expect(printed).toContain('operator and auditor for brevity');
    expect(printed).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    // Secrets stay out of the report: no card number, no TOTP secret, no bearer or refresh token.
    expect(printed).not.toMatch(/4242 ?4242 ?4242 ?4242/);
    expect(printed).not.toContain('secret=');
    expect(printed).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  },
  DEMO_TIMEOUT_MS,
);
