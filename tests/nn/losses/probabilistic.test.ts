import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, losses, softmax } from "../../../kernel/src/index.js";
import { checkGrads, randomF64, assertClose } from "../../helpers/gradcheck.js";
import { EPS, clip, meanOf, perRow, perSample, plain, sumOf } from "./reference.js";

const klRow = (ys: number[], ps: number[]) => sumOf(ys.map((y, i) => clip(y, EPS, 1) * Math.log(clip(y, EPS, 1) / clip(ps[i]!, EPS, 1))));
const poissonRow = (ys: number[], ps: number[]) => meanOf(ps.map((p, i) => p - ys[i]! * Math.log(p + EPS)));

test("klDivergence matches a float64 reference (with zeros clipped to 1e-7)", () => {
  [[4, 3], [2, 3, 5]].forEach((shape, k) => {
    const y = softmax(randomF64(shape, 111 + k, -2, 2));
    const p = softmax(randomF64(shape, 113 + k, -2, 2));
    assertClose(losses.klDivergence(y, p).arraySync(), perRow(plain(y), plain(p), klRow), 1e-12);
    assertClose(new losses.KLDivergence().perSample(y, p).arraySync(), perSample(plain(y), plain(p), klRow), 1e-12);
  });
  const y = tensor([[1, 0, 0]], "float64");
  const p = tensor([[0, 0.5, 0.5]], "float64");
  assertClose(losses.klDivergence(y, p).arraySync(), [Math.log(1 / EPS) + 2 * EPS * Math.log(EPS / 0.5)], 1e-12);
  assertClose(losses.klDivergence(p, p).arraySync(), [0], 1e-12);
});

test("poisson matches a float64 reference", () => {
  [[4, 3], [5, 1], [2, 2, 2]].forEach((shape, k) => {
    const y = randomF64(shape, 121 + k, 0, 5).floor();
    const p = randomF64(shape, 123 + k, 0.1, 4);
    assertClose(losses.poisson(y, p).arraySync(), perRow(plain(y), plain(p), poissonRow), 1e-12);
    assertClose(new losses.Poisson().perSample(y, p).arraySync(), perSample(plain(y), plain(p), poissonRow), 1e-12);
  });
  assertClose(losses.poisson(tensor([[1]], "float64"), tensor([[1]], "float64")).arraySync(), [1 - Math.log(1 + EPS)], 1e-12);
});

test("gradients of klDivergence and poisson match finite differences", () => {
  const y = randomF64([3, 4], 131, 0.05, 1);
  const p = randomF64([3, 4], 133, 0.05, 1);
  checkGrads((t, q) => new losses.KLDivergence().perSample(t!, q!), [y, p]);
  checkGrads((t, q) => new losses.Poisson().perSample(t!, q!), [randomF64([3, 4], 135, 0, 3), randomF64([3, 4], 137, 0.2, 3)]);
});

test("klDivergence needs label distributions shaped like the predictions", () => {
  assert.throws(() => losses.klDivergence(tensor([1, 0]), tensor([[0.5, 0.5], [0.5, 0.5]])), /klDivergence expects labels that are distributions of the same shape as the predictions, \[2, 2\], but got labels of shape \[2\]/);
});
