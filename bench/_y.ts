import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { createPostgresStorage } from '@strongroom/postgres';
import { createBenchDatabase } from './database.js';
import { benchTenant, runWorkers } from './harness.js';
import { createBenchIdentityHost, registerBenchUsers, workerAddress } from './identity/identity-setup.js';
import { unwrapOrThrow } from '@strongroom/kernel';
const db = await createBenchDatabase();
const storage = createPostgresStorage({ connectionString: db.connectionString, maxConnections: 20 });
const host = await createBenchIdentityHost(storage);
const fast = process.env.ARGON === '1' ? createArgon2PasswordHasher() : createArgon2PasswordHasher({ memoryKib: 1024, passes: 1, parallelism: 1 }, { allowWeakParameters: true });
const identity = host.identity(fast);
const tenantId = benchTenant('bench-identity');
const users = await registerBenchUsers(host, identity, tenantId, 64, 16);
const login = async (worker: number) => {
  const user = users[Math.floor(Math.random() * users.length)]!;
  const r = unwrapOrThrow(await identity.login({ tenantId, email: user.email, password: user.password, device: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) StrongroomBench/1.0' }, clientAddress: workerAddress(worker) }));
  if (r.status !== 'signed_in') throw new Error('mfa');
};
const res: Record<string, number[]> = {};
for (let round = 0; round < 6; round++) {
  const useNamed = round % 2 === 0;
  process.env.SR_NAMED = useNamed ? '1' : '0';
  await runWorkers(16, 300, login);
  const { ops, seconds } = await runWorkers(16, 2500, login);
  (res[useNamed ? 'named' : 'plain'] ??= []).push(ops / seconds);
}
for (const [k, v] of Object.entries(res)) console.log('login', k.padEnd(8), v.map((x) => x.toFixed(1)).join(' '), ' mean', (v.reduce((a, b) => a + b) / v.length).toFixed(1));
await host.close(); await storage.close(); await db.drop();
