import { metrics } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_BACKENDS } from './support/http-backends.js';
import { type HttpHarness, startHttpHarness } from './support/http-harness.js';

/** A reader the test collects from when it wants, as a host's exporter would on its schedule. */
class CollectingReader extends MetricReader {
  protected override onForceFlush = async () => undefined;
  protected override onShutdown = async () => undefined;
}

const memory = HTTP_BACKENDS.find((backend) => backend.name === 'memory');
if (memory === undefined) throw new Error('the memory backend is listed');

describe('OpenTelemetry metrics', () => {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  let harness: HttpHarness;
  beforeAll(async () => {
    // Installed before the API is built, as a host installs its SDK at startup.
    metrics.setGlobalMeterProvider(provider);
    harness = await startHttpHarness(memory);
  });
  afterAll(async () => {
    await harness.close();
    await provider.shutdown();
    metrics.disable();
  });

  it('records http.server.request.duration by method, route pattern and status', async () => {
    await harness.request('GET', '/health/live');
    await harness.request('GET', '/health/live');
    await harness.request('GET', '/v1/no-such-route');
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === 'http.server.request.duration');
    expect(metric?.descriptor.unit).toBe('s');
    expect(metric?.dataPointType).toBe(DataPointType.HISTOGRAM);
    const points = (metric?.dataPoints ?? []).map((point) => ({
      attributes: point.attributes,
      count: (point.value as { count: number }).count,
    }));
    expect(points).toContainEqual({
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/health/live',
        'http.response.status_code': 200,
      },
      count: 2,
    });
    // An unknown path is recorded under the catch-all route, never under the raw path, so a
    // scanner cannot blow up the metric's cardinality.
    const notFound = points.find((point) => point.attributes['http.response.status_code'] === 404);
    expect(notFound?.attributes['http.route']).not.toBe('/v1/no-such-route');
  });
});
