/**
 * ELK itself (elkjs's bundled build, ~1.6 MB): loaded inside the layout worker, or on the
 * main thread only when no worker can start (tests in Node, odd hosts).
 */
import * as elkModule from "elkjs/lib/elk.bundled.js";
import type { ELK, ElkNode } from "elkjs/lib/elk-api.js";

type ElkConstructor = new () => ELK;
let elk: ELK | undefined;

/**
 * Creates the ELK instance now. In a worker this must happen before the worker sets its
 * own message handler: creating ELK loads elkjs's worker part, which replaces
 * `self.onmessage` with its own.
 */
export function startElk(): ELK {
  if (!elk) {
    // A CommonJS module: bundlers and Node expose its constructor as the default export.
    const exported = elkModule as unknown as { default?: unknown };
    const Constructor = (typeof exported === "function" ? exported : exported.default) as ElkConstructor;
    elk = new Constructor();
  }
  return elk;
}

/**
 * Lays out an ELK graph in this thread and says how long it took.
 * @example const { graph, ms } = await runElk(toElkGraph(visible));
 */
export async function runElk(graph: ElkNode): Promise<{ graph: ElkNode; ms: number }> {
  const instance = startElk();
  const started = performance.now();
  const laidOut = await instance.layout(graph);
  return { graph: laidOut as ElkNode, ms: performance.now() - started };
}
