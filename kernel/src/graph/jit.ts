// jit(f): graph mode for functions (TensorFlow's tf.function). The first call with a new
// signature traces f over placeholders into one graph — variable reads and assignments,
// gradients and optimizer updates included — and later calls with that signature run the
// graph without calling f again.
import { checkOptions, optionNames } from "../tensor/options.js";
import { ArgumentError, GradbookError } from "../tensor/errors.js";
import { Tensor } from "../tensor/tensor.js";
import { activeTrace, withTrace, type Trace } from "../tensor/trace-state.js";
import type { Variable } from "../tensor/variable.js";
import { Graph } from "./graph.js";
import { recordCall } from "./compiled-call.js";
import { buildGraph, constantsOf } from "./ir.js";
import { placeholder } from "./placeholder.js";
import { batchLeaks } from "./unknown-batch.js";
import { hasUnknownBatch } from "../tensor/unknown-batch.js";

/** Options of `jit`. */
export interface JitOptions {
  /** Shown in graph summaries and error messages (default: the function's name). */
  name?: string;
  /** Called after each new trace with the graph, e.g. to optimise it: `(g) => g.optimize()`. */
  onTrace?: (graph: Graph, signature: string) => void;
  /**
   * One trace for every batch size: the first dimension of the first tensor argument is the
   * batch size, and every tensor argument whose first dimension equals it is traced with an
   * unknown one (signature `float32[?,784]`). When `f` uses the batch size as a number
   * (`x.sum().div(x.shape[0])`), or cannot be traced without knowing it, that trace is dropped
   * and `f` is traced per batch size as without this option. Default false.
   */
  batchPolymorphic?: boolean;
}

/** A function compiled by `jit`: call it like the original. */
export interface CompiledFunction<A extends unknown[], R> {
  (...args: A): R;
  /** How many times the function was traced (once per new signature; a batch-polymorphic trace that had to be dropped counts too). */
  readonly traceCount: number;
  /** The signatures traced so far, e.g. `float32[128,784], int32[128]`. */
  readonly signatures: string[];
  /** The graphs traced so far, one per signature. */
  readonly graphs: Graph[];
  /** The graph for these arguments (traced now if new). */
  graphFor(...args: A): Graph;
  /**
   * Traces for these arguments (if new) and returns the call, to run later: for callers that
   * must tell a function that cannot be traced from a run that fails (fit trains eagerly after
   * the first, and throws the second).
   * @example const run = step.prepare(x, y); const loss = run();
   */
  prepare(...args: A): () => R;
  /** Frees every graph: the constants they made (tensors captured from outside stay the caller's). */
  dispose(): void;
}

interface Traced {
  graph: Graph;
  /** Checks of argument values (see checkValues) to run on the feeds before each run, by placeholder name. */
  feedChecks: { name: string; check: (value: Tensor) => void }[];
  /** Rebuilds f's return value from the graph's outputs. */
  rebuild: (outputs: Tensor[]) => unknown;
  /** The variables the graph reads: with the tensor arguments, what its results are made from (see recordCall). */
  variables: readonly Variable[];
}

/**
 * Compiles `f` into a graph on first call (graph mode). Tensor arguments become
 * placeholders (a new shape or dtype retraces); other arguments are part of the signature
 * (a new number retraces). Variables are read at every call and may be assigned inside.
 * What runs only while tracing: JavaScript code itself (console.log prints once, `if` on
 * arguments is decided once). Reading a tensor's values inside (item(), dataSync(), data())
 * is refused with an error, since they are unknown until the graph runs; a check of an
 * argument's values (an index range) uses checkValues, which runs it on each value fed.
 * With `{ batchPolymorphic: true }` one trace serves every batch size (fit's last, partial
 * batch, predict on any number of rows): see JitOptions.batchPolymorphic. A compiled function
 * called inside another one being traced, or on placeholders, runs `f` inline: its ops and
 * variable assignments become part of the outer graph (its own traceCount stays as it was).
 * @example
 * const predict = jit((x: Tensor) => model.apply(x) as Tensor, { batchPolymorphic: true });
 * predict(xTest.slice(0, 32)); predict(xTest.slice(32, 7)); predict.traceCount // 1
 * predict.signatures // ["float32[?,784]"]
 * @example
 * const step = jit((x: Tensor, y: Tensor) => {
 *   const loss = opt.minimize(() => model.apply(x).sub(y).square().mean(), model.trainableWeights);
 *   return loss;
 * });
 * step(xBatch, yBatch); step(xBatch2, yBatch2); step.traceCount // 1
 */
