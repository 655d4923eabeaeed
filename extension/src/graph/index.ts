/** The computation-graph view (`application/vnd.gradbook.graph.v1+json`). */
import { viewExtension } from "../common/index.js";
import { GraphRenderer } from "./renderer.js";

export { GraphRenderer };
export const graphExtension = viewExtension("graph", (options) => new GraphRenderer(options));
