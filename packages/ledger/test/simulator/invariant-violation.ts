/** A broken invariant found by the simulator's model or checker. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/** Throws an {@link InvariantViolation} unless `condition` holds. */
export function expectInvariant(condition: boolean, detail: () => string): asserts condition {
  if (!condition) throw new InvariantViolation(detail());
}

/** A violation with the seed and step that replay it, so a failing run can be reproduced. */
export class SimulationFailure extends Error {
  override readonly name = 'SimulationFailure';
  readonly seed: number;
  readonly step: number;

  constructor(seed: number, step: number, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `simulator seed ${seed}, step ${step}: ${detail}\n` +
        `replay: SIMULATOR_SEED=${seed} SIMULATOR_STEPS=${step} ` +
        'pnpm exec vitest run --project ledger test/simulator',
      { cause },
    );
    this.seed = seed;
    this.step = step;
  }
}
