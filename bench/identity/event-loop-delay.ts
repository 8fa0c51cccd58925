import { type ELDHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** The sampling timer's period: every sample includes it, so an idle loop reads about 10 ms. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

const NANOSECONDS_PER_MS = 1e6;

function milliseconds(nanoseconds: number): string {
  return (nanoseconds / NANOSECONDS_PER_MS).toFixed(1);
}

/**
 * The event loop's delay over one variant's measured phases, sampled only while they run so that
 * set-up and warm-up stay out, with the loop's utilization (the share of time it ran our code
 * rather than waited) to tell our own work from a busy machine. Each phase gets its own histogram:
 * one re-enabled after `disable()` records the whole pause as its first sample (seen on Node 24),
 * and Node cannot merge event-loop histograms, so a variant's figure is its worst phase.
 */
export class EventLoopDelay {
  readonly #phases: ELDHistogram[] = [];
  readonly #utilizations: number[] = [];

  /** Runs `work` as one sampled phase and returns its result. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.#phases.push(histogram);
    const utilizationStart = performance.eventLoopUtilization();
    histogram.enable();
    try {
      return await work();
    } finally {
      histogram.disable();
      this.#utilizations.push(performance.eventLoopUtilization(utilizationStart).utilization);
    }
  }

  /** The highest p99 of any phase, in milliseconds (NaN before the first sample). */
  p99Ms(): number {
    const values = this.#phases.map((phase) => phase.percentile(99));
    return values.length === 0 ? Number.NaN : Math.max(...values) / NANOSECONDS_PER_MS;
  }

  /** Each phase's p50 / p99 / max, sample count and utilization, for notes. */
  summary(): string {
    const phases = this.#phases.map(
      (phase, index) =>
        `${milliseconds(phase.percentile(50))} / ${milliseconds(phase.percentile(99))} / ${milliseconds(phase.max)} ms (${phase.count}, ${(this.#utilizations[index] ?? Number.NaN).toFixed(2)})`,
    );
    return `per phase p50 / p99 / max (samples, loop utilization): ${phases.join('; ')}`;
  }
}
