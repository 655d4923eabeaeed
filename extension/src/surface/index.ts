/** The loss-surface view with optimizer trajectories (`application/vnd.gradbook.surface.v1+json`). */
import { viewExtension } from "../common/index.js";
import { SurfaceRenderer } from "./renderer.js";

export { SurfaceRenderer };
export const surfaceExtension = viewExtension("surface", (options) => new SurfaceRenderer(options));
