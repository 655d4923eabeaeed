/**
 * display(): rich output from a cell or from library code. It talks only to the
 * OutputSink (sink.ts); in a plain Node process, where there is none, it prints the
 * text/plain form to stdout.
 */
import { isMimeBundle, mimeBundleOf, withTextFallback } from "./mimebundle.js";
import { outputSink, type MimeBundle } from "./sink.js";
import { ArgumentError } from "../../tensor/errors.js";

/** Per-MIME-type metadata, e.g. `{ "image/png": { width: 200 } }`. */
export type DisplayMetadata = Record<string, unknown>;

export interface DisplayOptions {
  /**
   * A display id: every output shown with this id can later be replaced in place by
   * a call with the same id and `update: true`.
   */
  id?: string;
  /** Replace the outputs shown earlier with `id` (update_display_data) instead of adding one. */
  update?: boolean;
}

export interface ImageOptions extends DisplayOptions {
  /** Width in CSS pixels the front end should draw the image at. */
  width?: number;
  /** Height in CSS pixels the front end should draw the image at. */
  height?: number;
}

/** The display function, with one helper per common MIME type. */
export interface Display {
  /**
   * Shows a value: its `[Symbol.for("gradbook.mimebundle")]()` bundle, else its
   * `toHTML()`, else its util.inspect text. A plain object whose keys are all MIME
   * types is taken as a ready-made bundle.
   *
   * @example display(tensor([1, 2]))
   * @example display({ "text/html": "<b>hi</b>", "text/plain": "hi" })
   */
  (value: unknown, options?: DisplayOptions): void;
  /**
   * Shows a MIME bundle with its metadata: the full form of a Jupyter display_data.
   *
   * @example display({ "text/plain": "step 1" }, {}, { id: "status" })
   * @example display({ "text/plain": "step 2" }, {}, { id: "status", update: true })
   */
  (data: MimeBundle, metadata: DisplayMetadata, options?: DisplayOptions): void;
  /** @example display.html("<b>bold</b>") */
  html(html: string, options?: DisplayOptions): void;
  /** @example display.svg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>') */
  svg(svg: string, options?: DisplayOptions): void;
  /** @example display.markdown("# Title\n*emphasis*") */
  markdown(markdown: string, options?: DisplayOptions): void;
  /** PNG bytes, or the same already in base64. @example display.png(bytes, { width: 200 }) */
  png(png: Uint8Array | string, options?: ImageOptions): void;
  /** Any JSON-serialisable value, shown as a JSON tree. @example display.json({ a: [1, 2] }) */
  json(value: unknown, options?: DisplayOptions): void;
}

const optionKeys = new Set(["id", "update"]);

function looksLikeOptions(value: unknown): boolean {
  return value !== null && typeof value === "object" && Object.keys(value).every((key) => optionKeys.has(key));
}

function checkOptions(options: DisplayOptions | undefined, caller: string): DisplayOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") {
    throw new ArgumentError(`${caller}: options must be an object like { id: "loss", update: true }, got ${String(options)}`);
  }
  if (options.id !== undefined && (typeof options.id !== "string" || options.id === "")) {
    throw new ArgumentError(`${caller}: id must be a non-empty string, got ${JSON.stringify(options.id)}`);
  }
  if (options.update && options.id === undefined) {
    throw new ArgumentError(`${caller}: update: true needs the id of the output to replace, e.g. { id: "loss", update: true }`);
  }
  return options;
}

/**
 * Sends a finished bundle to the sink, or prints its text/plain form when there is no
 * kernel. Every bundle gets a text/plain entry so exported notebooks show something.
 */
export function emit(data: MimeBundle, metadata: DisplayMetadata, options: DisplayOptions = {}): void {
  const bundle = withTextFallback({ ...data });
  const sink = outputSink();
  if (sink) {
    sink.display(bundle, metadata, options.id, options.update === true);
  } else {
    process.stdout.write(`${String(bundle["text/plain"])}\n`);
  }
}