export function jit<A extends unknown[], R>(f: (...args: A) => R, options: JitOptions = {}): CompiledFunction<A, R> {
  checkOptions("jit", options, optionNames<JitOptions>({ name: true, onTrace: true, batchPolymorphic: true }));
  if (typeof f !== "function") throw new ArgumentError(`jit: expected a function, got ${typeof f}`);
  const name = options.name ?? (f.name || "function");
  const cache = new Map<string, Traced>();
  /** Batch-polymorphic signatures whose trace used the batch size: traced per batch size instead. */
  const perBatch = new Set<string>();
  let traceCount = 0;

  const traced = (args: A): { entry: Traced; feeds: Map<string, Tensor> } => {
    const feeds = new Map<string, Tensor>();
    const batch = options.batchPolymorphic ? batchSizeOfArgs(args) : undefined;
    const generic = batch === undefined ? undefined : signatureOf(args, feeds, batch);
    const polymorphic = generic !== undefined && !perBatch.has(generic);
    const signature = polymorphic ? generic : signatureOf(args, feeds);
    let entry = cache.get(signature);
    if (!entry) {
      traceCount++;
      entry = polymorphic ? tracePolymorphic(f, args, name, batch!) : trace(f, args, name);
      if (!entry) {
        perBatch.add(signature);
        return traced(args);
      }
      cache.set(signature, entry);
      options.onTrace?.(entry.graph, signature);
    }
    return { entry, feeds };
  };

  const prepare = (args: A): (() => R) => {
    const { entry, feeds } = traced(args);
    return () => {
      for (const { name, check } of entry.feedChecks) check(feeds.get(name)!);
      // An argument the function never read has no placeholder in the graph: nothing to feed.
      const { graph } = entry;
      const made = [...feeds.values(), ...entry.variables.map((v) => v.value)];
      return entry.rebuild(recordCall(name, made, graph.run(new Map([...feeds].filter(([name]) => graph.hasPlaceholder(name)))))) as R;
    };
  };
  // Called while another function is traced, or on placeholders: f runs inline, its ops and
  // variable updates joining the graph being built (as tf.function nests).
  const compiled = ((...args: A): R => (activeTrace() || args.some(holdsSymbolic) ? f(...args) : prepare(args)())) as CompiledFunction<A, R>;
  Object.defineProperties(compiled, {
    traceCount: { get: () => traceCount },
    signatures: { get: () => [...cache.keys()] },
    graphs: { get: () => [...cache.values()].map((t) => t.graph) },
    graphFor: { value: (...args: A) => traced(args).entry.graph },
    prepare: { value: (...args: A) => prepare(args) },
    dispose: {
      value: () => {
        for (const { graph } of cache.values()) graph.dispose();
        cache.clear();
      },
    },
    name: { value: name },
  });
  return compiled;
}

/**
 * The signature of a call (tensor shapes and dtypes, other values as JSON); fills `feeds` with
 * the tensors by placeholder name. With `batch`, tensors of that first dimension show it as "?".
 */
function signatureOf(args: readonly unknown[], feeds: Map<string, Tensor>, batch?: number): string {
  feeds.clear();
  return args.map((arg, i) => describe(arg, `arg${i}`, feeds, batch)).join(", ");
}

function describe(value: unknown, path: string, feeds: Map<string, Tensor>, batch: number | undefined): string {
  const t = asTensor(value);
  if (t) {
    if (t.isSymbolic) throw new GradbookError(`jit: argument ${path} is symbolic; graphFor and prepare take values (called on symbolic tensors, a compiled function runs as part of the graph being built)`);
    feeds.set(path, t);
    return `${t.dtype}[${t.shape.map((d, i) => (i === 0 && d === batch ? "?" : d)).join(",")}]`;
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => describe(v, `${path}.${i}`, feeds, batch)).join(", ")}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${describe(v, `${path}.${k}`, feeds, batch)}`).join(", ")}}`;
  if (typeof value === "function") throw new ArgumentError(`jit: argument ${path} is a function; capture it in the compiled function instead of passing it`);
  if (typeof value === "object" && value !== null) return identity(value);
  return JSON.stringify(value) ?? String(value);
}

/** The batch size of a call: the first dimension of its first tensor argument of rank ≥ 1. */
function batchSizeOfArgs(value: unknown): number | undefined {
  const t = asTensor(value);
  if (t) return t.rank > 0 ? t.shape[0] : undefined;
  const parts = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  for (const part of parts) {
    const batch = batchSizeOfArgs(part);
    if (batch !== undefined) return batch;
  }
  return undefined;
}

/**
 * Replaces every tensor of the arguments by a placeholder named after its path (with an
 * unknown first dimension where it is `batch`); `names` gets each placeholder's name.
 */
