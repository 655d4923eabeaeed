/** The gradient-flow view (`application/vnd.gradbook.gradflow.v1+json`). */
import { viewExtension } from "../common/index.js";
import { GradFlowRenderer } from "./renderer.js";

export { GradFlowRenderer };
export const gradflowExtension = viewExtension("gradflow", (options) => new GradFlowRenderer(options));
