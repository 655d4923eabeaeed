// Random numbers for the data pipeline (splits, shuffles, synthetic sets), on the library's
// counter-based Philox generator. An unseeded call takes its seed from the global stream,
// so after seed(n) the whole data pipeline repeats too.
import { getBackend } from "../tensor/engine.js";
import { ArgumentError } from "../tensor/errors.js";
import { foldIn, philox4x32, randomInt, randomKey, type RandomKey } from "../tensor/random.js";

/**
 * A seed for the `k`-th use of `seed` (pass k of a shuffle, the second half of a split):
 * deterministic, and unrelated for different k.
 * @example deriveSeed(42, 1) !== deriveSeed(42, 2)
 */
export function deriveSeed(seed: number, k: number): number {
  return foldIn(randomKey(seed), k).words[0];
}

/**
 * Checks a user's seed, or, when none was given, draws one from the global generator
 * (random per run, repeatable after `seed(n)`).
 */
export function resolveSeed(where: string, seed: number | undefined): number {
  if (seed === undefined) {
    // tensor/random.ts keeps its global key private, so draw through it. A backend without
    // synchronous reads (WebGPU) falls back to an unrepeatable seed.
    if (!getBackend().canReadSync) return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
    const draw = randomInt([], 0, 2 ** 31 - 1);
    const value = draw.item();
    draw.dispose();
    return value;
  }
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ArgumentError(`${where}: seed must be a non-negative integer, got ${seed}`);
  return seed;
}

/**
 * Seeded uniform and normal numbers, integers and permutations: a host-side reader of the
 * Philox stream of `randomKey(seed)`.
 * @example
 * const random = new SeededRandom(7);
 * random.uniform();          // in [0, 1)
 * random.permutation(5);     // Int32Array, e.g. [3, 0, 4, 1, 2]
 */
export class SeededRandom {
  private readonly key: RandomKey;
  private readonly block = new Uint32Array(4);
  private blockIndex = -1;
  private word = 0;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.key = randomKey(seed);
  }

  private nextWord(): number {
    const b = Math.floor(this.word / 4);
    if (b !== this.blockIndex) {
      // Counter word 3 = 0 is the key's plain stream, as in tensor/random.ts.
      philox4x32([b % 2 ** 32, Math.floor(b / 2 ** 32), 0, 0], this.key.words, 10, this.block);
      this.blockIndex = b;
    }
    return this.block[this.word++ & 3]!;
  }

  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number {
    const a = this.nextWord() >>> 5;
    const b = this.nextWord() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal number (Box–Muller, both halves used). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.uniform(); // in (0, 1]: the logarithm stays finite
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return this.shuffle(order);
  }
}
