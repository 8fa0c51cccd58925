import type { HttpApp, RouteDependencies } from '../route-dependencies.js';
import { registerAccountHistoryRoutes } from './account-history-routes.js';
import { registerAccountRoutes } from './account-routes.js';
import { registerAggregateBalanceRoutes } from './aggregate-balance-routes.js';
import { registerJournalRoutes } from './journal-routes.js';
import { registerTemplateRoutes } from './template-routes.js';
import { registerTransferRoutes } from './transfer-routes.js';

/**
 * Registers the ledger routes under `/v1/ledger`: accounts (create, batch, read, balance,
 * statement, movements), transfers (create, batch, post, void, read), journal entries, the
 * host's posting templates (list, apply) and aggregate balances. Reads need `ledger.read`; writes `ledger.account.create` or
 * `ledger.transfer.create`. Money travels as decimal strings of minor units.
 */
export function registerLedgerRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  registerAccountRoutes(app, dependencies);
  registerAccountHistoryRoutes(app, dependencies);
  registerTransferRoutes(app, dependencies);
  registerJournalRoutes(app, dependencies);
  registerTemplateRoutes(app, dependencies);
  registerAggregateBalanceRoutes(app, dependencies);
}
