import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, losses } from "../../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../../helpers/gradcheck.js";
import { meanOf, perRow, perSample, plain } from "./reference.js";

const hingeRow = (squared: boolean) => (ys: number[], ps: number[]) => meanOf(ps.map((p, i) => Math.max(1 - ys[i]! * p, 0) ** (squared ? 2 : 1)));
const f64 = (values: number[], shape: number[]) => tensor(Float64Array.from(values), { shape, dtype: "float64" });

test("hinge and squaredHinge match a float64 reference with ±1 labels, over several shapes", () => {
  [[4, 3], [5, 1], [2, 2, 3]].forEach((shape, k) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const y = f64(Array.from({ length: size }, (_, i) => ((i * 3 + k) % 4 < 2 ? 1 : -1)), shape);
    const p = randomF64(shape, 101 + k, -2, 2);
    assertClose(losses.hinge(y, p).arraySync(), perRow(plain(y), plain(p), hingeRow(false)), 1e-12);
    assertClose(losses.squaredHinge(y, p).arraySync(), perRow(plain(y), plain(p), hingeRow(true)), 1e-12);
    assertClose(new losses.Hinge().perSample(y, p).arraySync(), perSample(plain(y), plain(p), hingeRow(false)), 1e-12);
    assertClose(new losses.SquaredHinge().perSample(y, p).arraySync(), perSample(plain(y), plain(p), hingeRow(true)), 1e-12);
  });
});

test("0/1 labels are mapped to -1/1 (only when every label is 0 or 1)", () => {
  const p = f64([0.5, -0.5, 2, 0.3], [4, 1]);
  const expected = [Math.max(1 - 0.5, 0), Math.max(1 - 0.5, 0), Math.max(1 + 2, 0), Math.max(1 - 0.3, 0)];
  assertClose(new losses.Hinge().perSample(f64([1, 0, 0, 1], [4, 1]), p).arraySync(), expected, 1e-12);
  assertClose(new losses.Hinge().perSample(f64([1, -1, -1, 1], [4, 1]), p).arraySync(), expected, 1e-12);
  assertClose(new losses.SquaredHinge().perSample(tensor([1, 0, 0, 1], "int32"), p).arraySync(), expected.map((v) => v * v), 1e-12);
  // Labels such as 2 are used as given.
  assertClose(losses.hinge(f64([2, 0], [1, 2]), f64([0.25, 1], [1, 2])).arraySync(), [(0.5 + 1) / 2], 1e-12);
});

test("gradients of hinge and squaredHinge match finite differences", () => {
  const y = f64([1, -1, 1, -1, -1, 1], [3, 2]);
  const p = f64([0.3, 0.2, 1.7, -0.4, -2, 0.9], [3, 2]);
  checkGrads((q) => new losses.Hinge().perSample(y, q!), [p]);
  checkGrads((q) => new losses.SquaredHinge().perSample(y, q!), [p]);
  checkGrads((q) => new losses.SquaredHinge().perSample(f64([1, 0, 1, 0, 0, 1], [3, 2]), q!), [p]);
});

test("hinge's label shape check", () => {
  assert.throws(() => losses.hinge(tensor([[1, 0, 1]]), tensor([[0.5]])), /hinge expects labels of the same shape as the predictions, \[1, 1\], but got labels of shape \[1, 3\]/);
});
