// loadGraph(dir): a graph saved by graph.save(dir), runnable in this process or a fresh one.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { safetensorsToTensors } from "../nn/persistence/safetensors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Variable } from "../tensor/variable.js";
import { Graph } from "./graph.js";
import { UNKNOWN_BATCH } from "../tensor/unknown-batch.js";
import { specialise } from "./unknown-batch.js";
import { decodeGraph, GraphFormatError, type SavedGraph } from "./serialize.js";

/** Options of `loadGraph`. */
export interface LoadGraphOptions {
  /** Live variables to read instead of recreating them from the saved values (matched by name). */
  variables?: readonly Variable[];
}

/**
 * Reads a graph saved by `graph.save(dir)`. The variables it reads are recreated by name
 * with their saved values (`graph.variables`), unless `options.variables` gives live ones.
 * A graph saved with an unknown batch dimension runs for any batch size; its random draws
 * (dropout masks, randomNormal) draw new values at each run.
 * @example
 * jit((x: Tensor) => model.apply(x)).graphFor(xTest).save("mlp-graph");
 * const g = loadGraph("mlp-graph");          // in another notebook or process
 * g.run({ arg0: xTest })[0]
 */
export function loadGraph(dir: string, options: LoadGraphOptions = {}): Graph {
  const path = join(dir, "graph.json");
  if (!existsSync(path)) throw new GraphFormatError(`loadGraph: ${path} does not exist; graph.save(dir) writes graph.json and weights.safetensors into dir`);
  let document: SavedGraph;
  try {
    document = JSON.parse(readFileSync(path, "utf8")) as SavedGraph;
  } catch (error) {
    throw new GraphFormatError(`loadGraph: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const weights = join(dir, String(document.weights ?? "weights.safetensors"));
  const { tensors } = existsSync(weights) ? safetensorsToTensors(readFileSync(weights), weights) : { tensors: new Map() };
  const given = new Map((options.variables ?? []).map((v) => [v.name, v]));
  try {
    const decoded = decodeGraph(document, tensors, given, path);
    // A graph saved by a gradbook whose unknown batch was another number: rewritten to ours.
    const saved = document.unknownBatch;
    const ir = saved !== undefined && saved !== UNKNOWN_BATCH ? specialise(decoded, UNKNOWN_BATCH, saved) : decoded;
    // Constants and tensor attributes belong to the graph now; variables hold their own share.
    const kept = new Set(ir.nodes.flatMap((n) => tensorsIn(n.attrs)));
    for (const t of tensors.values()) if (!kept.has(t)) t.dispose();
    return new Graph(ir);
  } catch (error) {
    for (const t of tensors.values()) t.dispose();
    throw error;
  }
}

function tensorsIn(value: unknown): Tensor[] {
  if (value instanceof Tensor) return [value];
  if (Array.isArray(value)) return value.flatMap(tensorsIn);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).flatMap(tensorsIn);
  return [];
}
