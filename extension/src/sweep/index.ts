/** The hyperparameter-sweep view (`application/vnd.gradbook.sweep.v1+json`). */
import { viewExtension } from "../common/index.js";
import { SweepRenderer } from "./renderer.js";

export { SweepRenderer };
export const sweepExtension = viewExtension("sweep", (options) => new SweepRenderer(options));
