/**
 * The gradbook JupyterLab extension: one MIME renderer per view, each in its own folder
 * (extension/src/<view>/), built on the shared machinery in extension/src/common/.
 * Add a view by importing its `IRenderMime.IExtension` here and listing it below.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { metricsExtension } from "./metrics/index.js";
import { sweepExtension } from "./sweep/index.js";
import { graphExtension } from "./graph/index.js";
import { gradflowExtension } from "./gradflow/index.js";
import { surfaceExtension } from "./surface/index.js";

const extensions: IRenderMime.IExtension[] = [
  metricsExtension,
  sweepExtension,
  graphExtension,
  gradflowExtension,
  surfaceExtension,
];

export default extensions;
