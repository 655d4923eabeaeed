/**
 * Saving and loading models.
 *
 * `await model.save(dir)` writes a directory that `await loadModel(dir)` turns back into a
 * model that predicts identically and, when it was compiled, resumes training identically:
 *
 * - `model.json`: `{ format: "gradbook-model", formatVersion: 1, architecture, weights,
 *   compile?, optimizer? }`.
 *   - `architecture`: `{ className: "Sequential", config, layers, buildInputShape }` or
 *     `{ className: "Functional", config, inputs, layers, nodes, outputs, singleInput,
 *     singleOutput }`. Each layer is `{ className, config }` (its getConfig(), with
 *     initialisers, regularisers and constraints as `{ className, config }`); a model used
 *     as a layer is nested the same way. `inputs` are `{ name, shape, batchSize, dtype }`;
 *     `nodes` are the layer calls in execution order, `{ layer, inputs: [ref…], asList }`,
 *     where a ref is `{ input: name }` or `{ layer, node, output }` (output `output` of the
 *     layer's `node`-th call); `outputs` are refs.
 *   - `weights`: `{ file: "weights.safetensors", names: [variable names in model.weights order] }`.
 *   - `compile` (when compiled): `{ optimizer: { className, config }, loss, metrics,
 *     lossWeights }`; the optimizer config holds a schedule as `{ className, config }`;
 *     loss and metric objects are `{ className, config }`, names stay strings.
 *   - `optimizer` (when compiled): `{ file: "optimizer.safetensors", iterations, scalars,
 *     slots: [{ variable, slot, key }] }`: the optimizer's state (getState()), each slot
 *     variable stored in the file under `key`.
 *   - `random`: `{ generator: { key: [word, word], calls }, layers: { [layer name]: state } }`:
 *     the global Philox generator (getRandomState(): Dropout masks without a seed, fit's
 *     shuffles) and each layer's own stream (a seeded Dropout's mask count); loadModel
 *     restores both, so training resumes identically. Absent in files of older versions.
 * - `weights.safetensors`: every weight, keyed by its variable name ("dense/kernel").
 * - `optimizer.safetensors`: the optimizer's slot variables (only when compiled).
 *
 * Subclassed models (their own call()) cannot be saved as an architecture: use
 * `saveWeights(path)` / `loadWeights(path)`, which work for every model (one safetensors
 * file of the weights keyed by variable name, their order in the metadata).
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { GradbookError } from "../../tensor/errors.js";
import { tidy } from "../../tensor/scope.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Variable } from "../../tensor/variable.js";
import type { Optimizer, OptimizerState } from "../../optim/optimizer.js";
import { getOptimizer } from "../../optim/registry.js";
import { getRandomState, setRandomState, type RandomState } from "../../tensor/random.js";
import type { Layer } from "../layer.js";
import type { Model } from "../model.js";
import { deserializeArchitecture, serializeArchitecture, type SavedArchitecture } from "./architecture.js";
import { safetensorsToTensors, tensorsToSafetensors } from "./safetensors.js";

/** The format written by save(); loadModel reads this version (and refuses newer ones). */
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.safetensors";
export const OPTIMIZER_FILE = "optimizer.safetensors";
const WEIGHTS_FORMAT = "gradbook-weights";
const OPTIMIZER_FORMAT = "gradbook-optimizer";

/** What model.json holds. */
export interface SavedModel {
  format: "gradbook-model";
  formatVersion: number;
  architecture: SavedArchitecture;
  weights: { file: string; names: string[] };
  compile?: { optimizer: { className: string; config: Record<string, unknown> }; loss: unknown; metrics?: unknown; lossWeights?: unknown };
  optimizer?: SavedOptimizerState & { file: string };
  random?: SavedRandomState;
}

/** The random state model.json keeps: the global generator and each layer's own stream. */
export interface SavedRandomState {
  generator: RandomState;
  layers: Record<string, number>;
}

/** The model and every layer inside it, nested models included. */
function everyLayer(layer: Layer): Layer[] {
  return [layer, ...layer.sublayers.flatMap(everyLayer)];
}

