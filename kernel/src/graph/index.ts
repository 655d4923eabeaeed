export { graphOf, type Graph, type GraphNode, type GraphEdge } from "./graph-of.js";
