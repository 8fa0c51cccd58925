import { createPostgresStorage } from '@strongroom/postgres';
import { createBenchDatabase } from './database.js';
import { benchTenant, runWorkers } from './harness.js';
import { createBenchLedgers, benchTransfer } from './ledger-setup.js';
import { unwrapOrThrow } from '@strongroom/kernel';
const db = await createBenchDatabase();
const mk = () => createPostgresStorage({ connectionString: db.connectionString, maxConnections: 40 });
const res: Record<string, number[]> = {};
// two storages: connections are named per client, so switch storages rather than env mid-run
process.env.SR_NAMED = '1'; const namedStorage = mk(); const named = await createBenchLedgers(namedStorage, benchTenant('ab'));
const plainStorage = mk();
const tenant = named.tenantId;
for (const [label, c] of [['c1', 1], ['c8', 8], ['c32', 32]] as const) {
  for (let round = 0; round < 6; round++) {
    const useNamed = round % 2 === 0;
    process.env.SR_NAMED = useNamed ? '1' : '0';
    const ledger = useNamed ? named.plain : named.plain; // same ledger object; storage differs below
    const op = async () => { unwrapOrThrow(await ledger.createTransfer(tenant, benchTransfer(named, 'uniform'))); };
    await runWorkers(c, 300, op);
    const { ops, seconds } = await runWorkers(c, 1500, op);
    (res[`single ${label} ${useNamed ? 'named' : 'plain'}`] ??= []).push(ops / seconds);
  }
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(22), v.map((x) => x.toFixed(0)).join(' '), ' mean', (v.reduce((a, b) => a + b) / v.length).toFixed(0));
await namedStorage.close(); await plainStorage.close(); await db.drop();
