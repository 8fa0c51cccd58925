import { assert } from '@strongroom/kernel';

// 2^32, the size of one draw.
const UINT32_RANGE = 0x1_0000_0000;

/**
 * The simulator's only source of randomness: sfc32, Chris Doty-Humphrey's "small fast counting"
 * generator from PractRand (public domain), written from its published definition and seeded as
 * PractRand seeds it (a = 0, b = low half, c = high half of a 64-bit seed, counter = 1, then 12
 * outputs discarded). Every choice of a run comes from one of these, so a run replays exactly
 * from its seed. Not for anything secret.
 */
export class SimulatorRandom {
  #a: number;
  #b: number;
  #c: number;
  #counter: number;

  /** A generator for a 32-bit unsigned seed. */
  constructor(seed: number) {
    assert(Number.isInteger(seed) && seed >= 0 && seed < UINT32_RANGE, 'seeds are 32-bit');
    this.#a = 0;
    this.#b = seed | 0;
    this.#c = 0;
    this.#counter = 1;
    for (let warmUp = 0; warmUp < 12; warmUp += 1) this.uint32();
  }

  /** The next 32-bit unsigned draw. */
  uint32(): number {
    const result = (this.#a + this.#b + this.#counter) | 0;
    this.#counter = (this.#counter + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + result) | 0;
    return result >>> 0;
  }

  /** A uniform integer in `[0, count)`, without modulo bias (rejection sampling). */
  below(count: number): number {
    assert(Number.isInteger(count) && count >= 1 && count <= UINT32_RANGE, 'count is 1..2^32');
    const limit = UINT32_RANGE - (UINT32_RANGE % count);
    for (;;) {
      const draw = this.uint32();
      if (draw < limit) return draw % count;
    }
  }

  /** A uniform integer in `[minimum, maximum]`. */
  integer(minimum: number, maximum: number): number {
    assert(maximum >= minimum, 'an integer range is ordered');
    return minimum + this.below(maximum - minimum + 1);
  }

  /** A uniform bigint in `[minimum, maximum]`; the range must fit one draw. */
  bigint(minimum: bigint, maximum: bigint): bigint {
    const span = maximum - minimum + 1n;
    assert(span >= 1n && span <= BigInt(UINT32_RANGE), 'a bigint range fits one draw');
    return minimum + BigInt(this.below(Number(span)));
  }

  /** True with `probability` (0..1). */
  chance(probability: number): boolean {
    return this.uint32() < probability * UINT32_RANGE;
  }

  /** One of `items`, uniformly. */
  pick<Item>(items: readonly Item[]): Item {
    assert(items.length > 0, 'pick needs at least one item');
    return items[this.below(items.length)] as Item;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<Key extends string>(weights: Readonly<Record<Key, number>>): Key {
    const entries = Object.entries(weights) as [Key, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    assert(total > 0, 'weights add up to more than 0');
    let draw = (this.uint32() / UINT32_RANGE) * total;
    for (const [key, weight] of entries) {
      if (draw < weight) return key;
      draw -= weight;
    }
    return (entries.at(-1) as [Key, number])[0];
  }

  /**
   * An independent stream seeded from this one. Each client and each fault injector draws from
   * its own stream, so the draws of one do not shift when another's interleaving changes.
   */
  fork(): SimulatorRandom {
    return new SimulatorRandom(this.uint32());
  }
}
