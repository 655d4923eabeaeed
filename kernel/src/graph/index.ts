export { graphOf, isLeaf, type Graph as GraphData, type GraphNode, type GraphEdge } from "./graph-of.js";
export { Graph, setGraphRenderer, type FeedDict } from "./graph.js";
export { placeholder, graphFor, run } from "./placeholder.js";
export { jit, type JitOptions, type CompiledFunction } from "./jit.js";
export type { GraphIR, GraphNodeIR, ValueInfo } from "./ir.js";
export { loadGraph, type LoadGraphOptions } from "./load.js";
export { GraphFormatError, GRAPH_FORMAT, GRAPH_FORMAT_VERSION, registerOpLoader, type OpLoader, type SavedGraph } from "./serialize.js";
export { OnnxExportError, ONNX_OPSET, onnxOps } from "./onnx/export.js";
