// Graph files: `graph.save(dir)` writes dir/graph.json and dir/weights.safetensors (the
// format is described in serialize.ts and the README's "Graph mode" section); load.ts reads
// them back.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tensorsToSafetensors } from "../nn/persistence/safetensors.js";
import type { GraphIR } from "./ir.js";
import { encodeGraph, GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from "./serialize.js";

/** Writes an inference graph and its weights to `dir` (created if missing). */
export function saveGraphIR(ir: GraphIR, dir: string): void {
  const { document, tensors } = encodeGraph(ir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "graph.json"), `${JSON.stringify(document, null, 1)}\n`);
  writeFileSync(join(dir, document.weights), tensorsToSafetensors(tensors, { format: GRAPH_FORMAT, version: String(GRAPH_FORMAT_VERSION) }));
}
