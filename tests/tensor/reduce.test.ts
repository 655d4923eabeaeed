import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  tensor,
  grad,
  sum,
  mean,
  prod,
  max,
  min,
  argmax,
  argmin,
  variance,
  std,
  logSumExp,
  all,
  any,
  norm,
  zeros,
  hessian,
  ArgumentError,
  ShapeError,
  graphOf,
  type Tensor,
} from "../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../helpers/gradcheck.js";
import { referenceReduce } from "../helpers/reduce-reference.js";

type Axes = number | number[] | undefined;
type Reduction = (x: Tensor, axes?: Axes, keepDims?: boolean) => Tensor;

// Float64 references, one per reduction, over a group of values in row-major order.
const meanOf = (g: number[]) => g.reduce((a, b) => a + b, 0) / g.length;
const references: Record<string, [Reduction, (g: number[]) => number]> = {
  sum: [sum, (g) => g.reduce((a, b) => a + b, 0)],
  mean: [mean, meanOf],
  prod: [prod, (g) => g.reduce((a, b) => a * b, 1)],
  max: [max, (g) => Math.max(...g)],
  min: [min, (g) => Math.min(...g)],
  argmax: [argmax, (g) => g.indexOf(Math.max(...g))],
  argmin: [argmin, (g) => g.indexOf(Math.min(...g))],
  variance: [variance, (g) => meanOf(g.map((v) => (v - meanOf(g)) ** 2))],
  std: [std, (g) => Math.sqrt(meanOf(g.map((v) => (v - meanOf(g)) ** 2)))],
  logSumExp: [logSumExp, (g) => Math.log(g.reduce((a, v) => a + Math.exp(v), 0))],
  "norm euclidean": [(x, axes, keep) => norm(x, "euclidean", axes, keep), (g) => Math.sqrt(g.reduce((a, v) => a + v * v, 0))],
  "norm 1": [(x, axes, keep) => norm(x, 1, axes, keep), (g) => g.reduce((a, v) => a + Math.abs(v), 0)],
  "norm 2": [(x, axes, keep) => norm(x, 2, axes, keep), (g) => Math.sqrt(g.reduce((a, v) => a + v * v, 0))],
  "norm inf": [(x, axes, keep) => norm(x, Infinity, axes, keep), (g) => Math.max(...g.map(Math.abs))],
};

// Shapes with size-1 axes, and axis choices: all, single (negative too), several, none.
const cases: [number[], Axes[]][] = [
  [[5], [undefined, 0, -1]],
  [[2, 3], [undefined, 0, 1, -1, [0, 1], []]],
  [[3, 1, 4], [undefined, 1, [0, 2], [-1, 0], -2]],
  [[2, 3, 1, 2], [[1, 3], [0, 1, 2], 2, [3]]],
];
const singleAxisNorm = (name: string, axes: Axes) => name.startsWith("norm ") && name !== "norm euclidean" && Array.isArray(axes) && axes.length > 1;

function expectMatches(name: string, actual: Tensor, expected: { values: number[]; shape: number[] }, tolerance = 1e-12): void {
  assert.deepEqual(actual.shape, expected.shape, `${name}: shape`);
  assertClose(Array.from(actual.dataSync()), expected.values, tolerance, name);
}

test("every reduction matches a float64 reference over shapes, axes and keepDims", () => {
  cases.forEach(([shape, axesList], k) => {
    const x = randomF64(shape, 11 + k, -2, 2);
    for (const axes of axesList) {
      for (const keepDims of [false, true]) {
        for (const [name, [op, reference]] of Object.entries(references)) {
          if (singleAxisNorm(name, axes)) continue; // two axes are matrix norms, tested below
          const label = `${name} of ${JSON.stringify(shape)} over ${JSON.stringify(axes)}${keepDims ? " keepDims" : ""}`;
          expectMatches(label, op(x, axes, keepDims), referenceReduce(x.dataSync(), shape, axes, keepDims, reference), 1e-10);
        }
      }
    }
  });
});

