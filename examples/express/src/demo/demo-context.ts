import type { FakeClock, TenantId } from '@strongroom/kernel';
import type { ExpressService } from '../create-express-service.js';
import type { DemoClient } from './demo-client.js';

/** What every chapter of the HTTP demo works with. */
export interface DemoContext {
  /** The HTTP client, signed in once the first chapter has signed Ann in. */
  readonly client: DemoClient;
  /** The running service: only its development mailbox, worker and published keys are used directly. */
  readonly service: ExpressService;
  /** The service's clock, moved by the demo so that codes rotate and deadlines pass. */
  readonly clock: FakeClock;
  readonly tenantId: TenantId;
  /** Prints one progress line of the report. */
  readonly print: (line: string) => void;
}
