/**
 * The display API preloaded in every notebook and exported from "gradbook": rich output,
 * live progress bars, clearing output and asking for input. Each call goes to the
 * installed OutputSink (the kernel's), or prints text in a plain Node process.
 * Library code inside gradbook may import the building blocks (emit, progressBundle,
 * withTextFallback, setOutputSink) from the modules themselves.
 */
export { display, clearOutput, type Display, type DisplayOptions, type DisplayMetadata, type ImageOptions } from "./display.js";
export { input, type InputOptions } from "./input.js";
export { progress, progressMimeType, type Progress, type ProgressOptions, type ProgressState } from "./progress.js";
export { mimeBundleOf, mimeBundleSymbol, type Displayable } from "./mimebundle.js";
export { escapeHtml } from "./html.js";
export type { MimeBundle } from "./sink.js";
