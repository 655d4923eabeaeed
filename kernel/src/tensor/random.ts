/**
 * Random tensors from a counter-based generator, Philox-4x32-10 (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC'11). A counter-based generator is a pure
 * function of (key, counter): element i of a call's stream never depends on how many
 * elements were drawn before, on the backend, or on the run, so the same seed gives the
 * same numbers everywhere, and keys split like JAX's for independent per-call streams.
 *
 * Streams are generated on the host and written to the active backend like any data,
 * which is what makes them backend-independent.
 */
import { isDType, isFloat, type DType, type TypedArray } from "./dtype.js";
import { hostTensor, type RandomDistribution, type RandomDraw } from "./engine.js";
import { ArgumentError } from "./errors.js";
import { checkShape, type Shape } from "./shape.js";
import { checkOptions, optionNames } from "./options.js";
import { allocateFor, checkAllocation } from "./allocation.js";
import { hasUnknownBatch } from "./unknown-batch.js";
import type { Tensor } from "./tensor.js";

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit halves). */
function mulHi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = ((aL * bL) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * The Philox-4x32 block function: four uint32 counter words and two key words in, four
 * uint32 words out, written to `out` at `offset`. `rounds` is 10 for Philox-4x32-10.
 * @example philox4x32([0, 0, 0, 0], [0, 0]) // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 */
export function philox4x32(counter: readonly number[], key: readonly number[], rounds = 10, out: Uint32Array = new Uint32Array(4), offset = 0): Uint32Array {
  let c0 = counter[0]! >>> 0;
  let c1 = counter[1]! >>> 0;
  let c2 = counter[2]! >>> 0;
  let c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0;
  let k1 = key[1]! >>> 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulHi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulHi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
  return out;
}

// The last counter word separates the uses of a key, so they never share blocks.
const STREAM = 0;
const SPLIT = 1;
const FOLD = 2;

/**
 * A key for the generator: two uint32 words. Immutable; derive new keys with
 * `splitKey` or `foldIn` instead of reusing one key for unrelated draws.
 * @example const key = randomKey(42); randomNormal([2], { key })
 */
export class RandomKey {
  readonly words: readonly [number, number];
  constructor(k0: number, k1: number) {
    this.words = Object.freeze([k0 >>> 0, k1 >>> 0]) as readonly [number, number];
  }
  toString(): string {
    return `RandomKey(0x${this.words[0].toString(16).padStart(8, "0")}, 0x${this.words[1].toString(16).padStart(8, "0")})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ArgumentError(`${op}: a seed must be a non-negative integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * The key for a seed (JAX's PRNGKey): the seed's low and high 32 bits.
 * @example randomUniform([3], { key: randomKey(0) }) // same numbers on every run
 */
export function randomKey(seed: number): RandomKey {
  checkSeed("randomKey", seed);
  return new RandomKey(seed % 2 ** 32, Math.floor(seed / 2 ** 32));
}

/**
 * `n` new keys derived from `key`, independent of each other and of `key`'s own stream.
 * @example const [a, b] = splitKey(randomKey(0)); // two independent keys
 */
export function splitKey(key: RandomKey, n = 2): RandomKey[] {
  if (!(key instanceof RandomKey)) throw new ArgumentError("splitKey: expected a RandomKey (from randomKey(seed))");
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`splitKey: n must be a non-negative integer, got ${String(n)}`);
  const block = new Uint32Array(4);
  return Array.from({ length: n }, (_, i) => {
    philox4x32([i, 0, 0, SPLIT], key.words, 10, block);
    return new RandomKey(block[0]!, block[1]!);
  });
}

/**
 * A new key derived from `key` and an integer (a step number, a layer index).
 * @example foldIn(randomKey(0), 7) // the key for step 7
 */
export function foldIn(key: RandomKey, data: number): RandomKey {
  if (!(key instanceof RandomKey)) throw new ArgumentError("foldIn: expected a RandomKey (from randomKey(seed))");
  if (!Number.isSafeInteger(data) || data < 0) throw new ArgumentError(`foldIn: data must be a non-negative integer, got ${String(data)}`);
  const block = philox4x32([data % 2 ** 32, Math.floor(data / 2 ** 32), 0, FOLD], key.words);
  return new RandomKey(block[0]!, block[1]!);
}

/**
 * `count` uint32 words of `key`'s stream starting at word `from`: word w comes from block
 * ⌊w/4⌋, whose counter is that block number (64 bits over the first two counter words).
 * @example randomBits(randomKey(0), 4) // the first block of key 0's stream
 */
export function randomBits(key: RandomKey, count: number, from = 0): Uint32Array {
  const out = new Uint32Array(count);
  const block = new Uint32Array(4);
  const first = Math.floor(from / 4);
  const last = Math.floor((from + count - 1) / 4);
  for (let b = first; b <= last && count > 0; b++) {
    philox4x32([b % 2 ** 32, Math.floor(b / 2 ** 32), 0, STREAM], key.words, 10, block);
    for (let j = 0; j < 4; j++) {
      const w = b * 4 + j - from;
      if (w >= 0 && w < count) out[w] = block[j]!;
    }
  }
  return out;
}

/** Reads a key's stream word by word, generating blocks on demand. */
class Stream {
  private block = new Uint32Array(4);
  private blockIndex = -1;
  private word = 0;
  constructor(private readonly key: RandomKey) {}

  next(): number {
    const b = Math.floor(this.word / 4);
    if (b !== this.blockIndex) {
      philox4x32([b % 2 ** 32, Math.floor(b / 2 ** 32), 0, STREAM], this.key.words, 10, this.block);
      this.blockIndex = b;
    }
    return this.block[this.word++ & 3]!;
  }

  /** Uniform in [0, 1) with 53 random bits (two words). */
  float53(): number {
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [0, 1) with 24 random bits (one word): every value is exact in float32. */
  float24(): number {
    return (this.next() >>> 8) / 16777216;
  }

  /** Uniform in (0, 1): never 0, so its logarithm is finite. */
  open(precise: boolean): number {
    return precise ? (Math.floor(this.float53() * 2 ** 52) + 0.5) / 2 ** 52 : ((this.next() >>> 8) + 0.5) / 16777216;
  }
}

// The global state: a key plus a count of the keys handed out, so the n-th call after
// seed(s) always gets foldIn(randomKey(s), n).
const globalState = { key: initialKey(), calls: 0 };

function initialKey(): RandomKey {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return new RandomKey(words[0]!, words[1]!);
}

/**
 * Seeds the global generator: afterwards, every random call without its own key or seed
 * draws the same numbers on every run and every backend.
 * @example seed(42); randomNormal([3]) // the same three numbers after every seed(42)
 */
export function seed(n: number): void {
  globalState.key = randomKey(checkSeed("seed", n));
  globalState.calls = 0;
}

/** Where the global generator stands: its Philox key and how many keys it has handed out. */
export interface RandomState {
  key: [number, number];
  calls: number;
}

/**
 * The global generator's state, as plain data (model.save stores it so training resumes
 * identically, Dropout masks and shuffles included).
 * @example const state = getRandomState(); randomNormal([3]); setRandomState(state); randomNormal([3]) // the same numbers again
 */
export function getRandomState(): RandomState {
  const [a, b] = globalState.key.words;
  return { key: [a!, b!], calls: globalState.calls };
}

/**
 * Puts the global generator back where getRandomState() found it.
 * @example setRandomState(saved.random.generator)
 */
export function setRandomState(state: RandomState): void {
  const ok = state !== null && typeof state === "object" && Array.isArray(state.key) && state.key.length === 2
    && state.key.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) && Number.isSafeInteger(state.calls) && state.calls >= 0;
  if (!ok) throw new ArgumentError(`setRandomState: expected { key: [two uint32 words], calls: a non-negative integer } as getRandomState() gives, got ${JSON.stringify(state)}`);
  globalState.key = new RandomKey(state.key[0], state.key[1]);
  globalState.calls = state.calls;
}

/**
 * The key the next random call without its own key would use, moving the global state
 * on: for code that draws from the stream on the host (data shuffles) and wants to
 * repeat after seed(n) too.
 * @example seed(0); const key = nextKey(); // the same key after every seed(0)
 */
export function nextKey(): RandomKey {
  return foldIn(globalState.key, globalState.calls++);
}

/** Options shared by the random functions: a seed or a key for this call only, and a dtype. */
export interface RandomOptions {
  /** Uses randomKey(seed) for this call; the global state does not move. */
  seed?: number;
  /**
   * Uses this key for this call; the global state does not move. A function is called when
   * the values are drawn: at each run of a graph traced by jit() (a layer's per-call key).
   */
  key?: RandomKey | (() => RandomKey);
  dtype?: DType;
}

function keyFor(op: string, options: RandomOptions): RandomKey {
  if (options.seed !== undefined && options.key !== undefined) throw new ArgumentError(`${op}: give a seed or a key, not both`);
  if (options.key !== undefined) {
    if (typeof options.key === "function") return options.key();
    if (!(options.key instanceof RandomKey)) throw new ArgumentError(`${op}: key must be a RandomKey (from randomKey(seed) or splitKey), got ${String(options.key)}`);
    return options.key;
  }
  if (options.seed !== undefined) return randomKey(checkSeed(op, options.seed));
  return nextKey();
}

const randomOptionNames = optionNames<RandomOptions>({ seed: true, key: true, dtype: true });

/**
 * The shape, checked, after refusing option names other than seed, key, dtype and `extra`,
 * and a shape whose tensor cannot fit (MemoryError).
 */
function checkedShape(op: string, shape: readonly number[], dtype: DType, options: object, extra: readonly string[] = []): number[] {
  checkOptions(op, options, [...randomOptionNames, ...extra]);
  checkShape(op, shape);
  // A shape with the unknown batch dimension (graph mode) is checked when the batch size is known, at the draw.
  if (!hasUnknownBatch(shape)) checkAllocation(op, shape, dtype);
  return [...shape];
}

function floatDType(op: string, dtype: DType | undefined): DType {
  const d = dtype ?? "float32";
  if (!isDType(d) || !isFloat(d)) throw new ArgumentError(`${op}: dtype must be float32 or float64, got ${JSON.stringify(d)}`);
  return d;
}

function finite(op: string, name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ArgumentError(`${op}: ${name} must be a finite number, got ${String(value)}`);
  return value;
}

/**
 * Uniform values in [min, max) (default [0, 1)). An int32 dtype gives integers, as randomInt.
 * @example randomUniform([2, 2], { min: -1, max: 1, seed: 0 })
 */
export function randomUniform(shape: readonly number[], options: RandomOptions & { min?: number; max?: number } = {}): Tensor {
  const min = finite("randomUniform", "min", options.min ?? 0);
  const max = finite("randomUniform", "max", options.max ?? 1);
  if (options.dtype === "int32") {
    checkOptions("randomUniform", options, [...randomOptionNames, "min", "max"]);
    const { min: _min, max: _max, ...random } = options;
    return randomInt(shape, min, max, random);
  }
  const dtype = floatDType("randomUniform", options.dtype);
  if (!(min < max)) throw new ArgumentError(`randomUniform: min must be less than max, got min ${min} and max ${max}`);
  const s = checkedShape("randomUniform", shape, dtype, options, ["min", "max"]);
  return drawn("randomUniform", s, dtype, { min, max }, options);
}

/** The largest value of `dtype` below x. */
function below(x: number, dtype: DType): number {
  const buffer = dtype === "float32" ? new Float32Array([x]) : new Float64Array([x]);
  const bits = dtype === "float32" ? new Int32Array(buffer.buffer) : new BigInt64Array(buffer.buffer);
  if (bits instanceof Int32Array) bits[0] = x > 0 ? bits[0]! - 1 : x < 0 ? bits[0]! + 1 : -0x7fffffff;
  else bits[0] = x > 0 ? bits[0]! - 1n : x < 0 ? bits[0]! + 1n : -0x7fffffffffffffffn;
  return buffer[0]!;
}

/**
 * Uniform integers in [min, max), as int32.
 * @example randomInt([5], 0, 10, { seed: 1 }) // five digits
 */
export function randomInt(shape: readonly number[], min: number, max: number, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < -(2 ** 31) || max > 2 ** 31) {
    throw new ArgumentError(`randomInt: min and max must be integers in the int32 range, got ${String(min)} and ${String(max)}`);
  }
  if (!(min < max)) throw new ArgumentError(`randomInt: min must be less than max, got min ${min} and max ${max}`);
  if (options.dtype !== undefined && options.dtype !== "int32") throw new ArgumentError(`randomInt: dtype must be int32, got ${JSON.stringify(options.dtype)}`);
  const s = checkedShape("randomInt", shape, "int32", options);
  return drawn("randomInt", s, "int32", { min, max }, options);
}

/** Fills `values` with standard normals from the stream, by Box-Muller on pairs of uniforms. */
function fillStandardNormal(stream: Stream, values: Float64Array, precise: boolean): void {
  for (let i = 0; i < values.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(stream.open(precise)));
    const angle = 2 * Math.PI * (precise ? stream.float53() : stream.float24());
    values[i] = radius * Math.cos(angle);
    if (i + 1 < values.length) values[i + 1] = radius * Math.sin(angle);
  }
}

/**
 * Normal values with the given mean and standard deviation (Box-Muller over the stream).
 * @example randomNormal([1000], { mean: 5, stddev: 2, seed: 0 })
 */
export function randomNormal(shape: readonly number[], options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  const { mean, stddev, dtype } = normalParameters("randomNormal", options);
  const s = checkedShape("randomNormal", shape, dtype, options, ["mean", "stddev"]);
  return drawn("randomNormal", s, dtype, { mean, stddev }, options);
}

function normalParameters(op: string, options: RandomOptions & { mean?: number; stddev?: number }): { mean: number; stddev: number; dtype: DType } {
  const mean = finite(op, "mean", options.mean ?? 0);
  const stddev = finite(op, "stddev", options.stddev ?? 1);
  if (stddev < 0) throw new ArgumentError(`${op}: stddev must be non-negative, got ${stddev}`);
  return { mean, stddev, dtype: floatDType(op, options.dtype) };
}

/**
 * Normal values, where any draw more than 2 standard deviations from the mean is dropped
 * and drawn again (TensorFlow's truncated_normal): the usual weight initialiser.
 * @example truncatedNormal([3, 3], { stddev: 0.1, seed: 0 }) // every |value| ≤ 0.2
 */
export function truncatedNormal(shape: readonly number[], options: RandomOptions & { mean?: number; stddev?: number } = {}): Tensor {
  const { mean, stddev, dtype } = normalParameters("truncatedNormal", options);
  const s = checkedShape("truncatedNormal", shape, dtype, options, ["mean", "stddev"]);
  return drawn("truncatedNormal", s, dtype, { mean, stddev }, options);
}

/**
 * Independent draws that are 1 (true) with probability p, else 0; bool by default.
 * @example bernoulli([10], 0.3, { seed: 0 }) // about three trues
 */
export function bernoulli(shape: readonly number[], p: number, options: RandomOptions = {}): Tensor {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new ArgumentError(`bernoulli: p must be a probability in [0, 1], got ${String(p)}`);
  const dtype = options.dtype ?? "bool";
  if (!isDType(dtype)) throw new ArgumentError(`bernoulli: unknown dtype ${JSON.stringify(dtype)}; expected bool, int32, float32 or float64`);
  const s = checkedShape("bernoulli", shape, dtype, options);
  return drawn("bernoulli", s, dtype, { p }, options);
}

/**
 * A random ordering of 0 … n−1 (int32), by Fisher-Yates over the stream.
 * @example permutation(5, { seed: 0 }).arraySync() // e.g. [3, 0, 4, 1, 2]
 */
export function permutation(n: number, options: Omit<RandomOptions, "dtype"> = {}): Tensor {
  checkPermutationSize(n);
  return drawn("permutation", [n], "int32", {}, options);
}

/**
 * The values of permutation(n) as a plain array, drawn on the host (no tensor, no backend).
 * @example permutationValues(4, { seed: 0 }) // Int32Array [2, 0, 3, 1] (e.g.)
 */
export function permutationValues(n: number, options: Omit<RandomOptions, "dtype"> = {}): Int32Array {
  checkPermutationSize(n);
  return shuffled(new Stream(keyFor("permutation", options)), n);
}

function checkPermutationSize(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new ArgumentError(`permutation: n must be a non-negative integer, got ${String(n)}`);
}

/** 0 … n−1 in an order drawn from the stream (Fisher-Yates). */
function shuffled(stream: Stream, n: number): Int32Array {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(stream.float53() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}

/** The random functions whose draws a graph can save: each makes a filler of values from its parameters. */
const DRAWS: Record<RandomDistribution, (params: Readonly<Record<string, number>>, dtype: DType) => (stream: Stream, shape: Shape) => TypedArray> = {
  randomUniform: ({ min, max }, dtype) => (stream, shape) => {
    const values = allocateFor("randomUniform", shape, dtype);
    const precise = dtype === "float64";
    for (let i = 0; i < values.length; i++) {
      values[i] = min! + (max! - min!) * (precise ? stream.float53() : stream.float24());
      // Rounding to float32 (or min + width·u in float64) can reach max; the interval is half-open.
      if (values[i]! >= max!) values[i] = below(max!, dtype);
    }
    return values;
  },
  randomInt: ({ min, max }) => (stream, shape) => {
    const values = allocateFor("randomInt", shape, "int32");
    // 53 random bits per value: the bias of the floor is below range / 2^53.
    for (let i = 0; i < values.length; i++) values[i] = min! + Math.floor(stream.float53() * (max! - min!));
    return values;
  },
  randomNormal: ({ mean, stddev }, dtype) => (stream, shape) => {
    const values = allocateFor("randomNormal", shape, dtype);
    const z = new Float64Array(values.length);
    fillStandardNormal(stream, z, dtype === "float64");
    for (let i = 0; i < z.length; i++) values[i] = mean! + stddev! * z[i]!;
    return values;
  },
  truncatedNormal: ({ mean, stddev }, dtype) => (stream, shape) => {
    const values = allocateFor("truncatedNormal", shape, dtype);
    const pair = new Float64Array(2);
    const precise = dtype === "float64";
    let filled = 0;
    // About 95% of draws are kept, so this ends after about 1.05·size draws.
    while (filled < values.length) {
      fillStandardNormal(stream, pair, precise);
      for (let j = 0; j < 2 && filled < values.length; j++) {
        if (Math.abs(pair[j]!) <= 2) values[filled++] = mean! + stddev! * pair[j]!;
      }
    }
    return values;
  },
  bernoulli: ({ p }, dtype) => (stream, shape) => {
    const values = allocateFor("bernoulli", shape, dtype);
    // p is compared at 32-bit resolution: p = 1 always gives 1, p = 0 always 0.
    for (let i = 0; i < values.length; i++) values[i] = (stream.next() + 0.5) / 2 ** 32 < p! ? 1 : 0;
    return values;
  },
  permutation: () => (stream, shape) => shuffled(stream, shape[0]!),
};

/**
 * A random tensor drawn at each call, or at each run of a graph that jit() traced; the graph
 * keeps the draw as data (distribution, parameters, fixed key) so that it can be saved.
 */
function drawn(distribution: RandomDistribution, shape: Shape, dtype: DType, params: Record<string, number>, options: RandomOptions): Tensor {
  const fill = DRAWS[distribution](params, dtype);
  const fixed = options.seed !== undefined || options.key instanceof RandomKey ? keyFor(distribution, options) : undefined;
  const random: RandomDraw = { distribution, params, key: fixed ? [...fixed.words] : null };
  return hostTensor(shape, dtype, (s) => fill(new Stream(keyFor(distribution, options)), s), distribution, random);
}

/**
 * The values of a saved random draw, made again: a fixed key gives the same values at every
 * call, no key a fresh one from the global generator each time (as an unseeded call would).
 * @example const produce = randomProducer({ distribution: "bernoulli", params: { p: 0.5 }, key: null }, "float32"); produce([2, 3])
 */
export function randomProducer(random: RandomDraw, dtype: DType): (shape: Shape) => TypedArray {
  const make = Object.hasOwn(DRAWS, random.distribution) ? DRAWS[random.distribution] : undefined;
  if (!make) throw new ArgumentError(`random: unknown distribution ${JSON.stringify(random.distribution)}; expected one of ${Object.keys(DRAWS).join(", ")}`);
  const fill = make(random.params, dtype);
  const key = random.key === null ? undefined : new RandomKey(random.key[0], random.key[1]);
  return (shape) => fill(new Stream(key ?? nextKey()), shape);
}
