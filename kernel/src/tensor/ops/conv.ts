import { defineOp, type OpDef } from "../op.js";
import { runOp } from "../engine.js";
import { ArgumentError, DTypeError, ShapeError, showShape } from "../errors.js";
import { shapesEqual, type Shape } from "../shape.js";
import { installMethods, type Tensor } from "../tensor.js";
import type { TensorLike } from "../convert.js";
import { coerceOperands } from "./arithmetic.js";
import { reshape } from "./shape-ops.js";
import { checkImages, effectiveSize, pair, padding1dAs2d, resolvePadding, windowOutput, type Padding, type Padding1d, type Pads } from "./window.js";

declare module "../tensor.js" {
  interface TensorMethods {
    conv1d(filter: TensorLike, options?: Conv1dOptions): Tensor;
    conv2d(filter: TensorLike, options?: Conv2dOptions): Tensor;
    depthwiseConv2d(filter: TensorLike, options?: DepthwiseConv2dOptions): Tensor;
    conv2dTranspose(filter: TensorLike, options?: Conv2dTransposeOptions): Tensor;
  }
}

/** Options of conv2d. Numbers apply to both spatial axes; pairs are [height, width]. */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  strides?: number | readonly [number, number];
  /** "valid" (default), "same" or explicit numbers; see {@link Padding}. */
  padding?: Padding;
  /** Spacing between filter taps (default 1: a dense filter). */
  dilations?: number | readonly [number, number];
  /**
   * Grouped convolution (default 1): channels are split into `groups` independent groups;
   * the filter is [h, w, inChannels / groups, outChannels] and outChannels must divide by groups.
   */
  groups?: number;
}

/** Options of depthwiseConv2d (as conv2d, without groups). */
export type DepthwiseConv2dOptions = Omit<Conv2dOptions, "groups">;

/** Options of conv1d; sizes are single numbers. */
export interface Conv1dOptions {
  stride?: number;
  padding?: Padding1d;
  dilation?: number;
  groups?: number;
}

/** Options of conv2dTranspose. */
export interface Conv2dTransposeOptions {
  /**
   * [batch, height, width, channels] of the result: the input shape of the conv2d this op
   * transposes. Computed when omitted: in·stride for "same", (in − 1)·stride + dilated
   * filter size for "valid", minus the padding for explicit numbers.
   */
  outputShape?: readonly number[];
  strides?: number | readonly [number, number];
  padding?: Padding;
  dilations?: number | readonly [number, number];
}

/** Resolved attributes shared by the conv2d family (explicit padding, never "same"). */
export interface ConvAttrs {
  strides: [number, number];
  dilations: [number, number];
  /** [top, bottom, left, right] */
  pads: Pads;
  groups: number;
}

/** conv2dTranspose: also the shape of its result (the forward conv's input). */
export interface ConvTransposeAttrs extends ConvAttrs {
  outputShape: number[];
}

/** conv2dBackpropFilter: also the filter's shape. */
export interface ConvFilterAttrs extends ConvAttrs {
  filterShape: number[];
}

const plain = ({ strides, dilations, pads, groups }: ConvAttrs): ConvAttrs => ({ strides, dilations, pads, groups });

function checkDTypes(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new DTypeError(`${op}: operands have dtypes ${a.dtype} and ${b.dtype} (shapes ${showShape(a.shape)}, ${showShape(b.shape)})`);
  if (a.dtype === "bool") throw new DTypeError(`${op}: bool tensors are not supported; cast() to float32 first`);
}

/**
 * Checks an image batch x [n, h, w, c] against a filter [fh, fw, c / groups, outC] and
 * gives the conv2d output shape. `op` names the op the user called (messages).
 */
function convOutputShape(op: string, x: Shape, filter: Shape, attrs: ConvAttrs): number[] {
  checkImages(op, { shape: x });
  if (filter.length !== 4) throw new ShapeError(`${op}: the filter must have rank 4 [height, width, inChannels, outChannels], got shape ${showShape(filter)}`);
  const [fh, fw, fin, fout] = filter as [number, number, number, number];
  const { groups } = attrs;
  if (x[3]! !== fin * groups) {
    throw new ShapeError(
      groups === 1
        ? `${op}: the input has ${x[3]} channels but the filter expects ${fin} (input ${showShape(x)}, filter ${showShape(filter)})`
        : `${op}: the input has ${x[3]} channels but the filter expects ${fin} × ${groups} groups = ${fin * groups} (input ${showShape(x)}, filter ${showShape(filter)})`,
    );
  }
  if (fout % groups !== 0) throw new ShapeError(`${op}: the filter's ${fout} output channels do not divide into ${groups} groups (filter ${showShape(filter)})`);
  const window: [number, number] = [effectiveSize(fh, attrs.dilations[0]), effectiveSize(fw, attrs.dilations[1])];
  const dilated = attrs.dilations[0] > 1 || attrs.dilations[1] > 1 ? "filter after dilation" : "filter";
  const [oh, ow] = windowOutput(op, [x[1]!, x[2]!], window, attrs.strides, attrs.pads, x, dilated);
  return [x[0]!, oh, ow, fout];
}

