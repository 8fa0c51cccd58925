/**
 * The dispute engines the commands run on: `createDisputes` with `autoBatch: false` (one
 * transaction per command), and as a host gets it by default (group commit: concurrent commands
 * of a tenant share a transaction).
 */
export const COMMAND_ENGINES = ['one_commit_each', 'group_commit'] as const;

/** One of {@link COMMAND_ENGINES}. */
export type CommandEngine = (typeof COMMAND_ENGINES)[number];

/** What a dispute variant's calls do: open chargebacks, or move open ones on. */
export const DISPUTE_OPERATIONS = ['create', 'transition'] as const;

/** One of {@link DISPUTE_OPERATIONS}. */
export type DisputeOperation = (typeof DISPUTE_OPERATIONS)[number];

// The one-commit-each names are the rows' names from before group commit, kept for comparison.
const VARIANT_NAMES = {
  one_commit_each: { create: 'create', transition: 'transition' },
  group_commit: { create: 'create_group_commit', transition: 'transition_group_commit' },
} as const satisfies Record<CommandEngine, Record<DisputeOperation, string>>;

/** A dispute command variant: one operation on one engine. */
export type DisputeVariant = (typeof VARIANT_NAMES)[CommandEngine][DisputeOperation];

/** What one measured call does: a dispute command variant, or the bare INSERT baseline. */
export type CommandVariant = DisputeVariant | 'bare_insert';

/** The engine and operation a dispute variant runs. */
export interface VariantPlan {
  readonly engine: CommandEngine;
  readonly operation: DisputeOperation;
}

const PLANS = new Map<DisputeVariant, VariantPlan>(
  COMMAND_ENGINES.flatMap((engine) =>
    DISPUTE_OPERATIONS.map((operation) => [
      VARIANT_NAMES[engine][operation],
      { engine, operation },
    ]),
  ),
);

/** The dispute variants in report order: each operation one commit each, then group commit. */
export const DISPUTE_VARIANTS: readonly DisputeVariant[] = DISPUTE_OPERATIONS.flatMap((operation) =>
  COMMAND_ENGINES.map((engine) => VARIANT_NAMES[engine][operation]),
);

/**
 * Every variant in the order of the first round (each engine's creates before the transitions,
 * which need the rate of creates, then the bare INSERT); odd rounds run it reversed.
 */
export const COMMAND_VARIANTS: readonly CommandVariant[] = [...DISPUTE_VARIANTS, 'bare_insert'];

/** The variant running `operation` on `engine`. */
export function variantOf(engine: CommandEngine, operation: DisputeOperation): DisputeVariant {
  return VARIANT_NAMES[engine][operation];
}

/** The engine and operation of `variant`. */
export function planOf(variant: DisputeVariant): VariantPlan {
  const plan = PLANS.get(variant);
  if (plan === undefined) throw new Error(`no plan for the dispute variant ${variant}`);
  return plan;
}