function displayImpl(value: unknown, second?: unknown, third?: unknown): void {
  // The bundle form is chosen by arity: a third argument, or a second one that is not
  // an options object (it holds MIME-type keys, so it is metadata).
  const bundleForm = third !== undefined || (second !== undefined && !looksLikeOptions(second));
  if (bundleForm) {
    const options = checkOptions(third as DisplayOptions | undefined, "display");
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      if (third === undefined) {
        const unknown = Object.keys(second as object).filter((key) => !optionKeys.has(key));
        throw new ArgumentError(`display: unknown option ${unknown.join(", ")}; the options are id and update`);
      }
      throw new ArgumentError(`display: with metadata, the first argument must be a MIME bundle like { "text/plain": "hi" }, got ${String(value)}`);
    }
    if (second !== undefined && (second === null || typeof second !== "object" || Array.isArray(second))) {
      throw new ArgumentError(`display: metadata must be an object of MIME type → metadata, got ${String(second)}`);
    }
    emit(value as MimeBundle, (second ?? {}) as DisplayMetadata, options);
    return;
  }
  const options = checkOptions(second as DisplayOptions | undefined, "display");
  emit(isMimeBundle(value) ? value : mimeBundleOf(value), {}, options);
}

function toBase64(png: Uint8Array | string): string {
  if (typeof png === "string") return png.replace(/^data:image\/png;base64,/, "").replace(/\s+/g, "");
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64");
}

/**
 * Rich output for notebooks; see {@link Display}. Without a kernel it prints text.
 *
 * @example display(model.summary())
 * @example display.markdown(`**accuracy** ${accuracy.toFixed(3)}`)
 */
export const display: Display = Object.assign(displayImpl as Display, {
  html(html: string, options?: DisplayOptions): void {
    emit({ "text/html": String(html) }, {}, checkOptions(options, "display.html"));
  },
  svg(svg: string, options?: DisplayOptions): void {
    emit({ "image/svg+xml": String(svg), "text/plain": "[SVG image]" }, {}, checkOptions(options, "display.svg"));
  },
  markdown(markdown: string, options?: DisplayOptions): void {
    emit({ "text/markdown": String(markdown) }, {}, checkOptions(options, "display.markdown"));
  },
  png(png: Uint8Array | string, options?: ImageOptions): void {
    const checked = checkOptions(options, "display.png") as ImageOptions;
    if (typeof png !== "string" && !(png instanceof Uint8Array)) {
      throw new ArgumentError(`display.png: expected PNG bytes (Uint8Array) or a base64 string, got ${typeof png}`);
    }
    const size: Record<string, number> = {};
    if (checked.width !== undefined) size.width = checked.width;
    if (checked.height !== undefined) size.height = checked.height;
    const metadata = Object.keys(size).length ? { "image/png": size } : {};
    const bytes = typeof png === "string" ? Math.floor((toBase64(png).length * 3) / 4) : png.byteLength;
    emit({ "image/png": toBase64(png), "text/plain": `[PNG image, ${bytes} bytes]` }, metadata, { id: checked.id, update: checked.update });
  },
  json(value: unknown, options?: DisplayOptions): void {
    const text = JSON.stringify(value, null, 2);
    if (text === undefined) throw new ArgumentError(`display.json: ${typeof value} is not JSON-serialisable`);
    emit({ "application/json": JSON.parse(text) as unknown, "text/plain": text }, {}, checkOptions(options, "display.json"));
  },
});

/**
 * Clears the cell's output; with `wait: true` the clear happens when the next output
 * arrives, which avoids flicker when redrawing. Does nothing without a kernel.
 *
 * @example clearOutput({ wait: true }); display(chart)
 */
export function clearOutput(options: { wait?: boolean } = {}): void {
  outputSink()?.clearOutput(options.wait === true);
}

