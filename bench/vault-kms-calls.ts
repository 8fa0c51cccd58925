import { unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  type DataKeyCache,
  type DataKeyCacheStats,
  noDataKeyCache,
  VAULT_DATA_KEY_CACHE_DEFAULTS,
} from '@strongroom/vault';
import { type BenchScale, benchTenant, type Metric, progress } from './harness.js';
import {
  BENCH_PRINCIPAL,
  benchCard,
  createBenchVault,
  type KmsCallCounts,
  PanSerials,
} from './vault-setup.js';

const PER = 100_000;
// Concurrent callers: enough to overlap the async crypto, few enough to keep memory transactions
// from conflicting much (conflicts retry the transaction only, never the KMS calls before it).
const CALLERS = 4;

interface KmsCount {
  readonly stats: DataKeyCacheStats;
  readonly calls: KmsCallCounts;
  readonly seconds: number;
}

// Tokenizes `tokenizations` distinct cards on a fresh memory storage and counts the KMS calls.
async function countKmsCalls(tokenizations: number, cache?: DataKeyCache): Promise<KmsCount> {
  const storage = createMemoryStorage();
  const bench = await createBenchVault(storage, cache);
  const tenantId = benchTenant('bench-vault-kms');
  const serials = new PanSerials();
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        for (let serial = serials.next(); serial < tokenizations; serial = serials.next()) {
          const card = unwrapOrThrow(
            await bench.vault.cards.tokenize(tenantId, BENCH_PRINCIPAL, benchCard(serial)),
          );
          if (card.deduplicated) throw new Error('a benchmark card was deduplicated');
        }
      }),
    );
    return {
      stats: bench.vault.dataKeyCache.stats(),
      calls: { ...bench.kmsCalls },
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    await bench.close();
    await storage.close();
  }
}

// Every call that reached the KMS, whatever the operation.
function wrapperTotal(calls: KmsCallCounts): number {
  return calls.generateDataKey + calls.unwrap + calls.wrap + calls.rewrap + calls.describe;
}

function breakdown(calls: KmsCallCounts): string {
  return `generateDataKey ${calls.generateDataKey}, unwrap ${calls.unwrap}, wrap ${calls.wrap}, rewrap ${calls.rewrap}, describe ${calls.describe}`;
}

// The ratio column rounds 20 / 200,000 to 0.00; the note says how many times fewer.
function fewer(count: KmsCount, baseline: KmsCount | undefined): string {
  if (baseline === undefined || count.stats.kmsCalls === 0) return '';
  const times = baseline.stats.kmsCalls / count.stats.kmsCalls;
  return `, ${times.toLocaleString('en-US', { maximumFractionDigits: 0 })}× fewer than without`;
}

/**
 * Benchmark 5 (issue #10): KMS calls per 100,000 tokenizations with the vault's default data-key
 * cache and with `noDataKeyCache()`, on memory storage (it counts calls, not database work).
 * Counted twice: by the cache's own `stats().kmsCalls` and by a counting wrapper around the KMS.
 * The small scale tokenizes fewer cards and extrapolates to 100,000.
 */
export async function benchVaultKmsCalls(scale: BenchScale): Promise<Metric[]> {
  const tokenizations = scale.vaultKmsTokenizations;
  const factor = PER / tokenizations;
  progress(`vault KMS calls: ${tokenizations} tokenizations, default cache`);
  const cached = await countKmsCalls(tokenizations);
  progress(`vault KMS calls: ${tokenizations} tokenizations, no cache`);
  const uncached = await countKmsCalls(tokenizations, noDataKeyCache());
  const scaled =
    tokenizations === PER
      ? `${PER.toLocaleString('en-US')} tokenizations counted`
      : `${tokenizations.toLocaleString('en-US')} tokenizations counted, extrapolated ×${factor}`;
  const limits = `maxMessages ${VAULT_DATA_KEY_CACHE_DEFAULTS.maxMessages.toLocaleString('en-US')}, maxAgeMs ${VAULT_DATA_KEY_CACHE_DEFAULTS.maxAgeMs}`;
  const row = (count: KmsCount, label: string, baseline: KmsCount | undefined): Metric[] => {
    const stats = count.stats.kmsCalls * factor;
    const wrapper = wrapperTotal(count.calls) * factor;
    return [
      {
        name: `vault: KMS calls per 100,000 tokenizations, ${label}`,
        value: stats,
        unit: 'calls',
        ...(baseline === undefined
          ? {}
          : {
              baseline: {
                label: 'no data-key cache',
                value: baseline.stats.kmsCalls * factor,
              },
              ratio: stats / (baseline.stats.kmsCalls * factor),
            }),
        note: `dataKeyCache.stats().kmsCalls (hits ${count.stats.hits}, misses ${count.stats.misses})${fewer(count, baseline)}; ${scaled}; 2 envelopes per card (PAN, name); memory storage, ${CALLERS} callers, ${count.seconds.toFixed(1)} s`,
      },
      {
        name: `vault: KMS calls per 100,000 tokenizations, ${label}, counting KMS wrapper`,
        value: wrapper,
        unit: 'calls',
        baseline: { label: 'dataKeyCache.stats().kmsCalls', value: stats },
        ratio: wrapper / stats,
        note: `every call reaching the KMS, counted outside the vault: ${breakdown(count.calls)}`,
      },
    ];
  };
  return [
    ...row(cached, `default data-key cache (${limits})`, uncached),
    ...row(uncached, 'noDataKeyCache()', undefined),
  ];
}