test("hand-computed values", () => {
  const x = tensor([[1, 5, 5], [7, 2, 0]]);
  assert.deepEqual(sum(x, 0).arraySync(), [8, 7, 5]);
  assert.deepEqual(mean(x, 1).arraySync(), [11 / 3, 3].map(Math.fround));
  assert.deepEqual(prod(x, 1).arraySync(), [25, 0]);
  assert.deepEqual(max(x, 1).arraySync(), [5, 7]);
  assert.deepEqual(min(x).arraySync(), 0);
  assert.deepEqual(argmax(x, 1).arraySync(), [1, 0]); // first of the tied 5s
  assert.deepEqual(argmax(x).arraySync(), 3); // flat index, like np.argmax(x)
  assert.deepEqual(argmin(x, 0).arraySync(), [0, 1, 1]);
  assertClose(variance(tensor([1, 2, 3, 4])).item(), 1.25);
  assertClose(std(tensor([1, 2, 3, 4])).item(), Math.sqrt(1.25));
  assert.deepEqual(all(tensor([[true, false], [true, true]]), 1).arraySync(), [false, true]);
  assert.deepEqual(any(tensor([[true, false], [false, false]]), 1).arraySync(), [true, false]);
  assert.equal(norm(tensor([3, 4])).item(), 5);
  assert.equal(norm(tensor([3, -4]), 1).item(), 7);
  assert.equal(norm(tensor([3, -4]), Infinity).item(), 4);
  const m = tensor([[1, -2], [3, 4]]);
  assert.equal(norm(m, 1, [0, 1]).item(), 6); // largest column sum |1|+|3|, |-2|+|4|
  assert.equal(norm(m, Infinity, [0, 1]).item(), 7); // largest row sum
  assert.equal(norm(m, 1, [1, 0]).item(), 7); // rows and columns swapped
  assertClose(norm(m, "fro").item(), Math.sqrt(30));
  assert.deepEqual(norm(m, "fro", [0, 1], true).shape, [1, 1]);
});

test("dtype rules follow NumPy/TF", () => {
  const ints = tensor([[1, 2], [3, 4]], "int32");
  const bools = tensor([true, true, false]);
  assert.equal(sum(bools).dtype, "int32");
  assert.equal(sum(bools).item(), 2);
  assert.equal(prod(bools).dtype, "int32");
  assert.equal(mean(ints).dtype, "float32");
  assert.equal(mean(ints).item(), 2.5);
  assert.equal(mean(tensor([1, 2], "float64")).dtype, "float64");
  assert.equal(max(ints).dtype, "int32");
  assert.equal(argmax(ints).dtype, "int32");
  assert.equal(argmax(tensor([1.5, 2.5], "float64")).dtype, "int32");
  assert.equal(all(ints).dtype, "bool");
  assert.equal(any(tensor([0, 0.5])).item(), 1);
  assert.equal(variance(ints).dtype, "float32");
  assert.equal(std(ints, 0).dtype, "float32");
  assert.equal(logSumExp(ints).dtype, "float32");
  assert.equal(norm(ints).dtype, "float32");
  // int32 products wrap exactly like int32 arithmetic (a float accumulator would round).
  assert.equal(prod(tensor([65537, 65537, 3], "int32")).item(), Math.imul(Math.imul(65537, 65537), 3));
});

test("mean is one op in the graph (not sum then div), ints cast first; its gradient spreads dy / N", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(graphOf(mean(x, 1)).nodes.map((n) => n.op), ["tensor", "mean"]);
  assert.deepEqual(graphOf(x.mean()).nodes.map((n) => n.op), ["tensor", "mean"]);
  assert.deepEqual(graphOf(mean(tensor([1, 2], "int32"))).nodes.map((n) => n.op), ["tensor", "cast", "mean"]);
  // d/dx of Σ_rows w_r · mean(x_r): every element of row r gets w_r / 3.
  const g = grad((t: Tensor) => mean(t, 1).mul(tensor([2, -6])).sum())(x);
  assertClose(Array.from(g.dataSync()), [2 / 3, 2 / 3, 2 / 3, -2, -2, -2], 1e-7);
  assert.ok(Number.isNaN(mean(zeros([0])).item()));
});

