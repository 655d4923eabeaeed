import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { tensor, variable, arange, expectShape, expectDType, expectClose, expectEqual, expectDecreasing, expectAtLeast, expectAtMost, expectTrue, CheckError } from "../../kernel/src/index.js";

const fails = (run: () => void, pattern: RegExp) =>
  assert.throws(run, (e: unknown) => e instanceof CheckError && pattern.test(e.reason), String(pattern));

test("expectShape and expectDType read tensors, variables and nested arrays", () => {
  expectShape(tensor([[1, 2, 3]]), [1, 3]);
  expectShape(variable(tensor([1, 2])), [2]);
  expectShape([[1], [2]], [2, 1]);
  fails(() => expectShape(tensor([1, 2]), [2, 1]), /^wrong shape: expected \[2, 1\], got \[2\]$/);
  expectDType(arange(3), "int32");
  fails(() => expectDType(tensor([1]), "float64"), /^wrong dtype: expected float64, got float32$/);
  fails(() => expectDType([1], "float32"), /got \[1\]$/);
});

test("expectClose is NumPy's allclose: |got − expected| ≤ atol + rtol·|expected|, shapes equal", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (expected, atol) => {
      const allowed = atol + 1e-5 * Math.abs(expected);
      expectClose(expected + allowed * 0.99, expected, { atol });
      if (allowed > 0) fails(() => expectClose(expected + allowed * 1.01 + 1e-9, expected, { atol }), /^values differ at \[\]/);
    }),
  );
  expectClose(tensor([0.1, 0.2]).add(0.1), [0.2, 0.3]);
  fails(() => expectClose(tensor([1, 2, 3]), [1, 2, 4]), /^values differ at \[2\]: expected 4, got 3 \(difference 1, allowed 0.000041\)$/);
  fails(() => expectClose(tensor([1, 2]), [[1, 2]]), /^wrong shape: expected \[1, 2\], got \[2\]$/);
  fails(() => expectClose(tensor([1, 0]).div(0), [1, 0]), /the value at \[0\] is Infinity/);
  expectClose([Number.NaN], [Number.NaN]);
  fails(() => expectClose("seven", 7), /^expected numbers .* got "seven"$/);
});

test("expectEqual compares numbers exactly and anything else as JSON", () => {
  expectEqual(tensor([2, 0, 1]).argmax(), 0);
  expectEqual(tensor([[1, 2]]), [[1, 2]]);
  fails(() => expectEqual(tensor([1, 2]), [1, 3]), /^values differ at \[1\]: expected 3, got 2$/);
  expectEqual({ a: "x" }, { a: "x" });
  fails(() => expectEqual("relu", "sigmoid"), /^expected "sigmoid", got "relu"$/);
});

test("expectDecreasing, expectAtLeast, expectAtMost and expectTrue", () => {
  expectDecreasing([3, 2, 2, 1]);
  expectDecreasing(tensor([3, 2, 2.1]), { tolerance: 0.2 });
  fails(() => expectDecreasing([3, 2, 2.5]), /^not decreasing: value 2 is 2.5, after 2$/);
  fails(() => expectDecreasing([3]), /at least two values/);
  expectAtLeast(tensor(0.95), 0.9);
  fails(() => expectAtLeast(0.85, 0.9), /^expected at least 0.9, got 0.85$/);
  expectAtMost(0.01, 0.05);
  fails(() => expectAtMost([0.1, 0.2], 0.05), /^wrong number of values: expected 1, got 2$/);
  expectTrue(true, "ok");
  fails(() => expectTrue(false, "w is a Variable"), /^not true: w is a Variable$/);
});