const conv2dOp: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  name: "conv2d",
  infer: ([x, w], attrs) => {
    checkDTypes("conv2d", x!, w!);
    return [{ shape: convOutputShape("conv2d", x!.shape, w!.shape, attrs), dtype: x!.dtype }];
  },
  // The input gradient is the transposed convolution of dy; the filter gradient correlates
  // the input with dy. Both are ops with their own rules, so second derivatives work.
  grad: ({ dys: [dy], inputs: [x, w], attrs, needs: [needsX, needsW] }) => [
    needsX ? runOp(conv2dTransposeOp, [dy!, w!], { ...plain(attrs), outputShape: [...x!.shape] })[0]! : undefined,
    needsW ? runOp(conv2dBackpropFilterOp, [x!, dy!], { ...plain(attrs), filterShape: [...w!.shape] })[0]! : undefined,
  ],
});

/**
 * The adjoint of conv2d with respect to its input: maps y [n, oh, ow, outC] back to
 * `outputShape` [n, h, w, inC] through the same filter. It is both conv2d's input gradient
 * and the user-facing conv2dTranspose.
 */
const conv2dTransposeOp: OpDef<ConvTransposeAttrs> = defineOp<ConvTransposeAttrs>({
  name: "conv2dTranspose",
  infer: ([y, w], attrs) => {
    checkDTypes("conv2dTranspose", y!, w!);
    checkImages("conv2dTranspose", y!);
    const { outputShape } = attrs;
    if (outputShape.length !== 4 || outputShape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ArgumentError(`conv2dTranspose: outputShape must be [batch, height, width, channels] of non-negative integers, got ${JSON.stringify(outputShape)}`);
    }
    if (w!.rank === 4 && y!.shape[3] !== w!.shape[3]) {
      throw new ShapeError(`conv2dTranspose: the input has ${y!.shape[3]} channels but the filter [height, width, outChannels, inChannels] expects ${w!.shape[3]} (input ${showShape(y!.shape)}, filter ${showShape(w!.shape)})`);
    }
    if (w!.rank === 4 && outputShape[3] !== w!.shape[2]! * attrs.groups) {
      throw new ShapeError(`conv2dTranspose: outputShape ${showShape(outputShape)} has ${outputShape[3]} channels but the filter [height, width, outChannels, inChannels] gives ${w!.shape[2]! * attrs.groups} (filter ${showShape(w!.shape)})`);
    }
    const forward = convOutputShape("conv2dTranspose", outputShape, w!.shape, attrs);
    if (!shapesEqual(forward, y!.shape)) {
      throw new ShapeError(`conv2dTranspose: outputShape ${showShape(outputShape)} does not fit the input ${showShape(y!.shape)}: a conv2d with these strides and padding maps ${showShape(outputShape)} to ${showShape(forward)}`);
    }
    return [{ shape: [...outputShape], dtype: y!.dtype }];
  },
  // Linear in y and in w: ⟨g, T(y, w)⟩ = ⟨conv2d(g, w), y⟩.
  grad: ({ dys: [g], inputs: [y, w], attrs }) => [
    runOp(conv2dOp, [g!, w!], plain(attrs))[0]!,
    runOp(conv2dBackpropFilterOp, [g!, y!], { ...plain(attrs), filterShape: [...w!.shape] })[0]!,
  ],
});

/** conv2d's filter gradient: F(x, dy)[ky, kx, c, o] = Σ x[n, iy, ix, c] · dy[n, oy, ox, o]. */
const conv2dBackpropFilterOp: OpDef<ConvFilterAttrs> = defineOp<ConvFilterAttrs>({
  name: "conv2dBackpropFilter",
  infer: ([x, dy], attrs) => {
    checkDTypes("conv2dBackpropFilter", x!, dy!);
    const forward = convOutputShape("conv2dBackpropFilter", x!.shape, attrs.filterShape, attrs);
    if (!shapesEqual(forward, dy!.shape)) {
      throw new ShapeError(`conv2dBackpropFilter: dy has shape ${showShape(dy!.shape)}, but conv2d of ${showShape(x!.shape)} with filter ${showShape(attrs.filterShape)} gives ${showShape(forward)}`);
    }
    return [{ shape: [...attrs.filterShape], dtype: x!.dtype }];
  },
  // Linear in x and in dy: ⟨G, F(x, dy)⟩ = ⟨conv2d(x, G), dy⟩.
  grad: ({ dys: [g], inputs: [x, dy], attrs }) => [
    runOp(conv2dTransposeOp, [dy!, g!], { ...plain(attrs), outputShape: [...x!.shape] })[0]!,
    runOp(conv2dOp, [x!, g!], plain(attrs))[0]!,
  ],
});