function randomStateOf(model: Model): SavedRandomState {
  const layers: Record<string, number> = {};
  for (const layer of everyLayer(model)) {
    const state = layer.randomState();
    if (state !== undefined) layers[layer.name] = state;
  }
  return { generator: getRandomState(), layers };
}

function restoreRandomStateOf(model: Model, saved: SavedRandomState, source: string): void {
  if (saved === null || typeof saved !== "object" || saved.layers === null || typeof saved.layers !== "object") throw new GradbookError(`loadModel: the saved random state in ${source} is invalid; the file is corrupt: save again`);
  const byName = new Map(everyLayer(model).map((l) => [l.name, l]));
  for (const [name, state] of Object.entries(saved.layers)) {
    const layer = byName.get(name);
    if (!layer) throw new GradbookError(`loadModel: ${source} holds a random state for layer "${name}", which the model does not have; the file is corrupt: save again`);
    layer.restoreRandomState(state);
  }
  setRandomState(saved.generator);
}

/** An optimizer's state as JSON: the slot variables are tensors stored elsewhere under `key`. */
export interface SavedOptimizerState {
  iterations: number;
  /** The optimizer's own scalars; non-finite ones as strings ("NaN", "Infinity"). */
  scalars: Record<string, number | string>;
  slots: { variable: string; slot: string; key: string }[];
}

export interface SaveOptions {
  /** Also save the compile config and the optimizer's state (default true), so training resumes identically. */
  includeOptimizer?: boolean;
}

/** The training state compile() leaves on a model (kernel/src/train), read structurally. */
interface CompiledLike {
  optimizer: Optimizer;
  options: { loss?: unknown; metrics?: unknown; lossWeights?: unknown };
}

function compiledOf(model: Model): CompiledLike | undefined {
  return (model as unknown as { compiled?: CompiledLike }).compiled ?? undefined;
}

/** Weights by variable name; names must be unique so the file can key them. */
function namedWeights(model: Model, what: string): Map<string, Variable> {
  const named = new Map<string, Variable>();
  for (const w of model.weights) {
    if (named.has(w.name)) throw new GradbookError(`${what}: model "${model.name}" has two weights named "${w.name}"; give its layers distinct names`);
    named.set(w.name, w);
  }
  return named;
}

/** A loss or metric spec (name, object, list or record by output name) as JSON data. */
function serializeSpec(spec: unknown, what: "loss" | "metric"): unknown {
  if (spec === undefined || spec === null || typeof spec === "string" || typeof spec === "number") return spec;
  if (Array.isArray(spec)) return spec.map((s) => serializeSpec(s, what));
  if (typeof spec === "function") {
    throw new GradbookError(
      what === "loss"
        ? `save: the loss is a function, which cannot be saved; compile with a named loss or a loss object, or save without the training state: await model.save(dir, { includeOptimizer: false })`
        : `save: the metric is a function, which cannot be saved; compile with a named metric or a metric object, or save without the training state: await model.save(dir, { includeOptimizer: false })`,
    );
  }
  const object = spec as { className?: unknown; getConfig?: unknown };
  if (typeof object.className === "string" && typeof object.getConfig === "function") return { className: object.className, config: (object.getConfig as () => Record<string, unknown>).call(object) };
  if (typeof spec === "object") return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, serializeSpec(v, what)]));
  throw new GradbookError(what === "loss" ? `save: cannot save the loss ${String(spec)}` : `save: cannot save the metric ${String(spec)}`);
}