test("NaN propagates through max/min and argmax points at the first NaN", () => {
  const x = tensor([1, NaN, 3, NaN]);
  assert.ok(Number.isNaN(max(x).item()));
  assert.ok(Number.isNaN(min(x).item()));
  assert.equal(argmax(x).item(), 1);
  assert.equal(argmin(x).item(), 1);
});

test("logSumExp and the norms are numerically stable", () => {
  assertClose(logSumExp(tensor([1000, 1000])).item(), 1000 + Math.log(2), 1e-7);
  assertClose(logSumExp(tensor([-1000, -1000])).item(), -1000 + Math.log(2), 1e-7);
  assert.equal(logSumExp(tensor([-Infinity, -Infinity])).item(), -Infinity);
  assert.equal(logSumExp(tensor([Infinity, 1])).item(), Infinity);
  assertClose(norm(tensor([3e200, 4e200], "float64")).item(), 5e200, 1e-12);
  assertClose(norm(tensor([3e-200, 4e-200], "float64")).item() / 1e-200, 5, 1e-12);
  assertClose(norm(tensor([3e30, 4e30])).item() / 1e30, 5, 1e-6);
  // Two-pass variance does not cancel catastrophically around a large mean.
  assertClose(variance(tensor([1e9 + 1, 1e9 + 2, 1e9 + 3], "float64")).item(), 2 / 3, 1e-9);
});

test("gradients of the differentiable reductions match finite differences", () => {
  const differentiable = ["sum", "mean", "prod", "max", "min", "variance", "std", "logSumExp", "norm euclidean", "norm 1", "norm 2", "norm inf"];
  cases.forEach(([shape, axesList], k) => {
    // Values in [0.5, 1.5) with random signs keep |x| away from 0 (the kink of |x|).
    const magnitude = randomF64(shape, 31 + k, 0.5, 1.5);
    const signs = randomF64(shape, 57 + k).dataSync().map((v) => (v < 0 ? -1 : 1));
    const x = magnitude.mul(tensor(signs, { shape, dtype: "float64" }));
    for (const axes of axesList) {
      for (const keepDims of [false, true]) {
        for (const name of differentiable) {
          if (singleAxisNorm(name, axes)) continue;
          const [op] = references[name]!;
          checkGrads((t) => op(t!, axes, keepDims).mul(op(t!, axes, keepDims)), [x]);
        }
      }
    }
  });
});

test("matrix norms have gradients too", () => {
  const x = randomF64([3, 4], 5, 0.2, 2).mul(tensor([[1, -1, 1, -1]], "float64"));
  for (const ord of [1, Infinity, "fro"] as const) {
    checkGrads((t) => norm(t!, ord, [0, 1]), [x]);
    checkGrads((t) => norm(t!, ord, [1, 0], true), [x]);
  }
});

test("prod's gradient is exact with zeros in the input (it never divides by x)", () => {
  const oneZero = tensor([[2, 0, 3], [1, 4, -2]], "float64");
  const twoZeros = tensor([[0, 0, 3], [1, 0, -2]], "float64");
  // ∂/∂x_i ∏x = ∏_{j≠i} x_j, by hand for the first row of oneZero.
  assertClose(grad((t) => prod(t, 1))(oneZero).arraySync(), [[0, 6, 0], [-8, -2, 4]]);
  assertClose(grad((t) => prod(t))(twoZeros).arraySync(), [[0, 0, 0], [0, 0, 0]]);
  for (const x of [oneZero, twoZeros]) {
    for (const axes of [undefined, 0, 1, [0, 1]] as Axes[]) checkGrads((t) => prod(t!, axes), [x]);
  }
});

test("max/min split the gradient evenly between ties (documented choice, as TensorFlow)", () => {
  const x = tensor([[1, 3, 3], [2, 2, 2]], "float64");
  assertClose(grad((t) => max(t, 1))(x).arraySync(), [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]]);
  assertClose(grad((t) => min(t))(x).arraySync(), [[1, 0, 0], [0, 0, 0]]);
  assertClose(grad((t) => norm(t, Infinity))(tensor([-3, 3, 1], "float64")).arraySync(), [-0.5, 0.5, 0]);
});

