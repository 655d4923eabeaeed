/**
 * Search spaces for sweep(): lists of values (grid or random) and distributions (random
 * only), enumerated deterministically from a seed.
 */
import { ArgumentError } from "../../tensor/errors.js";

export type ParameterValue = number | string | boolean;

/** A continuous or integer range sampled by random search. */
export interface Distribution {
  readonly kind: "uniform" | "logUniform" | "intUniform";
  readonly low: number;
  readonly high: number;
  /** A value from u ∈ [0, 1). */
  sample(u: number): number;
}

function range(kind: Distribution["kind"], low: number, high: number, sample: (u: number) => number): Distribution {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) throw new ArgumentError(`${kind}: needs low < high, got ${low} and ${high}`);
  return { kind, low, high, sample };
}

/** @example uniform(0, 0.5) // dropout rates */
export function uniform(low: number, high: number): Distribution {
  return range("uniform", low, high, (u) => low + u * (high - low));
}

/** Uniform in log space: each decade equally likely. @example logUniform(1e-4, 1e-1) // learning rates */
export function logUniform(low: number, high: number): Distribution {
  if (!(low > 0)) throw new ArgumentError(`logUniform: low must be > 0, got ${low}`);
  return range("logUniform", low, high, (u) => Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))));
}

/** Integers from low to high inclusive. @example intUniform(16, 128) // units */
export function intUniform(low: number, high: number): Distribution {
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new ArgumentError(`intUniform: needs integers, got ${low} and ${high}`);
  return range("intUniform", low, high + 1, (u) => Math.min(high, low + Math.floor(u * (high - low + 1))));
}

export type SearchSpace = Record<string, readonly ParameterValue[] | Distribution>;

/** The value a list or distribution gives: numbers and booleans widened, strings kept as their literals ("relu" | "tanh"). */
export type ParameterValueOf<V> = V extends Distribution ? number : V extends readonly (infer E)[] ? Widened<E> : never;

// Distributes over unions, so a mixed list [0, "auto"] gives number | "auto".
type Widened<E> = E extends number ? number : E extends boolean ? boolean : E;

/**
 * The configuration type of a search space, as sweep's `build` and `train` receive it.
 * @example ParamsOf<{ learningRate: [0.01, 0.1]; activation: ["relu", "tanh"] }> // { learningRate: number; activation: "relu" | "tanh" }
 */
export type ParamsOf<S extends SearchSpace> = { -readonly [K in keyof S]: ParameterValueOf<S[K]> };

const isDistribution = (v: unknown): v is Distribution => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Distribution).sample === "function";

function checkSpace(space: SearchSpace): void {
  if (space === null || typeof space !== "object" || Object.keys(space).length === 0) throw new ArgumentError("sweep: parameters must name at least one parameter, e.g. { learningRate: [0.1, 0.01] }");
  for (const [name, values] of Object.entries(space)) {
    if (isDistribution(values)) continue;
    if (!Array.isArray(values) || values.length === 0) throw new ArgumentError(`sweep: parameter "${name}" needs a non-empty list of values or a distribution like logUniform(1e-4, 1e-1), got ${JSON.stringify(values)}`);
  }
}

/**
 * Every combination, the first parameter changing slowest.
 * @example gridConfigurations({ a: [1, 2], b: ["x", "y"] }) // [{a:1,b:"x"}, {a:1,b:"y"}, {a:2,b:"x"}, {a:2,b:"y"}]
 */
export function gridConfigurations(space: SearchSpace): Record<string, ParameterValue>[] {
  checkSpace(space);
  const entries = Object.entries(space);
  for (const [name, values] of entries) {
    if (isDistribution(values)) throw new ArgumentError(`sweep: grid search needs a list of values for "${name}"; ${values.kind}(${values.low}, …) is for search: "random"`);
  }
  let configurations: Record<string, ParameterValue>[] = [{}];
  for (const [name, values] of entries) configurations = configurations.flatMap((c) => (values as readonly ParameterValue[]).map((v) => ({ ...c, [name]: v })));
  return configurations;
}

/** A small seeded generator (mulberry32): the same seed gives the same trials on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `trials` random configurations: a list is picked from uniformly, a distribution sampled.
 * @example randomConfigurations({ learningRate: logUniform(1e-4, 1e-1), units: [16, 64] }, 5, 42)
 */
export function randomConfigurations(space: SearchSpace, trials: number, seed = 0): Record<string, ParameterValue>[] {
  checkSpace(space);
  if (!Number.isInteger(trials) || trials < 1) throw new ArgumentError(`sweep: trials must be a whole number ≥ 1, got ${trials}`);
  const random = seededRandom(seed);
  return Array.from({ length: trials }, () =>
    Object.fromEntries(
      Object.entries(space).map(([name, values]) => {
        const u = random();
        return [name, isDistribution(values) ? values.sample(u) : values[Math.min(values.length - 1, Math.floor(u * values.length))]!];
      }),
    ),
  );
}