/** JSON has no NaN or Infinity: such optimizer scalars are stored as strings. */
function encodeScalar(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function decodeScalar(value: number | string): number {
  return typeof value === "number" ? value : Number(value);
}

async function writeFileIn(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** The optimizer's state (getState()) as JSON plus its slot tensors keyed "<variable>/<slot>". */
function encodeOptimizerState(optimizer: Optimizer, what: string): { state: SavedOptimizerState; tensors: Map<string, Tensor> } {
  const state = optimizer.getState();
  const slots = state.slots.map((s) => ({ variable: s.variable, slot: s.slot, key: `${s.variable}/${s.slot}` }));
  const tensors = new Map<string, Tensor>();
  state.slots.forEach((s, i) => {
    const key = slots[i]!.key;
    if (tensors.has(key)) throw new GradbookError(`${what}: two optimizer slots are both named "${key}"; give the variables (the model's layers) distinct names`);
    tensors.set(key, s.value);
  });
  return { state: { iterations: state.iterations, scalars: Object.fromEntries(Object.entries(state.scalars).map(([k, v]) => [k, encodeScalar(v)])), slots }, tensors };
}

function restoreOptimizerState(optimizer: Optimizer, saved: SavedOptimizerState, tensors: Map<string, Tensor>, source: string, variables: readonly Variable[], what: string): void {
  if (!Number.isSafeInteger(saved?.iterations) || saved.iterations < 0 || !Array.isArray(saved.slots) || saved.scalars === null || typeof saved.scalars !== "object") {
    throw new GradbookError(`${what}: the saved optimizer state is invalid (it needs iterations, scalars and slots); the file is corrupt: save again`);
  }
  const slots = saved.slots.map(({ variable, slot, key }) => {
    const value = tensors.get(key);
    if (!value) throw new GradbookError(`${what}: ${source} has no tensor "${key}" (the "${slot}" slot of "${variable}"); the file is corrupt: save again`);
    return { variable, slot, value };
  });
  const state: OptimizerState = { iterations: saved.iterations, scalars: Object.fromEntries(Object.entries(saved.scalars).map(([k, v]) => [k, decodeScalar(v)])), slots };
  tidy(() => optimizer.setState(state, variables));
}

/**
 * Saves an optimizer (class, hyperparameters and state: iterations, scalars, slot variables)
 * to one safetensors file, e.g. for optimizer.step() loops without a model.
 * @example await saveOptimizer(opt, "adam.safetensors")
 */
export async function saveOptimizer(optimizer: Optimizer, path: string): Promise<void> {
  if (typeof path !== "string" || path === "") throw new GradbookError(`saveOptimizer: give a file path, e.g. await saveOptimizer(opt, "adam.safetensors"); got ${String(path)}`);
  const { state, tensors } = encodeOptimizerState(optimizer, "saveOptimizer");
  const json = JSON.stringify({ className: optimizer.className, config: optimizer.getConfig(), ...state });
  await writeFileIn(path, tensorsToSafetensors(tensors, { format: OPTIMIZER_FORMAT, formatVersion: String(MODEL_FORMAT_VERSION), optimizer: json }));
}

/**
 * Loads an optimizer saved by saveOptimizer; `variables` are the variables it optimizes
 * (matched by name to restore their slots).
 * @example const opt = await loadOptimizer("adam.safetensors", [w, b]);
 */
export async function loadOptimizer(path: string, variables: readonly Variable[]): Promise<Optimizer> {
  const { tensors, metadata } = safetensorsToTensors(await readIn(path, "optimizer"), path);
  try {
    if (metadata.format !== OPTIMIZER_FORMAT || metadata.optimizer === undefined) throw new GradbookError(`loadOptimizer: ${path} is not a gradbook optimizer file (its metadata lacks format "${OPTIMIZER_FORMAT}")`);
    checkVersion(Number(metadata.formatVersion), path, "loadOptimizer");
    let saved: SavedOptimizerState & { className: string; config: Record<string, unknown> };
    try {
      saved = JSON.parse(metadata.optimizer) as typeof saved;
    } catch {
      throw new GradbookError(`loadOptimizer: ${path} has corrupt metadata (the optimizer description is not JSON)`);
    }
    const optimizer = getOptimizer(saved.className, saved.config ?? {});
    restoreOptimizerState(optimizer, saved, tensors, path, variables, "loadOptimizer");
    return optimizer;
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}

function checkVersion(version: unknown, source: string, what: string): void {
  if (version === MODEL_FORMAT_VERSION) return;
  const newer = typeof version === "number" && version > MODEL_FORMAT_VERSION;
  throw new GradbookError(
    `${what}: ${source} has format version ${JSON.stringify(version)}, but this gradbook reads version ${MODEL_FORMAT_VERSION}` +
      (newer ? `; it was saved by a newer gradbook: update gradbook to load it` : `; the file is corrupt or not from gradbook: save it again`),
  );
}

/**
 * Saves architecture, weights and (when compiled) the compile config and optimizer state
 * to a directory (see the format at the top of this file).
 * @example await saveModel(model, "models/mlp")
 */
export async function saveModel(model: Model, dir: string, options: SaveOptions = {}): Promise<void> {
  checkOptions("save", options, optionNames<SaveOptions>({ includeOptimizer: true }));
  if (typeof dir !== "string" || dir === "") throw new GradbookError(`save: give a directory path, e.g. await model.save("models/mlp"); got ${String(dir)}`);
  const architecture = serializeArchitecture(model);
  const weights = namedWeights(model, "save");
  const saved: SavedModel = { format: "gradbook-model", formatVersion: MODEL_FORMAT_VERSION, architecture, weights: { file: WEIGHTS_FILE, names: [...weights.keys()] } };
  const weightBytes = tensorsToSafetensors(new Map([...weights].map(([name, v]) => [name, v.value])), { format: WEIGHTS_FORMAT });

  const compiled = options.includeOptimizer === false ? undefined : compiledOf(model);
  let optimizerBytes: Uint8Array | undefined;
  if (compiled) {
    const optimizer = compiled.optimizer;
    saved.compile = {
      optimizer: { className: optimizer.className, config: optimizer.getConfig() },
      loss: serializeSpec(compiled.options.loss, "loss"),
      ...(compiled.options.metrics === undefined ? {} : { metrics: serializeSpec(compiled.options.metrics, "metric") }),
      ...(compiled.options.lossWeights === undefined ? {} : { lossWeights: compiled.options.lossWeights }),
    };
    const { state, tensors } = encodeOptimizerState(optimizer, "save");
    saved.optimizer = { file: OPTIMIZER_FILE, ...state };
    optimizerBytes = tensorsToSafetensors(tensors, { format: OPTIMIZER_FORMAT });
  }
  saved.random = randomStateOf(model);
  JSON.stringify(saved); // fails early on anything that is not JSON data (before any file is written)

  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), weightBytes);
  if (optimizerBytes) await writeFile(join(dir, OPTIMIZER_FILE), optimizerBytes);
  else await rm(join(dir, OPTIMIZER_FILE), { force: true });
  // model.json last: a directory with a model.json has all of its files.
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(saved, null, 2) + "\n");
}

