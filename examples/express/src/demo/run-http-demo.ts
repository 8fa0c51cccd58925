import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, silentLogger } from '@strongroom/http';
import { FakeClock } from '@strongroom/kernel';
import { createExpressService } from '../create-express-service.js';
import { readServiceConfig } from '../service-config.js';
import { type AuditOutcome, runAuditProof } from './audit-proof.js';
import { type CardOutcome, runCard } from './card.js';
import { DemoClient } from './demo-client.js';
import type { DemoContext } from './demo-context.js';
import { type DisputesOutcome, runDisputes } from './disputes.js';
import { type PaymentsOutcome, runPayments } from './payments.js';
import { runSignIn, type SignInOutcome } from './sign-in.js';
import { runStatement, type StatementOutcome } from './statement.js';

/** What the HTTP demo ends with, chapter by chapter, so its test checks the story, not the printout. */
export interface HttpDemoOutcome {
  readonly signIn: SignInOutcome;
  readonly card: CardOutcome;
  readonly payments: PaymentsOutcome;
  readonly disputes: DisputesOutcome;
  readonly statement: StatementOutcome;
  readonly audit: AuditOutcome;
}

/** The roles every user of the demo tenant gets, so one person can run the whole story. */
const DEMO_ROLES = 'operator,auditor';

/** Where the demo keeps its data and what it logs; by default a temporary folder and no logs. */
export interface HttpDemoOptions {
  /** A folder the caller made and removes (its tests read the database afterwards). */
  readonly dataDir?: string;
  readonly logger?: Logger;
}

/**
 * Starts the Express example in this process (embedded PGlite in a fresh temporary directory,
 * removed at the end, unless `options.dataDir` names one; a fake clock the story moves) on an
 * ephemeral port, and drives a merchant's day over real HTTP: sign-up with TOTP, a tokenized card,
 * a captured payment retried safely, an overdraft refused, a hold captured in part, two
 * chargebacks and a deadline that passes, the merchant's statement, and the audit log verified
 * with an inclusion proof checked on the client. Throws a `DemoStepError` naming the step when an
 * answer is not the one the story expects.
 */
export async function runHttpDemo(
  print: (line: string) => void,
  options: HttpDemoOptions = {},
): Promise<HttpDemoOutcome> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'strongroom-http-demo-')));
  try {
    const config = readServiceConfig({
      STRONGROOM_DATA_DIR: dataDir,
      STRONGROOM_DEFAULT_ROLES: DEMO_ROLES,
    });
    const clock = new FakeClock(new Date());
    const logger = options.logger ?? silentLogger;
    const service = await createExpressService(config, { clock, logger });
    try {
      const url = await service.listen(0, config.host);
      print(`Strongroom's Express example listening on ${url} (embedded PGlite in ${dataDir})`);
      print(
        `the demo tenant "${config.tenantId}" grants every new user ${DEMO_ROLES.replace(',', ' and ')} for brevity (the example's default is viewer);`,
      );
      print(
        `dispute house accounts opened for ${config.currencies.join(', ')}; the service runs on a fake clock the demo moves`,
      );
      const context: DemoContext = {
        client: new DemoClient(url),
        service,
        clock,
        tenantId: config.tenantId,
        print,
      };
      const signedIn = await runSignIn(context);
      const card = await runCard(context);
      const payments = await runPayments(context, signedIn.userId, card.token);
      const disputes = await runDisputes(context, payments.payments, signedIn.refreshToken);
      const statement = await runStatement(context, payments.payments);
      const audit = await runAuditProof(context);
      print('done: every answer was the one the story expects');
      return {
        signIn: signedIn.outcome,
        card: card.outcome,
        payments: payments.outcome,
        disputes,
        statement,
        audit,
      };
    } finally {
      await service.close();
    }
  } finally {
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}