test("gradients at the zero vector are 0, not NaN (subgradients of the kinks)", () => {
  const zero = zeros([2, 3], "float64");
  for (const ord of ["euclidean", 1, 2, Infinity, "fro"] as const) {
    assert.deepEqual(grad((t) => norm(t, ord))(zero).arraySync(), [[0, 0, 0], [0, 0, 0]], `norm ${ord}`);
    // Second derivatives too (grad of grad) stay finite.
    assert.ok(Array.from(grad(grad((t) => norm(t, ord)))(zero).dataSync()).every(Number.isFinite), `norm ${ord} second derivative`);
  }
  assert.deepEqual(grad((t) => norm(t, 2, 1))(tensor([[0, 0], [3, 4]], "float64")).arraySync(), [[0, 0], [0.6, 0.8]]);
  // std of equal values: √ has a kink at 0; the gradient there is 0.
  assert.deepEqual(grad((t) => std(t))(tensor([2, 2, 2], "float64")).arraySync(), [0, 0, 0]);
});

test("second derivatives of sum, mean, logSumExp and prod match finite differences", () => {
  const shapes: [number[], Axes][] = [[[4], undefined], [[2, 3], 1], [[3, 1, 2], [0, 2]], [[2, 3], 0]];
  shapes.forEach(([shape, axes], k) => {
    const x = randomF64(shape, 71 + k, 0.3, 1.5);
    for (const keepDims of [false, true]) {
      const ops: Reduction[] = [sum, mean, logSumExp, prod];
      for (const op of ops) {
        const outShape = op(x, axes, keepDims).shape;
        const v = randomF64([...outShape], 91 + k);
        const w = randomF64(shape, 97 + k);
        // A nonlinear scalar of the reduction, so that even linear reductions have a nonzero Hessian.
        const first = (t: Tensor) => grad((s) => op(s, axes, keepDims).mul(op(s, axes, keepDims)).mul(v).sum())(t);
        checkGrads((t) => first(t!).mul(w), [x], { tolerance: 1e-5 });
      }
    }
  });
  // prod's Hessian with zeros in the input: ∂²/∂x_i∂x_k ∏x = ∏_{j≠i,k} x_j, no division anywhere.
  const z = tensor([0, 2, 3], "float64");
  assert.deepEqual(grad(grad((t) => prod(t)))(z).arraySync(), [3 + 2, 3 + 0, 2 + 0]);
  checkGrads((t) => grad((s) => prod(s))(t!), [tensor([[0, 2, 3], [0, 0, 5]], "float64")], { tolerance: 1e-5 });
});

test("the Hessian of logSumExp is diag(p) − ppᵀ and prod's has ∏ of the other two off the diagonal", () => {
  const x = tensor([0.1, -0.5, 1.2], "float64");
  const e = Array.from(x.dataSync()).map(Math.exp);
  const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
  assertClose(hessian((t) => logSumExp(t))(x).arraySync(), p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)), 1e-12);
  assertClose(hessian((t) => prod(t))(tensor([0, 2, 3], "float64")).arraySync(), [[0, 3, 2], [3, 0, 0], [2, 0, 0]]);
});

test("empty tensors: identities where they exist, clear errors where not", () => {
  const empty = zeros([0, 3]);
  assert.equal(sum(zeros([0])).item(), 0);
  assert.deepEqual(sum(empty, 0).arraySync(), [0, 0, 0]);
  assert.deepEqual(sum(empty, 1).shape, [0]);
  assert.equal(prod(zeros([0])).item(), 1);
  assert.ok(Number.isNaN(mean(zeros([0])).item()));
  assert.equal(all(zeros([0], "bool")).item(), 1);
  assert.equal(any(zeros([0], "bool")).item(), 0);
  assert.equal(logSumExp(zeros([0])).item(), -Infinity);
  assert.equal(norm(zeros([0])).item(), 0);
  assert.equal(norm(zeros([0]), Infinity).item(), 0);
  assert.deepEqual(max(empty, 1).shape, [0]); // nothing to reduce, nothing to complain about
  assert.deepEqual(grad((t) => sum(t))(zeros([0, 3], "float64")).shape, [0, 3]);
  for (const [name, op] of [["max", max], ["min", min], ["argmax", argmax], ["argmin", argmin]] as const) {
    assert.throws(
      () => op(empty, 0),
      (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${name}: cannot reduce over no elements: axes [0] of shape [0, 3]`) && /reduce\.test\.ts:\d+/.test(e.message),
    );
    assert.throws(() => op(zeros([0])), (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${name}: cannot reduce`));
  }
});

