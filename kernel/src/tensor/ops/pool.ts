import { defineOp, type OpDef } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../errors.js";
import { isFloat } from "../dtype.js";
import { shapesEqual, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "../convert.js";
import { cast } from "./cast.js";
import { max, mean } from "./reduce.js";
import { checkImages, pair, resolvePadding, windowOutput, type Padding, type Pads } from "./window.js";

declare module "../tensor.js" {
  interface TensorMethods {
    maxPool2d(poolSize?: number | readonly [number, number], options?: Pool2dOptions): Tensor;
    avgPool2d(poolSize?: number | readonly [number, number], options?: Pool2dOptions): Tensor;
    globalAvgPool2d(keepDims?: boolean): Tensor;
    globalMaxPool2d(keepDims?: boolean): Tensor;
  }
}

/** Options of the 2-D pooling ops. */
export interface Pool2dOptions {
  /** Step between windows; defaults to the pool size (non-overlapping windows), as in Keras. */
  strides?: number | readonly [number, number];
  /**
   * "valid" (default), "same" (TF rule) or explicit numbers (see {@link Padding}); each
   * explicit pad must be smaller than the pool size, so every window sees the input.
   * Padded positions never win a max and are not counted by an average.
   */
  padding?: Padding;
}

/** Resolved attributes of the pooling ops. */
export interface PoolAttrs {
  poolSize: [number, number];
  strides: [number, number];
  /** [top, bottom, left, right] */
  pads: Pads;
}

/** Pool attributes plus the shape of the pooled input (for ops that produce it). */
export interface PoolGradAttrs extends PoolAttrs {
  inputShape: number[];
}

const plain = ({ poolSize, strides, pads }: PoolAttrs): PoolAttrs => ({ poolSize, strides, pads });

function pooledShape(op: string, x: Shape, attrs: PoolAttrs): number[] {
  checkImages(op, { shape: x });
  const [oh, ow] = windowOutput(op, [x[1]!, x[2]!], attrs.poolSize, attrs.strides, attrs.pads, x, "pool window");
  return [x[0]!, oh, ow, x[3]!];
}

function checkSameShape(op: string, what: string, actual: Shape, expected: Shape): void {
  if (!shapesEqual(actual, expected)) throw new ShapeError(`${op}: ${what} has shape ${showShape(actual)}, expected ${showShape(expected)}`);
}

const maxPool2dOp: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  name: "maxPool2d",
  infer: ([x], attrs) => {
    if (x!.dtype === "bool") throw new DTypeError(`maxPool2d: bool tensors are not supported; cast() to float32 first`);
    return [{ shape: pooledShape("maxPool2d", x!.shape, attrs), dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x], attrs }) => [runOp(maxPoolGradOp, [x!, dy!], plain(attrs))[0]!],
});

/**
 * maxPool2d's gradient: each window's dy goes to the position of its maximum in x (the
 * first one on ties), summed where windows overlap. Its own gradient: none for x (the
 * routing is piecewise constant in x), and for dy the adjoint, maxPoolGradGrad.
 */
const maxPoolGradOp: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  name: "maxPoolGrad",
  infer: ([x, dy], attrs) => {
    checkSameShape("maxPoolGrad", "dy", dy!.shape, pooledShape("maxPoolGrad", x!.shape, attrs));
    return [{ shape: x!.shape, dtype: dy!.dtype }];
  },
  grad: ({ dys: [g], inputs: [x], attrs }) => [undefined, runOp(maxPoolGradGradOp, [x!, g!], plain(attrs))[0]!],
});

/**
 * Reads g (shaped like x) at each window's argmax in x: the adjoint of maxPoolGrad in dy,
 * used for second derivatives through max pooling (maxPoolGradGrad(x, x) = maxPool2d(x)).
 */
const maxPoolGradGradOp: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  name: "maxPoolGradGrad",
  infer: ([x, g], attrs) => {
    checkSameShape("maxPoolGradGrad", "g", g!.shape, x!.shape);
    return [{ shape: pooledShape("maxPoolGradGrad", x!.shape, attrs), dtype: g!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x], attrs }) => [undefined, runOp(maxPoolGradOp, [x!, dy!], plain(attrs))[0]!],
});

const avgPool2dOp: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  name: "avgPool2d",
  infer: ([x], attrs) => {
    if (!isFloat(x!.dtype)) throw new DTypeError(`avgPool2d: needs a float tensor, got ${x!.dtype}`);
    return [{ shape: pooledShape("avgPool2d", x!.shape, attrs), dtype: x!.dtype }];
  },
  grad: ({ dys: [dy], inputs: [x], attrs }) => [runOp(avgPoolGradOp, [dy!], { ...plain(attrs), inputShape: [...x!.shape] })[0]!],
});

/**
 * avgPool2d's gradient: each window's dy, divided by the window's count of valid
 * positions, is spread over that window. Linear; its gradient is avgPool2d again.
 */
