/**
 * ELK itself (elkjs's bundled build, ~1.6 MB): loaded inside the layout worker, or on the
 * main thread only when no worker can start (tests in Node, odd hosts).
 */
import * as elkModule from "elkjs/lib/elk.bundled.js";
import type { ELK, ElkNode } from "elkjs/lib/elk-api.js";

type ElkConstructor = new () => ELK;
let elk: ELK | undefined;

/**
 * Lays out an ELK graph in this thread and says how long it took.
 * @example const { graph, ms } = await runElk(toElkGraph(visible));
 */
export async function runElk(graph: ElkNode): Promise<{ graph: ElkNode; ms: number }> {
  if (!elk) {
    // A CommonJS module: bundlers and Node expose its constructor as the default export.
    const exported = elkModule as unknown as { default?: unknown };
    const Constructor = (typeof exported === "function" ? exported : exported.default) as ElkConstructor;
    elk = new Constructor();
  }
  const started = performance.now();
  const laidOut = await elk.layout(graph);
  return { graph: laidOut as ElkNode, ms: performance.now() - started };
}