test("a bad axis names the op and the valid range", () => {
  const x = zeros([2, 3]);
  const ops: [string, (axes: Axes) => unknown][] = [
    ["sum", (a) => sum(x, a)],
    ["mean", (a) => mean(x, a)],
    ["prod", (a) => prod(x, a)],
    ["max", (a) => max(x, a)],
    ["min", (a) => min(x, a)],
    ["argmax", (a) => argmax(x, a)],
    ["argmin", (a) => argmin(x, a)],
    ["variance", (a) => variance(x, a)],
    ["std", (a) => std(x, a)],
    ["logSumExp", (a) => logSumExp(x, a)],
    ["all", (a) => all(x, a)],
    ["any", (a) => any(x, a)],
    ["norm", (a) => norm(x, 2, a)],
  ];
  for (const [name, run] of ops) {
    for (const bad of [2, -3, [0, 5]]) {
      const shown = typeof bad === "number" ? bad : 5;
      assert.throws(
        () => run(bad),
        (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`${name}: axis ${shown} is out of range for a tensor of rank 2 (expected -2 … 1)`),
        `${name} with axis ${JSON.stringify(bad)}`,
      );
    }
    assert.throws(() => run([1, -1]), (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`${name}: repeated axis`));
  }
});

test("norm rejects orders and axes it does not support, saying what it expected", () => {
  const x = zeros([2, 3]);
  assert.throws(() => norm(x, 3), /norm: unsupported ord 3; expected 1, 2, Infinity, "fro" or "euclidean"/);
  assert.throws(() => norm(x, "nuc" as "fro"), /norm: unsupported ord "nuc"/);
  assert.throws(() => norm(x, "fro", 0), /norm: "fro" is a matrix norm and takes two axes, got \[0\]/);
  assert.throws(() => norm(zeros([3]), "fro"), /norm: "fro" is a matrix norm and needs a tensor of rank ≥ 2, got shape \[3\]/);
  assert.throws(() => norm(x, 2, [0, 1]), /norm: the matrix 2-norm \(largest singular value\) is not supported/);
  assert.throws(() => norm(zeros([2, 2, 2]), 1, [0, 1, 2]), /norm: ord 1 takes one axis \(a vector norm\) or two \(a matrix norm\), got \[0, 1, 2\]/);
});

test("chainable methods give the same results as the functions", () => {
  const x = randomF64([2, 3], 3);
  const same = (a: Tensor, b: Tensor) => {
    assert.deepEqual(a.shape, b.shape);
    assert.deepEqual(a.arraySync(), b.arraySync());
  };
  same(x.mean(), mean(x));
  same(x.sum(1), sum(x, 1));
  same(x.prod([0, 1], true), prod(x, [0, 1], true));
  same(x.max(1, true), max(x, 1, true));
  same(x.min(-1), min(x, -1));
  same(x.argmax(-1), argmax(x, -1));
  same(x.argmin(0), argmin(x, 0));
  same(x.variance(0), variance(x, 0));
  same(x.std(), std(x));
  same(x.logSumExp(1), logSumExp(x, 1));
  same(x.norm(), norm(x));
  same(x.norm(1, 0, true), norm(x, 1, 0, true));
  same(x.all(), all(x));
  same(x.any(0), any(x, 0));
});

