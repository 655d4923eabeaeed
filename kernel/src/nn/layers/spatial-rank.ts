import { ArgumentError } from "../../tensor/errors.js";
import type { SymbolicShape } from "../symbolic.js";

const LAYOUT = { 1: "[batch, steps, channels]", 2: "[batch, height, width, channels]" } as const;

/**
 * Throws unless `shape` is [batch, ...rank spatial axes, channels] (convolution and pooling
 * layers). One axis short is most often a batch of greyscale images without a channel axis
 * (MNIST's [n, 28, 28]), so the message says to add it at the end, `x.expandDims(-1)`; a
 * single sample missing its batch axis is named as the other possibility.
 * @example checkSpatialRank("conv2d", [null, 28, 28], 2) // throws: … add a channel axis at the end: x.expandDims(-1) …
 */
export function checkSpatialRank(layerName: string, shape: SymbolicShape, rank: 1 | 2): void {
  if (shape.length === rank + 2) return;
  const [expected, got] = [LAYOUT[rank], shape.map((d) => d ?? "batch").join(", ")];
  const [images, sample] = [shape.slice(1).map((d) => d ?? "n").join("×"), shape.slice(1).join(", ")];
  throw new ArgumentError(
    shape.length !== rank + 1
      ? `${layerName}: expected inputs of shape ${expected} (rank ${rank + 2}), got shape [${got}]`
      : shape[0] === null
        ? `${layerName}: expected inputs of shape ${expected} (rank ${rank + 2}), got shape [${got}]; add a channel axis at the end: x.expandDims(-1) (greyscale ${images} images become [${got}, 1]; for a first layer give inputShape [${sample}, 1])`
        : `${layerName}: expected inputs of shape ${expected} (rank ${rank + 2}), got shape [${got}]; add a channel axis at the end: x.expandDims(-1) (greyscale ${images} images become [${got}, 1]; for a first layer give inputShape [${sample}, 1]), or for a single sample add a batch axis: x.expandDims(0)`,
  );
}
