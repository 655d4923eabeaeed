import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, ArgumentError, type Tensor } from "../../kernel/src/index.js";
import { l2Norm, globalNorm, clipByNorm, clipByGlobalNorm, checkClippingConfig, clipGradients } from "../../kernel/src/optim/clipping.js";
import { assertClose } from "../helpers/gradcheck.js";

const f64 = (values: number[] | number[][]) => tensor(values, "float64");
const values = (ts: Tensor[]) => ts.map((t) => t.arraySync());

test("l2Norm is the Euclidean norm of all elements, as a scalar", () => {
  const n = l2Norm(f64([3, 4]));
  assert.deepEqual(n.shape, []);
  assert.equal(n.item(), 5);
  assert.equal(l2Norm(f64([[1, 2], [2, 4]])).item(), 5);
  assert.equal(l2Norm(f64([0, 0])).item(), 0);
});

test("globalNorm is sqrt of the sum of squared norms of every tensor", () => {
  assert.equal(globalNorm([f64([3]), f64([4])]).item(), 5);
  assert.equal(globalNorm([f64([1, 2]), f64([[2], [4]])]).item(), 5);
  assert.equal(globalNorm([f64([6, 8])]).item(), 10);
});

test("clipByNorm rescales a long gradient to maxNorm and leaves a short one unchanged", () => {
  assertClose(clipByNorm(f64([3, 4]), 1).arraySync(), [0.6, 0.8], 1e-15);
  assertClose(clipByNorm(f64([3, 4]), 2.5).arraySync(), [1.5, 2], 1e-15);
  assert.deepEqual(clipByNorm(f64([0.3, 0.4]), 1).arraySync(), [0.3, 0.4]);
  assert.deepEqual(clipByNorm(f64([0, 0]), 1).arraySync(), [0, 0], "a zero gradient stays zero (no 0/0)");
  const clipped = clipByNorm(f64([[1, 2], [2, 4]]), 1);
  assert.deepEqual(clipped.shape, [2, 2]);
  assertClose(l2Norm(clipped).item(), 1, 1e-15);
});

test("clipByGlobalNorm scales every gradient by the same factor", () => {
  const out = clipByGlobalNorm([f64([3]), f64([4])], 1);
  assertClose(values(out), [[0.6], [0.8]], 1e-15);
  // Each tensor alone is below 1, but together they are not: per-tensor clipping would do nothing.
  const small = [f64([0.6, 0]), f64([0, 0.8]), f64([0, 0.6])];
  const clipped = clipByGlobalNorm(small, 1);
  assertClose(globalNorm(clipped).item(), 1, 1e-15);
  const scale = 1 / Math.hypot(0.6, 0.8, 0.6);
  assertClose(values(clipped), [[0.6 * scale, 0], [0, 0.8 * scale], [0, 0.6 * scale]], 1e-15);
  // Below the threshold: unchanged.
  assert.deepEqual(values(clipByGlobalNorm([f64([0.1]), f64([0.2])], 1)), [[0.1], [0.2]]);
});

test("clipByGlobalNorm keeps each gradient's dtype", () => {
  const out = clipByGlobalNorm([tensor([3], "float32"), f64([4])], 1);
  assert.deepEqual(out.map((t) => t.dtype), ["float32", "float64"]);
  assertClose(out[0]!.item(), 0.6, 1e-7);
});

test("checkClippingConfig accepts at most one positive setting", () => {
  checkClippingConfig({});
  checkClippingConfig({ clipnorm: 1 });
  checkClippingConfig({ globalClipnorm: 0.5 });
  checkClippingConfig({ clipvalue: 2, clipnorm: undefined });
  assert.throws(() => checkClippingConfig({ clipnorm: 1, clipvalue: 1 }), (e: unknown) => e instanceof ArgumentError && e.message.startsWith("optimizer: set at most one of clipnorm, globalClipnorm and clipvalue"));
  assert.throws(() => checkClippingConfig({ clipnorm: 1, globalClipnorm: 1, clipvalue: 1 }), ArgumentError);
  for (const [name, bad] of [["clipnorm", 0], ["globalClipnorm", -1], ["clipvalue", Number.NaN]] as const) {
    assert.throws(
      () => checkClippingConfig({ [name]: bad }),
      (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`optimizer: ${name} must be a positive number, got ${bad}`),
      name,
    );
  }
});

test("clipGradients applies the one configured kind, or copies the list", () => {
  const grads = [f64([3, 4]), f64([-5, 0.5])];
  assertClose(values(clipGradients(grads, { clipnorm: 1 })), [[0.6, 0.8], [-5 / Math.hypot(5, 0.5), 0.5 / Math.hypot(5, 0.5)]], 1e-15);
  const g = Math.hypot(3, 4, 5, 0.5);
  assertClose(values(clipGradients(grads, { globalClipnorm: 1 })), [[3 / g, 4 / g], [-5 / g, 0.5 / g]], 1e-15);
  assert.deepEqual(values(clipGradients(grads, { clipvalue: 1 })), [[1, 1], [-1, 0.5]]);
  const none = clipGradients(grads, {});
  assert.notEqual(none, grads);
  assert.deepEqual(none, grads);
});