function groupsOf(op: string, groups: number | undefined): number {
  const g = groups ?? 1;
  if (!Number.isInteger(g) || g < 1) throw new ArgumentError(`${op}: groups must be a positive integer, got ${JSON.stringify(groups)}`);
  return g;
}

/** Checks rank and resolves options; `size` is the spatial size the padding applies to. */
function convAttrs(op: string, filter: Tensor, size: readonly [number, number], options: Conv2dOptions): ConvAttrs {
  const strides = pair(op, "strides", options.strides ?? 1);
  const dilations = pair(op, "dilations", options.dilations ?? 1);
  const groups = groupsOf(op, options.groups);
  if (filter.rank !== 4) throw new ShapeError(`${op}: the filter must have rank 4 [height, width, inChannels, outChannels], got shape ${showShape(filter.shape)}`);
  const window: [number, number] = [effectiveSize(filter.shape[0]!, dilations[0]), effectiveSize(filter.shape[1]!, dilations[1])];
  return { strides, dilations, groups, pads: resolvePadding(op, options.padding ?? "valid", size, window, strides) };
}

function conv2dAs(op: string, x: TensorLike, filter: TensorLike, options: Conv2dOptions): Tensor {
  const [xt, wt] = coerceOperands(x, filter);
  checkImages(op, xt);
  const attrs = convAttrs(op, wt, [xt.shape[1]!, xt.shape[2]!], options);
  convOutputShape(op, xt.shape, wt.shape, attrs); // messages that name the front-end
  return runOp(conv2dOp, [xt, wt], attrs)[0]!;
}

/**
 * 2-D convolution (cross-correlation, as in TF/PyTorch) of a batch of images.
 * x is NHWC [batch, height, width, inChannels]; filter is HWIO [fh, fw, inChannels, outChannels];
 * the result is [batch, outHeight, outWidth, outChannels]. Padding "valid" (default) uses
 * only whole windows; "same" pads (TF rule) so that outHeight = ceil(height / stride).
 * @example
 * const x = ones([1, 5, 5, 3]);
 * conv2d(x, ones([3, 3, 3, 8]), { padding: "same" }).shape   // [1, 5, 5, 8]
 * conv2d(x, ones([3, 3, 3, 8]), { strides: 2 }).shape          // [1, 2, 2, 8]
 */
export function conv2d(x: TensorLike, filter: TensorLike, options: Conv2dOptions = {}): Tensor {
  return conv2dAs("conv2d", x, filter, options);
}

/**
 * 1-D convolution over a batch of sequences: x is NWC [batch, width, inChannels], filter is
 * [fw, inChannels, outChannels]; the result is [batch, outWidth, outChannels]. Computed as
 * a conv2d over images of height 1. Padding: "valid" (default), "same", p or [left, right].
 * @example conv1d(ones([2, 10, 3]), ones([3, 3, 4]), { padding: "same" }).shape // [2, 10, 4]
 */
