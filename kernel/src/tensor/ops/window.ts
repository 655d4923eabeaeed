// Sliding-window geometry shared by convolution and pooling: argument checking, TF's
// "same"/"valid" padding rules and output sizes. Ops store the resolved, explicit numbers.
import { ArgumentError, ShapeError, showShape } from "../errors.js";
import type { Shape } from "../shape.js";

/**
 * How a window op pads its input:
 * - `"valid"`: no padding; windows must fit inside the input.
 * - `"same"`: TF rule: output size ceil(in / stride); the total padding needed is split
 *   with the smaller half before (top/left) and the larger after (bottom/right).
 * - a number p: p on every side; `[ph, pw]`: ph top and bottom, pw left and right;
 *   `[[top, bottom], [left, right]]`: each side explicitly.
 */
export type Padding = "same" | "valid" | number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** Padding of a 1-D window op: "same", "valid", p on both sides, or [left, right]. */
export type Padding1d = "same" | "valid" | number | readonly [number, number];

/** Explicit padding [top, bottom, left, right]. */
export type Pads = [number, number, number, number];

const isCount = (v: unknown, min: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min;

/**
 * A per-axis pair of integers ≥ `min` from a number or [h, w].
 * @example pair("conv2d", "strides", 2) // [2, 2]
 */
export function pair(op: string, what: string, value: number | readonly number[], min = 1): [number, number] {
  const list = typeof value === "number" ? [value, value] : value;
  if (!Array.isArray(list) || list.length !== 2 || !list.every((v) => isCount(v, min))) {
    throw new ArgumentError(
      min === 1
        ? `${op}: ${what} must be a positive integer or a pair [height, width] of them, got ${JSON.stringify(value)}`
        : `${op}: ${what} must be a non-negative integer or a pair [height, width] of them, got ${JSON.stringify(value)}`,
    );
  }
  return [list[0]!, list[1]!];
}

/** The extent of a dilated window: (size − 1)·dilation + 1. @example effectiveSize(3, 2) // 5 */
export function effectiveSize(size: number, dilation: number): number {
  return (size - 1) * dilation + 1;
}

/** TF's "same" padding of one axis: [before, after]. */
function samePads(size: number, window: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Resolves a padding argument to explicit [top, bottom, left, right] for an input of
 * spatial size `size` and (dilated) window `window`.
 * @example resolvePadding("conv2d", "same", [5, 5], [3, 3], [2, 2]) // [1, 1, 1, 1]
 */
export function resolvePadding(op: string, padding: Padding, size: readonly [number, number], window: readonly [number, number], strides: readonly [number, number]): Pads {
  if (padding === "valid") return [0, 0, 0, 0];
  if (padding === "same") return [...samePads(size[0], window[0], strides[0]), ...samePads(size[1], window[1], strides[1])];
  if (typeof padding === "number") {
    const [p] = pair(op, "padding", padding, 0);
    return [p, p, p, p];
  }
  if (Array.isArray(padding) && padding.length === 2 && padding.every((p) => Array.isArray(p))) {
    const [top, bottom] = pair(op, "padding", padding[0] as readonly number[], 0);
    const [left, right] = pair(op, "padding", padding[1] as readonly number[], 0);
    return [top, bottom, left, right];
  }
  if (Array.isArray(padding)) {
    const [ph, pw] = pair(op, "padding", padding as readonly number[], 0);
    return [ph, ph, pw, pw];
  }
  throw new ArgumentError(`${op}: padding must be "same", "valid", a non-negative integer, [height, width] or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`);
}

/** Turns a 1-D padding argument into the 2-D form over a height-1 image. @example padding1dAs2d("conv1d", [2, 1]) // [[0, 0], [2, 1]] */
export function padding1dAs2d(op: string, padding: Padding1d): Padding {
  if (padding === "same" || padding === "valid") return padding;
  if (typeof padding === "number") return [[0, 0], [padding, padding]];
  if (Array.isArray(padding)) return [[0, 0], padding as readonly [number, number]];
  throw new ArgumentError(`${op}: padding must be "same", "valid", a non-negative integer or [left, right], got ${JSON.stringify(padding)}`);
}

/**
 * Output spatial size [height, width] of a window op, or a ShapeError naming `op` when the
 * window does not fit even once (`what` names the window in that message).
 * @example windowOutput("maxPool2d", [5, 5], [2, 2], [2, 2], [0, 1, 0, 1], [1, 5, 5, 3], "pool window") // [3, 3]
 */
export function windowOutput(op: string, size: readonly [number, number], window: readonly [number, number], strides: readonly [number, number], pads: Pads, input: Shape, what: "pool window" | "filter" | "filter after dilation"): [number, number] {
  const out = [0, 1].map((axis) => {
    const padded = size[axis]! + pads[2 * axis]! + pads[2 * axis + 1]!;
    if (padded < window[axis]!) {
      const [h, w, paddedH, paddedW] = [window[0], window[1], size[0] + pads[0] + pads[1], size[1] + pads[2] + pads[3]];
      // One template per window kind, so that each translates as a whole sentence.
      throw new ShapeError(
        what === "pool window"
          ? `${op}: the pool window (${h}×${w}) does not fit in the padded input (${paddedH}×${paddedW}); input is ${showShape(input)}, padding [top, bottom, left, right] is ${showShape(pads)}`
          : what === "filter"
            ? `${op}: the filter (${h}×${w}) does not fit in the padded input (${paddedH}×${paddedW}); input is ${showShape(input)}, padding [top, bottom, left, right] is ${showShape(pads)}`
            : `${op}: the filter after dilation (${h}×${w}) does not fit in the padded input (${paddedH}×${paddedW}); input is ${showShape(input)}, padding [top, bottom, left, right] is ${showShape(pads)}`,
      );
    }
    return Math.floor((padded - window[axis]!) / strides[axis]!) + 1;
  });
  return [out[0]!, out[1]!];
}

/** Checks that `x` is a batch of images [batch, height, width, channels]. @example checkImages("conv2d", x) */
export function checkImages(op: string, x: { shape: Shape }): void {
  if (x.shape.length !== 4) {
    throw new ShapeError(`${op}: the input must have rank 4 [batch, height, width, channels], got shape ${showShape(x.shape)}`);
  }
}
