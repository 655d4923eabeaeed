/** The live training-curves view (`application/vnd.gradbook.metrics.v1+json`). */
import { viewExtension } from "../common/index.js";
import { MetricsRenderer } from "./renderer.js";

export { MetricsRenderer };
export const metricsExtension = viewExtension("metrics", (options) => new MetricsRenderer(options));
