// Classic 2-D functions for the optimizer notebooks, written with tensor ops so grad(),
// minimize() and graph mode work on them. Each takes points [..., 2] (so a grid of points
// evaluates at once for a contour plot) or the two coordinates as separate tensors.
import { toTensor, tensor, type TensorLike } from "../tensor/convert.js";
import { isFloat } from "../tensor/dtype.js";
import { ShapeError, showShape } from "../tensor/errors.js";
import { add, mul, sub } from "../tensor/ops/arithmetic.js";
import { sum } from "../tensor/ops/reduce.js";
import type { Tensor } from "../tensor/tensor.js";

/** A function of a point: `f(p)` with p [..., 2], or `f(x, y)` with x and y broadcastable. */
export type PlaneFunction = (p: TensorLike, y?: TensorLike) => Tensor;

/**
 * The coordinates of points [..., 2] as two tensors [...]; a dot with a mask keeps the
 * gradient flowing to p without a slicing op.
 */
function coordinates(where: string, p: TensorLike, y?: TensorLike): [Tensor, Tensor] {
  if (y !== undefined) return [toTensor(p), toTensor(y)];
  const t = toTensor(p);
  if (t.rank === 0 || t.shape[t.rank - 1] !== 2) {
    throw new ShapeError(`${where}: expected points with a last axis of 2 (x, y), got shape ${showShape(t.shape)}; pass f(tensor([x, y])) or f(x, y)`);
  }
  const dtype = isFloat(t.dtype) ? t.dtype : "float32";
  return [sum(mul(t, tensor([1, 0], dtype)), -1), sum(mul(t, tensor([0, 1], dtype)), -1)];
}

const square = (t: Tensor): Tensor => mul(t, t);

/**
 * Rosenbrock's banana valley (1 − x)² + 100·(y − x²)²: minimum 0 at (1, 1), at the end of
 * a long, curved, flat-bottomed valley that plain gradient descent crawls along.
 * @example rosenbrock(tensor([1, 1])).item() // 0; grad(rosenbrock)(tensor([1, 1])) is [0, 0]
 */
export function rosenbrock(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("rosenbrock", p, y);
  return add(square(sub(1, a)), mul(100, square(sub(b, square(a)))));
}

/**
 * Beale's function (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: minimum 0 at
 * (3, 0.5), with sharp ridges and flat plateaus around it.
 * @example beale(tensor([3, 0.5])).item() // 0
 */
export function beale(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("beale", p, y);
  const ab = mul(a, b);
  const ab2 = mul(ab, b);
  const ab3 = mul(ab2, b);
  return add(add(square(add(sub(1.5, a), ab)), square(add(sub(2.25, a), ab2))), square(add(sub(2.625, a), ab3)));
}

/**
 * The saddle x² − y²: no minimum (unbounded below along y); its only stationary point,
 * (0, 0), is a saddle where the gradient is zero but descent must escape along y.
 * @example saddle(tensor([1, 2])).item() // -3
 */
export function saddle(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("saddle", p, y);
  return sub(square(a), square(b));
}

/**
 * An ill-conditioned ravine x² + 100·y² (condition number 100): minimum 0 at (0, 0). A
 * learning rate that suits x makes y oscillate — the case for momentum.
 * @example ravine(tensor([1, 0.1])).item() // 2
 */
export function ravine(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("ravine", p, y);
  return add(square(a), mul(100, square(b)));
}

/**
 * The same ravine turned 45°: u² + 100·v² with u = (x + y)/√2, v = (x − y)/√2; minimum 0
 * at (0, 0). Its axes are not the coordinate axes, so per-coordinate step sizes (Adagrad,
 * RMSprop, Adam) help less than on `ravine`.
 * @example rotatedRavine(tensor([1, 1])).item() // 2
 */
export function rotatedRavine(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("rotatedRavine", p, y);
  const u = mul(add(a, b), Math.SQRT1_2);
  const v = mul(sub(a, b), Math.SQRT1_2);
  return add(square(u), mul(100, square(v)));
}

/**
 * Himmelblau's function (x² + y − 11)² + (x + y² − 7)²: four minima of value 0, so where
 * an optimizer ends depends on where it starts.
 * @example himmelblau(tensor([3, 2])).item() // 0
 */
export function himmelblau(p: TensorLike, y?: TensorLike): Tensor {
  const [a, b] = coordinates("himmelblau", p, y);
  return add(square(sub(add(square(a), b), 11)), square(sub(add(a, square(b)), 7)));
}

/** A test function with what a notebook needs to plot and check it. */
export interface TestFunction {
  name: string;
  formula: string;
  fn: PlaneFunction;
  /** Global minima (empty when the function is unbounded below). */
  minima: [number, number][];
  /** The value at the minima (or at the stationary point for the saddle). */
  minimumValue: number;
  /** Points where the gradient is zero (the minima, or the saddle point). */
  stationaryPoints: [number, number][];
  /** A plotting window: [xMin, xMax] and [yMin, yMax]. */
  domain: { x: [number, number]; y: [number, number] };
  /** A customary starting point for optimizer comparisons. */
  start: [number, number];
}

/**
 * The test functions by name, with minima, plotting windows and starting points.
 * @example const { fn, start, minima } = testFunctions.rosenbrock;
 */
export const testFunctions: Record<"rosenbrock" | "beale" | "saddle" | "ravine" | "rotatedRavine" | "himmelblau", TestFunction> = {
  rosenbrock: { name: "Rosenbrock", formula: "(1 − x)² + 100·(y − x²)²", fn: rosenbrock, minima: [[1, 1]], minimumValue: 0, stationaryPoints: [[1, 1]], domain: { x: [-2, 2], y: [-1, 3] }, start: [-1.2, 1] },
  beale: { name: "Beale", formula: "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", fn: beale, minima: [[3, 0.5]], minimumValue: 0, stationaryPoints: [[3, 0.5]], domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] }, start: [1, 1.5] },
  saddle: { name: "Saddle", formula: "x² − y²", fn: saddle, minima: [], minimumValue: 0, stationaryPoints: [[0, 0]], domain: { x: [-2, 2], y: [-2, 2] }, start: [1.5, 0.001] },
  ravine: { name: "Ravine", formula: "x² + 100·y²", fn: ravine, minima: [[0, 0]], minimumValue: 0, stationaryPoints: [[0, 0]], domain: { x: [-10, 10], y: [-2, 2] }, start: [-8, 1] },
  rotatedRavine: { name: "Rotated ravine", formula: "u² + 100·v², u = (x + y)/√2, v = (x − y)/√2", fn: rotatedRavine, minima: [[0, 0]], minimumValue: 0, stationaryPoints: [[0, 0]], domain: { x: [-6, 6], y: [-6, 6] }, start: [-5, -4] },
  himmelblau: {
    name: "Himmelblau",
    formula: "(x² + y − 11)² + (x + y² − 7)²",
    fn: himmelblau,
    minima: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    minimumValue: 0,
    stationaryPoints: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    domain: { x: [-5, 5], y: [-5, 5] },
    start: [0, 0],
  },
};