function symbolic(value: unknown, path: string, names: Map<Tensor, string>, batch?: number): unknown {
  const t = asTensor(value);
  if (t) {
    const p = placeholder(t.shape.map((d, i) => (i === 0 && d === batch ? null : d)), t.dtype, path);
    names.set(p, path);
    return p;
  }
  if (Array.isArray(value)) return value.map((v, i) => symbolic(v, `${path}.${i}`, names, batch));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, symbolic(v, `${path}.${k}`, names, batch)]));
  return value;
}

/**
 * Traces `f` with the batch dimension unknown; undefined when `f` needs to know it: the trace
 * failed (e.g. zeros([x.shape[0], 3]) cannot be made) or the graph holds numbers computed from
 * it. The tensors that trace made are freed then (captured ones stay their owners').
 */
function tracePolymorphic<A extends unknown[], R>(f: (...args: A) => R, args: A, name: string, batch: number): Traced | undefined {
  const firstId = new Tensor([], "float32", null).id;
  let entry: Traced;
  try {
    entry = trace(f, args, name, batch);
  } catch (error) {
    // Library errors (a shape rule or an allocation meeting the unknown size) mean "needs the
    // batch size"; anything else (an interrupt, a bug in f) is not retried.
    if (error instanceof GradbookError) return undefined;
    throw error;
  }
  if (batchLeaks(entry.graph.ir).length === 0) return entry;
  for (const t of constantsOf(entry.graph.ir)) if (t.id > firstId) t.dispose();
  return undefined;
}

function trace<A extends unknown[], R>(f: (...args: A) => R, args: A, name: string, batch?: number): Traced {
  const assigns: { variable: Variable; value: Tensor }[] = [];
  const assigned = new Map<object, Tensor>();
  const effects: (() => void)[] = [];
  const constants = new Set<Tensor>();
  const placeholderNames = new Map<Tensor, string>();
  const feedChecks: Traced["feedChecks"] = [];
  const recorder: Trace = {
    assignedValue: (variable) => assigned.get(variable),
    assign: (variable, value) => {
      assigned.set(variable, value);
      assigns.push({ variable: variable as Variable, value });
    },
    capture: (constant) => {
      constant.keep();
      constants.add(constant);
    },
    afterRun: (effect) => effects.push(effect),
    checkFed: (placeholder, check) => {
      const name = placeholderNames.get(placeholder);
      if (name !== undefined) feedChecks.push({ name, check });
      return name !== undefined;
    },
  };
  // Tensors made before this id existed before the trace: captured, they stay the caller's.
  const firstId = new Tensor([], "float32", null).id;
  const placeholders = args.map((arg, i) => symbolic(arg, `arg${i}`, placeholderNames, batch)) as A;
  const result = withTrace(recorder, () => f(...placeholders));
  if (result instanceof Promise) throw new GradbookError(`jit: ${name} returned a Promise; compiled functions must be synchronous (await outside them)`);
  const outputs: Tensor[] = [];
  const template = flatten(result, outputs);
  // Later assignments to a variable win; the graph keeps the last of each.
  const lastAssigns = [...new Map(assigns.map((a) => [a.variable, a])).values()];
  const batchInputs = [...placeholderNames.keys()].filter((p) => hasUnknownBatch(p.shape));
  const ir = buildGraph(outputs, lastAssigns, effects, batchInputs);
  const graph = new Graph(ir, constantsOf(ir).filter((t) => t.id < firstId));
  return { graph, feedChecks, rebuild: (values) => template(values), variables: graph.variables };
}

/** Collects the tensors of a return value and gives back a function that rebuilds it from values. */
function flatten(value: unknown, outputs: Tensor[]): (values: Tensor[]) => unknown {
  const t = asTensor(value);
  if (t) {
    const index = outputs.push(t) - 1;
    return (values) => values[index];
  }
  if (Array.isArray(value)) {
    const parts = value.map((v) => flatten(v, outputs));
    return (values) => parts.map((p) => p(values));
  }
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(([k, v]) => [k, flatten(v, outputs)] as const);
    return (values) => Object.fromEntries(parts.map(([k, p]) => [k, p(values)]));
  }
  return () => value;
}

/** Whether an argument is, or holds in its arrays and plain objects, a symbolic tensor. */
function holdsSymbolic(value: unknown): boolean {
  const t = asTensor(value);
  if (t) return t.isSymbolic;
  const parts = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  return parts.some(holdsSymbolic);
}

function asTensor(value: unknown): Tensor | undefined {
  return value instanceof Tensor ? value : undefined;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** Objects other than plain data (variables, models) are part of a signature by identity. */
function identity(value: object): string {
  let id = objectIds.get(value);
  if (id === undefined) objectIds.set(value, (id = nextObjectId++));
  return `${value.constructor?.name ?? "object"}#${id}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
