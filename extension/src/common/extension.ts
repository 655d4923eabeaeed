/**
 * Turns a view's renderer class into the `IRenderMime.IExtension` JupyterLab loads.
 * The factories are "safe": payloads are plain data drawn with text nodes, so untrusted
 * notebooks (a saved notebook reopened, a download) show the same views.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { mimeTypeOf, type ViewKind } from "gradbook/payloads";

/** A lower rank wins; ours must beat the text/html (50) and image/svg+xml fallbacks in the same bundle. */
export const RENDERER_RANK = 0;

/**
 * @example export const metricsExtension = viewExtension("metrics", (options) => new MetricsRenderer(options));
 */
export function viewExtension(kind: ViewKind, createRenderer: (options: IRenderMime.IRendererOptions) => IRenderMime.IRenderer): IRenderMime.IExtension {
  const mimeType = mimeTypeOf(kind);
  return {
    id: `gradbook-jupyterlab:${kind}`,
    description: `gradbook ${kind} view`,
    rendererFactory: { safe: true, mimeTypes: [mimeType], defaultRank: RENDERER_RANK, createRenderer },
    rank: RENDERER_RANK,
    dataType: "json",
  };
}
