import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Conv2D, MaxPooling2D, AveragePooling2D, zeros, ArgumentError, setLocale } from "../../../kernel/src/index.js";
import { resetLocale } from "../../../kernel/src/locale/locale.js";

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

test("in Russian the fix is translated too, not left as an English tail", (t) => {
  setLocale("ru");
  t.after(resetLocale);
  assert.throws(
    () => new Conv2D({ filters: 2, kernelSize: 3, name: "c" }).apply(zeros([4, 28, 28])),
    (e: unknown) =>
      e instanceof ArgumentError &&
      /^c: нужны входы формы \[batch, height, width, channels\] \(ранг 4\), получена форма \[4, 28, 28\]; добавьте ось каналов в конец: x\.expandDims\(-1\) .* или, если это один пример, добавьте ось пакета \(batch\): x\.expandDims\(0\)( \(|$)/.test(e.message),
  );
});