export function conv1d(x: TensorLike, filter: TensorLike, options: Conv1dOptions = {}): Tensor {
  const [xt, wt] = coerceOperands(x, filter);
  if (xt.rank !== 3) throw new ShapeError(`conv1d: the input must have rank 3 [batch, width, channels], got shape ${showShape(xt.shape)}`);
  if (wt.rank !== 3) throw new ShapeError(`conv1d: the filter must have rank 3 [width, inChannels, outChannels], got shape ${showShape(wt.shape)}`);
  const groups = groupsOf("conv1d", options.groups);
  if (xt.shape[2] !== wt.shape[1]! * groups) {
    throw new ShapeError(`conv1d: the input has ${xt.shape[2]} channels but the filter expects ${wt.shape[1]! * groups} (input ${showShape(xt.shape)}, filter ${showShape(wt.shape)})`);
  }
  const stride = options.stride ?? 1;
  const dilation = options.dilation ?? 1;
  for (const [what, v] of [["stride", stride], ["dilation", dilation]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`conv1d: ${what} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  const out = conv2dAs("conv1d", reshape(xt, [xt.shape[0]!, 1, xt.shape[1]!, xt.shape[2]!]), reshape(wt, [1, ...wt.shape]), {
    strides: [1, stride] as [number, number],
    dilations: [1, dilation] as [number, number],
    padding: padding1dAs2d("conv1d", options.padding ?? "valid"),
    groups,
  });
  return reshape(out, [out.shape[0]!, out.shape[2]!, out.shape[3]!]);
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `multiplier`
 * filters. x is [batch, height, width, channels], filter is [fh, fw, channels, multiplier];
 * output channel c·multiplier + m comes from input channel c and filter [:, :, c, m] (TF
 * layout). Computed as a grouped conv2d with one group per channel.
 * @example depthwiseConv2d(ones([1, 4, 4, 3]), ones([3, 3, 3, 2]), { padding: "same" }).shape // [1, 4, 4, 6]
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, options: DepthwiseConv2dOptions = {}): Tensor {
  const [xt, wt] = coerceOperands(x, filter);
  checkImages("depthwiseConv2d", xt);
  if (wt.rank !== 4) throw new ShapeError(`depthwiseConv2d: the filter must have rank 4 [height, width, channels, multiplier], got shape ${showShape(wt.shape)}`);
  const [fh, fw, channels, multiplier] = wt.shape as [number, number, number, number];
  if (channels !== xt.shape[3]) {
    throw new ShapeError(`depthwiseConv2d: the input has ${xt.shape[3]} channels but the filter expects ${channels} (input ${showShape(xt.shape)}, filter ${showShape(wt.shape)})`);
  }
  // [fh, fw, C, M] → [fh, fw, 1, C·M] keeps the flat order, so output channel c·M + m is filter (c, m).
  return conv2dAs("depthwiseConv2d", xt, reshape(wt, [fh, fw, 1, channels * multiplier]), { ...options, groups: channels });
}

/**
 * Transposed 2-D convolution ("deconvolution", TF semantics): the gradient of conv2d with
 * respect to its input, used to upsample. x is [batch, height, width, inChannels]; filter is
 * [fh, fw, outChannels, inChannels] (the filter of the conv2d being transposed, which maps
 * outChannels to inChannels). The strides and padding describe that conv2d; "same" is
 * resolved against `outputShape`.
 * @example
 * conv2dTranspose(ones([1, 4, 4, 8]), ones([3, 3, 3, 8]), { strides: 2, padding: "same" }).shape // [1, 8, 8, 3]
 */
export function conv2dTranspose(x: TensorLike, filter: TensorLike, options: Conv2dTransposeOptions = {}): Tensor {
  const op = "conv2dTranspose";
  const [xt, wt] = coerceOperands(x, filter);
  checkImages(op, xt);
  if (wt.rank !== 4) throw new ShapeError(`${op}: the filter must have rank 4 [height, width, outChannels, inChannels], got shape ${showShape(wt.shape)}`);
  if (xt.shape[3] !== wt.shape[3]) {
    throw new ShapeError(`${op}: the input has ${xt.shape[3]} channels but the filter [height, width, outChannels, inChannels] expects ${wt.shape[3]} (input ${showShape(xt.shape)}, filter ${showShape(wt.shape)})`);
  }
  const strides = pair(op, "strides", options.strides ?? 1);
  const dilations = pair(op, "dilations", options.dilations ?? 1);
  const padding = options.padding ?? "valid";
  const window: [number, number] = [effectiveSize(wt.shape[0]!, dilations[0]), effectiveSize(wt.shape[1]!, dilations[1])];
  let outputShape = options.outputShape ? [...options.outputShape] : undefined;
  if (!outputShape) {
    const size = [1, 2].map((axis) => {
      const s = strides[axis - 1]!;
      if (padding === "same") return xt.shape[axis]! * s;
      const [before, after] = padding === "valid" ? [0, 0] : resolvePadding(op, padding, [0, 0], window, strides).slice(2 * (axis - 1), 2 * axis);
      return Math.max((xt.shape[axis]! - 1) * s + window[axis - 1]! - before! - after!, 0);
    });
    outputShape = [xt.shape[0]!, size[0]!, size[1]!, wt.shape[2]!];
  }
  if (outputShape.length !== 4 || outputShape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`${op}: outputShape must be [batch, height, width, channels] of non-negative integers, got ${JSON.stringify(options.outputShape)}`);
  }
  const pads = resolvePadding(op, padding, [outputShape[1]!, outputShape[2]!], window, strides);
  return runOp(conv2dTransposeOp, [xt, wt], { strides, dilations, pads, groups: 1, outputShape })[0]!;
}

installMethods({
  conv1d(filter, options) {
    return conv1d(this, filter, options);
  },
  conv2d(filter, options) {
    return conv2d(this, filter, options);
  },
  depthwiseConv2d(filter, options) {
    return depthwiseConv2d(this, filter, options);
  },
  conv2dTranspose(filter, options) {
    return conv2dTranspose(this, filter, options);
  },
});
