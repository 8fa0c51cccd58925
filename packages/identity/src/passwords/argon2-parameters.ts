import { assert } from '@strongroom/kernel';

/** The cost of an argon2id hash, as its PHC string records it (`m=…,t=…,p=…`). */
export interface Argon2Parameters {
  /** Memory in KiB (`m`). */
  readonly memoryKib: number;
  /** Passes over the memory (`t`). */
  readonly passes: number;
  /** Lanes computed in parallel (`p`). */
  readonly parallelism: number;
}

/**
 * The default: OWASP Password Storage Cheat Sheet, argon2id minimum configuration (19 MiB, two
 * passes, one lane).
 */
export const ARGON2_OWASP_PARAMETERS: Argon2Parameters = Object.freeze({
  memoryKib: 19_456,
  passes: 2,
  parallelism: 1,
});

/**
 * The five argon2id configurations the OWASP Password Storage Cheat Sheet lists as equally strong
 * (memory traded against passes). A hasher takes any parameters at least as strong as one of them.
 */
export const ARGON2_OWASP_CONFIGURATIONS: readonly Argon2Parameters[] = Object.freeze([
  Object.freeze({ memoryKib: 47_104, passes: 1, parallelism: 1 }),
  ARGON2_OWASP_PARAMETERS,
  Object.freeze({ memoryKib: 12_288, passes: 3, parallelism: 1 }),
  Object.freeze({ memoryKib: 9_216, passes: 4, parallelism: 1 }),
  Object.freeze({ memoryKib: 7_168, passes: 5, parallelism: 1 }),
]);

/** The most memory a stored hash may ask for (1 GiB): a larger value is refused, not computed. */
export const ARGON2_MEMORY_KIB_MAX = 1_048_576;
/** The most passes a stored hash may ask for. */
export const ARGON2_PASSES_MAX = 32;
/** The most lanes a stored hash may ask for. */
export const ARGON2_PARALLELISM_MAX = 16;
/**
 * The least memory a hasher accepts with `allowWeakParameters` (tests only, so suites stay fast
 * while still running the real argon2id); one pass and one lane are then allowed too.
 */
export const ARGON2_WEAK_MEMORY_KIB_MIN = 1024;
/** Salt bytes of a new hash (RFC 9106 §3.1 recommends 16). */
export const ARGON2_SALT_BYTES = 16;
/** Fewest salt bytes a stored hash may have. */
export const ARGON2_SALT_BYTES_MIN = 16;
/** Most salt bytes a stored hash may have. */
export const ARGON2_SALT_BYTES_MAX = 64;
/** Tag (hash) bytes of a new hash. */
export const ARGON2_TAG_BYTES = 32;
/** Fewest tag bytes a stored hash may have. */
export const ARGON2_TAG_BYTES_MIN = 16;
/** Most tag bytes a stored hash may have. */
export const ARGON2_TAG_BYTES_MAX = 64;

function isIntegerWithin(value: number, minimum: number, maximum: number): boolean {
  return Number.isInteger(value) && value >= minimum && value <= maximum;
}

/**
 * True when argon2 can run these parameters (RFC 9106 §3.1: at least one pass and lane, at least
 * 8 KiB per lane) and they stay within this package's limits.
 */
export function isArgon2ParametersInRange(parameters: Argon2Parameters): boolean {
  const { memoryKib, passes, parallelism } = parameters;
  return (
    isIntegerWithin(parallelism, 1, ARGON2_PARALLELISM_MAX) &&
    isIntegerWithin(passes, 1, ARGON2_PASSES_MAX) &&
    isIntegerWithin(memoryKib, 8 * parallelism, ARGON2_MEMORY_KIB_MAX)
  );
}

/** True when the parameters are at least as strong as one of OWASP's configurations. */
export function meetsOwaspMinimum(parameters: Argon2Parameters): boolean {
  return ARGON2_OWASP_CONFIGURATIONS.some(
    (minimum) =>
      parameters.memoryKib >= minimum.memoryKib &&
      parameters.passes >= minimum.passes &&
      parameters.parallelism >= minimum.parallelism,
  );
}

/** True when both describe the same cost. */
export function sameArgon2Parameters(a: Argon2Parameters, b: Argon2Parameters): boolean {
  return a.memoryKib === b.memoryKib && a.passes === b.passes && a.parallelism === b.parallelism;
}

/**
 * Asserts that a hasher may be configured with these parameters: in range and, unless
 * `allowWeakParameters` (tests only), at least OWASP's minimum; weak ones still need
 * {@link ARGON2_WEAK_MEMORY_KIB_MIN} KiB.
 */
export function assertHasherParameters(
  parameters: Argon2Parameters,
  allowWeakParameters: boolean,
): void {
  assert(isArgon2ParametersInRange(parameters), 'argon2 parameters are out of range');
  assert(
    allowWeakParameters
      ? parameters.memoryKib >= ARGON2_WEAK_MEMORY_KIB_MIN
      : meetsOwaspMinimum(parameters),
    'argon2 parameters are below the OWASP minimum (allowWeakParameters is for tests only)',
  );
}
