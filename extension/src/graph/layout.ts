/**
 * Layered layout of the visible graph with ELK, run in a Web Worker so a big graph never
 * blocks the notebook; when no worker can start, ELK runs on the main thread instead.
 */
import type { ElkNode } from "elkjs/lib/elk-api.js";
import { fromElkGraph, toElkGraph, type GraphLayout } from "./elk-graph.js";
import type { VisibleGraph } from "./model.js";

export * from "./elk-graph.js";

/** Something that lays out ELK graphs (a worker, or ELK on this thread). */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<GraphLayout>;
  /** "worker" or "main thread", shown in the view's status line. */
  readonly where: string;
}

/** ELK on the calling thread, loaded on first use. */
export function mainThreadEngine(): LayoutEngine {
  return {
    where: "main thread",
    async layout(graph) {
      const { runElk } = await import("./elk-run.js");
      const result = await runElk(graph);
      return fromElkGraph(result.graph, result.ms);
    },
  };
}

/**
 * ELK in a Web Worker (webpack bundles ./layout-worker.js with ELK as a chunk of its own).
 * Falls back to the main thread for good if the worker cannot start or fails.
 */
export function workerEngine(): LayoutEngine | undefined {
  if (typeof Worker === "undefined") return undefined;
  let worker: Worker;
  try {
    worker = new Worker(new URL("./layout-worker.js", import.meta.url));
  } catch {
    return undefined;
  }
  let next = 0;
  let broken: LayoutEngine | undefined;
  const waiting = new Map<number, { resolve: (value: GraphLayout) => void; reject: (error: Error) => void; graph: ElkNode }>();
  worker.onmessage = (event: MessageEvent<{ id: number; layout?: GraphLayout; error?: string }>) => {
    const request = waiting.get(event.data.id);
    if (!request) return;
    waiting.delete(event.data.id);
    if (event.data.error !== undefined || !event.data.layout) request.reject(new Error(event.data.error ?? "the layout worker sent no layout"));
    else request.resolve(event.data.layout);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    broken = mainThreadEngine();
    for (const request of waiting.values()) broken.layout(request.graph).then(request.resolve, request.reject);
    waiting.clear();
  };
  const engine: LayoutEngine = {
    get where() {
      return broken ? broken.where : "worker";
    },
    layout(graph) {
      if (broken) return broken.layout(graph);
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject, graph });
        worker.postMessage({ id, graph });
      });
    },
  };
  return engine;
}

let engine: LayoutEngine | undefined;

/** The engine the graph views share (one worker for the whole page). */
export function layoutEngine(): LayoutEngine {
  engine ??= workerEngine() ?? mainThreadEngine();
  return engine;
}

/** Replaces the layout engine (tests use the main-thread one or a stub). */
export function setLayoutEngine(replacement: LayoutEngine | undefined): void {
  engine = replacement;
}

/** Lays out the visible graph with the shared engine. */
export async function layoutGraph(visible: VisibleGraph, groupSubtitle: (size: number) => string): Promise<GraphLayout> {
  return layoutEngine().layout(toElkGraph(visible, groupSubtitle));
}
