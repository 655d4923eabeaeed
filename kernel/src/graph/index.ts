export { graphOf, isLeaf, type Graph as GraphData, type GraphNode, type GraphEdge } from "./graph-of.js";
export { Graph, setGraphRenderer, type FeedDict } from "./graph.js";
export { placeholder, graphFor, run } from "./placeholder.js";
export { jit, type JitOptions, type CompiledFunction } from "./jit.js";
export type { GraphIR, GraphNodeIR, ValueInfo } from "./ir.js";
export { DEFAULT_PASSES, OptimizeReport, type PassReport } from "./passes/optimize.js";
export { SIMPLIFICATION_RULES, type SimplificationRule } from "./passes/algebraic.js";
export type { GraphPass } from "./passes/pass.js";
