import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@strongroom/http';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createScratchPostgresDatabase } from '@strongroom/testkit/postgres-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressService } from '../src/create-express-service.js';
import { readServiceConfig } from '../src/service-config.js';

const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('the Express example', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'strongroom-express-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves the API through Express on embedded PGlite, and keeps its data, keys and house accounts across restarts', async () => {
    const config = readServiceConfig({ STRONGROOM_DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      redisUrl: undefined,
      currencies: ['USD', 'EUR', 'GBP'],
    });
    const first = await createExpressService(config, { logger: silentLogger });
    const url = await first.listen(0, '127.0.0.1');
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { storage: 'ok', kms: 'ok' } });
    const document = (await (await fetch(`${url}/v1/openapi.json`)).json()) as { openapi: string };
    expect(document.openapi).toBe('3.1.0');
    const accountId = first.strongroom.ids.next('acc');
    unwrapOrThrow(
      await first.strongroom.ledger.createAccounts(config.tenantId, [
        {
          id: accountId,
          currency: 'USD',
          code: 1,
          name: 'Kept across restarts',
          type: 'liability',
        },
      ]),
    );
    await first.close();
    // The keyring is private to its owner: it wraps every data key.
    expect((await stat(join(dataDir, 'keys', 'keyring.json'))).mode & 0o777).toBe(0o600);

    const second = await createExpressService(config, { logger: silentLogger });
    try {
      const [account] = unwrapOrThrow(
        await second.strongroom.ledger.lookupAccounts(config.tenantId, [accountId]),
      );
      expect(account?.name).toBe('Kept across restarts');
      // The same house accounts, opened once: disputes keep posting to the reserve they used.
      expect(second.houseAccounts).toEqual(first.houseAccounts);
      const usd = second.houseAccounts.get('USD');
      const house = unwrapOrThrow(
        await second.strongroom.ledger.lookupAccounts(config.tenantId, [
          usd?.reserveAccountId ?? '',
          usd?.feeAccountId ?? '',
          usd?.lossAccountId ?? '',
        ]),
      );
      expect(house.map((houseAccount) => houseAccount?.name)).toEqual([
        'Dispute reserve (USD)',
        'Dispute fees payable (USD)',
        'Chargebacks payable (USD)',
      ]);
    } finally {
      await second.close();
    }
  });

  it('runs on a Postgres server and Redis when DATABASE_URL and REDIS_URL are set', async () => {
    const database = await createScratchPostgresDatabase('sr_express');
    const config = readServiceConfig({
      STRONGROOM_DATA_DIR: join(dataDir, 'server'),
      DATABASE_URL: database.url,
      REDIS_URL,
    });
    const service = await createExpressService(config, { logger: silentLogger });
    try {
      const url = await service.listen(0, '127.0.0.1');
      const ready = await fetch(`${url}/health/ready`);
      expect(await ready.json()).toEqual({
        status: 'ok',
        checks: { storage: 'ok', kms: 'ok', redis: 'ok' },
      });
    } finally {
      await service.close();
      await database.drop();
    }
  });

  it('refuses a malformed PORT', () => {
    expect(() => readServiceConfig({ PORT: 'eighty' })).toThrow('PORT is a TCP port');
  });

  it('reads the dispute currencies and refuses codes that are not ISO 4217', () => {
    expect(readServiceConfig({ STRONGROOM_CURRENCIES: ' USD, JPY ,USD' }).currencies).toEqual([
      'USD',
      'JPY',
    ]);
    expect(() => readServiceConfig({ STRONGROOM_CURRENCIES: 'USD,DOLLARS' })).toThrow(
      'STRONGROOM_CURRENCIES lists 1 to 32 ISO 4217 codes',
    );
    expect(() => readServiceConfig({ STRONGROOM_CURRENCIES: ' , ' })).toThrow(
      'STRONGROOM_CURRENCIES',
    );
  });
});
