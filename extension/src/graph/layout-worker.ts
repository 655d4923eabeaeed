/**
 * The graph layout worker: receives `{ id, graph }` (an ELK graph), answers
 * `{ id, layout }` (boxes and edge polylines, see elk-graph.ts) or `{ id, error }`. Keeps
 * ELK's work off the notebook's main thread. Only plain boxes and points travel back:
 * ELK's own answer for compound graphs does not survive structured cloning.
 */
import type { ElkNode } from "elkjs/lib/elk-api.js";
import { runElk, startElk } from "./elk-run.js";
import { fromElkGraph } from "./elk-graph.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; graph: ElkNode }>) => void) | null;
  postMessage(message: unknown): void;
}

// elkjs installs its own message handler when its worker part loads (on creating ELK);
// creating ELK first lets ours replace it for good.
startElk();
const scope = globalThis as unknown as WorkerScope;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
scope.onmessage = async (event) => {
  const { id, graph } = event.data;
  try {
    const result = await runElk(graph);
    scope.postMessage({ id, layout: fromElkGraph(result.graph, result.ms) });
  } catch (error) {
    scope.postMessage({ id, error: reason(error) });
  }
};
