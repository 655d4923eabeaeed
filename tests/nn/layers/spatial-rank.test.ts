import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Conv2D, MaxPooling2D, AveragePooling2D, zeros, ArgumentError } from "../../../kernel/src/index.js";

test("images without a channel axis (MNIST's [n, 28, 28]) get the fix: expandDims(-1), or inputShape [28, 28, 1]", () => {
  for (const layer of [new Conv2D({ filters: 2, kernelSize: 3, name: "c" }), new MaxPooling2D({ name: "c" }), new AveragePooling2D({ name: "c" })]) {
    assert.throws(
      () => layer.apply(zeros([4, 28, 28])),
      (e: unknown) => e instanceof ArgumentError && /^c: .*got shape \[4, 28, 28\]; add a channel axis at the end: x\.expandDims\(-1\) \(greyscale 28×28 images become \[4, 28, 28, 1\]/.test(e.message),
    );
  }
  assert.throws(
    () => sequential([new Conv2D({ filters: 2, kernelSize: 3, inputShape: [28, 28], name: "first" })]),
    (e: unknown) => e instanceof ArgumentError && /first: .*got shape \[batch, 28, 28\]; add a channel axis at the end: x\.expandDims\(-1\) .*give inputShape \[28, 28, 1\]\)( \(|$)/.test(e.message) && !/expandDims\(0\)/.test(e.message),
  );
});
