import { parseCurrency, parseTenantId, type TenantId, unwrapOrThrow } from '@strongroom/kernel';

/** Most currencies the example sets disputes up for (each has three house accounts). */
const CURRENCIES_MAX = 32;

/** How the example service runs, from its environment. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** Where embedded PGlite and the development keys live. */
  readonly dataDir: string;
  /** A Postgres server instead of embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Redis for rate limits, idempotency keys, revocations and caches. */
  readonly redisUrl: string | undefined;
  /** The tenant of sign-up and sign-in (this example serves one). */
  readonly tenantId: TenantId;
  /** Roles every new user gets; `viewer` unless set. */
  readonly defaultRoles: readonly string[];
  /** ISO 4217 codes the service takes disputes in, each with its house accounts; `USD,EUR,GBP` unless set. */
  readonly currencies: readonly string[];
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function currenciesOf(value: string): string[] {
  const currencies = [...new Set(listOf(value))];
  if (
    currencies.length === 0 ||
    currencies.length > CURRENCIES_MAX ||
    currencies.some((currency) => parseCurrency(currency).isErr())
  )
    throw new Error(`STRONGROOM_CURRENCIES lists 1 to ${CURRENCIES_MAX} ISO 4217 codes`);
  return currencies;
}

/** Reads the {@link ServiceConfig}: `PORT`, `HOST`, `STRONGROOM_DATA_DIR`, `DATABASE_URL`, `REDIS_URL`, `STRONGROOM_TENANT`, `STRONGROOM_DEFAULT_ROLES`, `STRONGROOM_CURRENCIES`. */
export function readServiceConfig(environment: NodeJS.ProcessEnv): ServiceConfig {
  const port = Number(environment['PORT'] ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('PORT is a TCP port');
  return {
    port,
    host: environment['HOST'] ?? '127.0.0.1',
    dataDir: environment['STRONGROOM_DATA_DIR'] ?? '.strongroom-data',
    databaseUrl: environment['DATABASE_URL'] || undefined,
    redisUrl: environment['REDIS_URL'] || undefined,
    tenantId: unwrapOrThrow(parseTenantId(environment['STRONGROOM_TENANT'] ?? 'demo')),
    defaultRoles: listOf(environment['STRONGROOM_DEFAULT_ROLES'] ?? 'viewer'),
    currencies: currenciesOf(environment['STRONGROOM_CURRENCIES'] ?? 'USD,EUR,GBP'),
  };
}