// ---- property-based tests ----

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
/** A shape with a random subset of its axes, and a seed for the values. */
const shapeAxesArb = shapeArb.chain((shape) =>
  fc.record({ shape: fc.constant(shape), axes: fc.subarray(shape.map((_, i) => i)), seed: fc.integer({ min: 1, max: 1e6 }) }),
);

test("property: summing over all axes equals summing over axis 0, then the rest", () => {
  fc.assert(
    fc.property(shapeAxesArb, ({ shape, seed }) => {
      const x = randomF64(shape, seed);
      assertClose(sum(x).item(), sum(sum(x, 0)).item(), 1e-12);
    }),
    { numRuns: 60 },
  );
});

test("property: mean · count = sum, and variance = mean(x²) − mean(x)²", () => {
  fc.assert(
    fc.property(shapeAxesArb, ({ shape, axes, seed }) => {
      const x = randomF64(shape, seed);
      const count = axes.reduce((n, a) => n * shape[a]!, 1);
      assertClose(mean(x, axes).mul(count).arraySync(), sum(x, axes).arraySync(), 1e-12);
      assertClose(variance(x, axes).arraySync(), mean(x.mul(x), axes).sub(mean(x, axes).mul(mean(x, axes))).arraySync(), 1e-12);
    }),
    { numRuns: 60 },
  );
});

test("property: max ≥ every element and is attained; argmax points at it", () => {
  fc.assert(
    fc.property(shapeAxesArb, fc.boolean(), ({ shape, axes, seed }, keepDims) => {
      // Few distinct values, so ties are common.
      const x = tensor(randomF64(shape, seed, 0, 4).dataSync().map(Math.floor), { shape, dtype: "float64" });
      const m = max(x, axes, true);
      assert.ok(x.sub(m).dataSync().every((v) => v <= 0), "max is ≥ every element");
      const maxima = m.dataSync();
      referenceReduce(x.dataSync(), shape, axes, true, (g) => g.length).values.forEach((_, i) => {
        const group = referenceReduce(x.dataSync(), shape, axes, true, (g) => Number(g.includes(maxima[i]!))).values[i];
        assert.equal(group, 1, "the max is one of the elements");
      });
      assert.ok(min(x, axes, true).sub(x).dataSync().every((v) => v <= 0), "min is ≤ every element");
      const expected = referenceReduce(x.dataSync(), shape, axes, keepDims, (g) => g.indexOf(Math.max(...g)));
      assert.deepEqual(Array.from(argmax(x, axes, keepDims).dataSync()), expected.values);
    }),
    { numRuns: 60 },
  );
});

test("property: keepDims keeps reduced axes as size 1 and otherwise drops them", () => {
  fc.assert(
    fc.property(shapeAxesArb, ({ shape, axes, seed }) => {
      const x = randomF64(shape, seed);
      const ops: Reduction[] = [sum, mean, prod, max, min, argmax, argmin, variance, std, logSumExp, all, any, (t, a, k) => norm(t, "euclidean", a, k)];
      for (const op of ops) {
        const kept = op(x, axes, true);
        const dropped = op(x, axes, false);
        assert.deepEqual(kept.shape, shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        assert.deepEqual(dropped.shape, shape.filter((_, i) => !axes.includes(i)));
        assert.deepEqual(Array.from(kept.dataSync()), Array.from(dropped.dataSync()));
      }
    }),
    { numRuns: 40 },
  );
});

test("property: prod over several axes is the product of per-axis products; logSumExp is within log n of max", () => {
  fc.assert(
    fc.property(shapeAxesArb, ({ shape, axes, seed }) => {
      const x = randomF64(shape, seed, 0.5, 1.5);
      let stepwise = x;
      for (const a of [...axes].reverse()) stepwise = prod(stepwise, a);
      assertClose(prod(x, axes).arraySync(), stepwise.arraySync(), 1e-12);
      const n = axes.reduce((p, a) => p * shape[a]!, 1);
      const gap = logSumExp(x, axes).sub(max(x, axes)).dataSync();
      assert.ok(gap.every((g) => g >= -1e-12 && g <= Math.log(n) + 1e-12));
    }),
    { numRuns: 60 },
  );
});