/** The files the loaders read, by the loader that reads them; each names its own fix when it is missing. */
const LOADER_OF = { optimizer: "loadOptimizer", weights: "loadWeights", modelJson: "loadModel", modelWeights: "loadModel", modelOptimizer: "loadModel" } as const;
type LoadedFile = keyof typeof LOADER_OF;

/** The message for a `file` at `path` that does not exist (or is a directory), one template per case so each translates whole. */
function unreadableMessage(file: LoadedFile, path: string, directory: boolean): string {
  switch (file) {
    case "optimizer":
      return directory
        ? `loadOptimizer: ${path} is a directory, not a file; give the file saved by await saveOptimizer(optimizer, path)`
        : `loadOptimizer: ${path} does not exist; give the file saved by await saveOptimizer(optimizer, path)`;
    case "weights":
      return directory
        ? `loadWeights: ${path} is a directory, not a file; give the file saved by await model.saveWeights(path)`
        : `loadWeights: ${path} does not exist; give the file saved by await model.saveWeights(path)`;
    case "modelJson":
      return directory
        ? `loadModel: ${path} is a directory, not a file; ${dirname(path)} is not a saved model directory (it has no ${MODEL_FILE}); save one with await model.save(dir)`
        : `loadModel: ${path} does not exist; ${dirname(path)} is not a saved model directory (it has no ${MODEL_FILE}); save one with await model.save(dir)`;
    case "modelWeights":
      return directory
        ? `loadModel: ${path} is a directory, not a file; the model's weights are missing: save the model again`
        : `loadModel: ${path} does not exist; the model's weights are missing: save the model again`;
    case "modelOptimizer":
      return directory
        ? `loadModel: ${path} is a directory, not a file; the optimizer state is missing: save the model again (or load without it by deleting "optimizer" from ${MODEL_FILE})`
        : `loadModel: ${path} does not exist; the optimizer state is missing: save the model again (or load without it by deleting "optimizer" from ${MODEL_FILE})`;
  }
}