const avgPoolGradOp: OpDef<PoolGradAttrs> = defineOp<PoolGradAttrs>({
  name: "avgPoolGrad",
  infer: ([dy], attrs) => {
    if (!isFloat(dy!.dtype)) throw new DTypeError(`avgPoolGrad: needs a float tensor, got ${dy!.dtype}`);
    checkSameShape("avgPoolGrad", "dy", dy!.shape, pooledShape("avgPoolGrad", attrs.inputShape, attrs));
    return [{ shape: [...attrs.inputShape], dtype: dy!.dtype }];
  },
  grad: ({ dys: [g], attrs }) => [runOp(avgPool2dOp, [g!], plain(attrs))[0]!],
});

function poolAttrs(op: string, x: Tensor, poolSize: number | readonly number[], options: Pool2dOptions): PoolAttrs {
  checkImages(op, x);
  const size = pair(op, "poolSize", poolSize);
  const strides = pair(op, "strides", options.strides ?? size);
  const pads = resolvePadding(op, options.padding ?? "valid", [x.shape[1]!, x.shape[2]!], size, strides);
  if (pads[0] >= size[0] || pads[1] >= size[0] || pads[2] >= size[1] || pads[3] >= size[1]) {
    throw new ArgumentError(`${op}: padding ${showShape(pads)} [top, bottom, left, right] must be smaller than the pool size ${showShape(size)}, or some windows would see only padding`);
  }
  pooledShape(op, x.shape, { poolSize: size, strides, pads }); // messages that name the front-end
  return { poolSize: size, strides, pads };
}

/**
 * Max over each poolSize window of a batch of images [batch, height, width, channels]
 * (channels independently). Strides default to the pool size.
 * @example
 * maxPool2d(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]).reshape([1, 2, 4, 1]), 2).reshape([2]).arraySync() // [4, 8]
 * maxPool2d(ones([1, 5, 5, 3]), 3, { strides: 2, padding: "same" }).shape                              // [1, 3, 3, 3]
 */
export function maxPool2d(x: TensorLike, poolSize: number | readonly [number, number] = 2, options: Pool2dOptions = {}): Tensor {
  const t = toTensor(x);
  return runOp(maxPool2dOp, [t], poolAttrs("maxPool2d", t, poolSize, options))[0]!;
}

/**
 * Mean over each poolSize window of a batch of images [batch, height, width, channels].
 * Like TF, windows that overlap padding divide by the number of real input positions they
 * cover. Integer inputs give float32.
 * @example
 * avgPool2d(tensor([[1, 2, 5, 6], [3, 4, 7, 8]]).reshape([1, 2, 4, 1]), 2).reshape([2]).arraySync() // [2.5, 6.5]
 */
export function avgPool2d(x: TensorLike, poolSize: number | readonly [number, number] = 2, options: Pool2dOptions = {}): Tensor {
  let t = toTensor(x);
  if (!isFloat(t.dtype)) t = cast(t, "float32");
  return runOp(avgPool2dOp, [t], poolAttrs("avgPool2d", t, poolSize, options))[0]!;
}

/**
 * Mean over height and width of [batch, height, width, channels]: [batch, channels], or
 * [batch, 1, 1, channels] with keepDims. Integer inputs give float32. (A `mean` over axes 1, 2.)
 * @example globalAvgPool2d(ones([2, 4, 4, 3])).shape // [2, 3]
 */
export function globalAvgPool2d(x: TensorLike, keepDims = false): Tensor {
  return mean(globalInput("globalAvgPool2d", x), [1, 2], keepDims);
}

/**
 * Max over height and width of [batch, height, width, channels]: [batch, channels], or
 * [batch, 1, 1, channels] with keepDims. A `max` over axes 1, 2, so, as in Keras, tied
 * maxima share the gradient (maxPool2d gives it to the first).
 * @example globalMaxPool2d(tensor([1, 5, 2, 3]).reshape([1, 2, 2, 1])).arraySync() // [[5]]
 */
export function globalMaxPool2d(x: TensorLike, keepDims = false): Tensor {
  return max(globalInput("globalMaxPool2d", x), [1, 2], keepDims);
}

function globalInput(op: string, x: TensorLike): Tensor {
  const t = toTensor(x);
  checkImages(op, t);
  if (t.shape[1] === 0 || t.shape[2] === 0) throw new ShapeError(`${op}: the images are empty (shape ${showShape(t.shape)})`);
  return t;
}

installMethods({
  maxPool2d(poolSize, options) {
    return maxPool2d(this, poolSize, options);
  },
  avgPool2d(poolSize, options) {
    return avgPool2d(this, poolSize, options);
  },
  globalAvgPool2d(keepDims) {
    return globalAvgPool2d(this, keepDims);
  },
  globalMaxPool2d(keepDims) {
    return globalMaxPool2d(this, keepDims);
  },
});