async function readIn(path: string, file: LoadedFile): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR") throw new GradbookError(unreadableMessage(file, path, code === "EISDIR"));
    throw new GradbookError(`${LOADER_OF[file]}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Assigns `values` (by name) to the weights, checking that both sides have the same names, shapes and dtypes. */
function assignByName(model: Model, values: Map<string, Tensor>, source: string, what: string): void {
  const weights = namedWeights(model, what);
  const missing = [...weights.keys()].filter((n) => !values.has(n));
  const extra = [...values.keys()].filter((n) => !weights.has(n));
  if (missing.length || extra.length) {
    throw new GradbookError(
      !extra.length
        ? `${what}: ${source} does not match the model: missing weight(s) ${missing.join(", ")}`
        : !missing.length
          ? `${what}: ${source} does not match the model: unexpected weight(s) ${extra.join(", ")}`
          : `${what}: ${source} does not match the model: missing weight(s) ${missing.join(", ")}; unexpected weight(s) ${extra.join(", ")}`,
    );
  }
  assignChecked(weights.values(), (w) => values.get(w.name)!, source, what);
}

function assignChecked(weights: Iterable<Variable>, valueFor: (w: Variable) => Tensor, source: string, what: string): void {
  const pairs = [...weights].map((w) => [w, valueFor(w)] as const);
  for (const [w, value] of pairs) {
    if (value.shape.join() !== w.shape.join()) throw new GradbookError(`${what}: weight "${w.name}" has shape [${w.shape.join(", ")}] in the model but [${value.shape.join(", ")}] in ${source}`);
    if (value.dtype !== w.dtype) throw new GradbookError(`${what}: weight "${w.name}" is ${w.dtype} in the model but ${value.dtype} in ${source}`);
  }
  for (const [w, value] of pairs) w.assign(value);
}

/**
 * Loads a model saved by `model.save(dir)`: rebuilds the architecture, sets the weights and,
 * when it was compiled, compiles it again and restores the optimizer's state.
 * @example const restored = await loadModel("models/mlp"); restored.predict(x)
 */
export async function loadModel(dir: string): Promise<Model> {
  if (typeof dir !== "string" || dir === "") throw new GradbookError(`loadModel: give the directory a model was saved to, e.g. await loadModel("models/mlp"); got ${String(dir)}`);
  const exists = await stat(dir).catch(() => undefined);
  if (!exists) throw new GradbookError(`loadModel: the directory ${dir} does not exist; give the path a model was saved to with await model.save(dir)`);
  if (!exists.isDirectory()) throw new GradbookError(`loadModel: ${dir} is a file, not a directory; a saved model is a directory (model.save(dir)). For a weights file use await model.loadWeights(path)`);
  const jsonPath = join(dir, MODEL_FILE);
  const text = Buffer.from(await readIn(jsonPath, "modelJson")).toString("utf8");
  let saved: SavedModel;
  try {
    saved = JSON.parse(text) as SavedModel;
  } catch (error) {
    throw new GradbookError(`loadModel: ${jsonPath} is not valid JSON (${(error as Error).message}); the file is corrupt: save the model again`);
  }
  if (saved === null || typeof saved !== "object" || saved.format !== "gradbook-model") throw new GradbookError(`loadModel: ${jsonPath} is not a gradbook model file (expected "format": "gradbook-model")`);
  checkVersion(saved.formatVersion, jsonPath, "loadModel");
  if (!saved.architecture || !saved.weights || typeof saved.weights.file !== "string") throw new GradbookError(`loadModel: ${jsonPath} lacks "architecture" or "weights"; the file is corrupt: save the model again`);

  const model = deserializeArchitecture(saved.architecture);
  const weightsPath = join(dir, saved.weights.file);
  const { tensors } = safetensorsToTensors(await readIn(weightsPath, "modelWeights"), weightsPath);
  try {
    assignByName(model, tensors, weightsPath, "loadModel");
  } finally {
    tensors.forEach((t) => t.dispose());
  }

  if (saved.compile) {
    const compile = (model as unknown as { compile?: (options: Record<string, unknown>) => void }).compile;
    if (typeof compile !== "function") throw new GradbookError(`loadModel: the model was saved compiled, but compile() is not available in this gradbook`);
    const { className, config } = saved.compile.optimizer;
    const optimizer = getOptimizer(className, config);
    compile.call(model, {
      optimizer,
      loss: saved.compile.loss,
      ...(saved.compile.metrics === undefined ? {} : { metrics: saved.compile.metrics }),
      ...(saved.compile.lossWeights === undefined ? {} : { lossWeights: saved.compile.lossWeights }),
    });
    if (saved.optimizer) {
      const statePath = join(dir, saved.optimizer.file);
      const slotTensors = safetensorsToTensors(await readIn(statePath, "modelOptimizer"), statePath).tensors;
      try {
        restoreOptimizerState(optimizer, saved.optimizer, slotTensors, statePath, model.weights, "loadModel");
      } finally {
        slotTensors.forEach((t) => t.dispose());
      }
    }
  }
  if (saved.random !== undefined) restoreRandomStateOf(model, saved.random, jsonPath);
  return model;
}

/**
 * Saves every weight of any model (subclassed ones too) to one safetensors file, keyed by
 * variable name, their order in the metadata.
 * @example await saveWeights(model, "mlp.weights.safetensors")
 */
export async function saveWeights(model: Model, path: string): Promise<void> {
  if (typeof path !== "string" || path === "") throw new GradbookError(`saveWeights: give a file path, e.g. await model.saveWeights("mlp.weights.safetensors"); got ${String(path)}`);
  const weights = namedWeights(model, "saveWeights");
  if (weights.size === 0 && !model.built) throw new GradbookError(`saveWeights: model "${model.name}" has no weights yet; call it once on a batch (or fit it) so its layers are built`);
  const bytes = tensorsToSafetensors(new Map([...weights].map(([name, v]) => [name, v.value])), { format: WEIGHTS_FORMAT, formatVersion: String(MODEL_FORMAT_VERSION), names: JSON.stringify([...weights.keys()]) });
  await writeFileIn(path, bytes);
}

/**
 * Loads weights saved by saveWeights (or a model directory's weights.safetensors). They are
 * matched by variable name when all names agree, else by position (as Keras does, for a model
 * rebuilt with other automatic layer names); shapes and dtypes must agree.
 * @example await model.loadWeights("mlp.weights.safetensors")
 */
export async function loadWeights(model: Model, path: string): Promise<void> {
  if (typeof path !== "string" || path === "") throw new GradbookError(`loadWeights: give the file saved by saveWeights, e.g. await model.loadWeights("mlp.weights.safetensors"); got ${String(path)}`);
  const isDir = (await stat(path).catch(() => undefined))?.isDirectory();
  const file = isDir ? join(path, WEIGHTS_FILE) : path;
  const { tensors, metadata } = safetensorsToTensors(await readIn(file, "weights"), file);
  try {
    const weights = model.weights;
    if (weights.length === 0 && tensors.size > 0) throw new GradbookError(`loadWeights: model "${model.name}" has no weights yet; call it once on a batch so its layers are built, then load the weights`);
    const names = new Set(weights.map((w) => w.name));
    const sameNames = names.size === weights.length && names.size === tensors.size && [...tensors.keys()].every((n) => names.has(n));
    if (sameNames) return assignByName(model, tensors, file, "loadWeights");
    let order: string[] = [...tensors.keys()];
    if (metadata.names !== undefined) {
      try {
        order = JSON.parse(metadata.names) as string[];
      } catch {
        throw new GradbookError(`loadWeights: ${file} has corrupt metadata ("names" is not JSON)`);
      }
    }
    if (!Array.isArray(order) || order.length !== tensors.size || order.some((n) => !tensors.has(n))) throw new GradbookError(`loadWeights: ${file} has corrupt metadata ("names" does not list its tensors)`);
    if (order.length !== weights.length) throw new GradbookError(`loadWeights: ${file} holds ${order.length} weight(s) but model "${model.name}" has ${weights.length}; it was saved from a different architecture`);
    assignChecked(weights, (w) => tensors.get(order[weights.indexOf(w)]!)!, file, "loadWeights");
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}
