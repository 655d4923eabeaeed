import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDigits, loadIris, loadBreastCancer, type Tensor } from "../../kernel/src/index.js";

const classCounts = (y: Tensor, classes: number) => {
  const counts = new Array(classes).fill(0);
  for (const v of y.dataSync()) counts[v]++;
  return counts;
};

test("digits: 1797 × 64, values 0–16, ten classes with sklearn's counts", () => {
  const { x, y, classNames, featureNames } = loadDigits();
  assert.deepEqual(x.shape, [1797, 64]);
  assert.equal(x.dtype, "float32");
  assert.deepEqual(y.shape, [1797]);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(classCounts(y, 10), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  assert.equal(classNames.length, 10);
  assert.equal(featureNames.length, 64);
  const values = x.dataSync();
  assert.equal(Math.min(...values), 0);
  assert.equal(Math.max(...values), 16);
  // The first image of the file: a zero.
  assert.deepEqual(Array.from(values.subarray(0, 8)), [0, 0, 5, 13, 9, 1, 0, 0]);
  assert.equal(y.dataSync()[0], 0);
  assert.deepEqual(loadDigits({ images: true }).x.shape, [1797, 8, 8]);
});

test("iris: 150 × 4, three species of 50", () => {
  const { x, y, classNames, featureNames } = loadIris();
  assert.deepEqual(x.shape, [150, 4]);
  assert.deepEqual(classCounts(y, 3), [50, 50, 50]);
  assert.deepEqual(classNames, ["setosa", "versicolor", "virginica"]);
  assert.equal(featureNames[0], "sepal length (cm)");
  assert.deepEqual(Array.from(x.dataSync().subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
});

test("breast cancer: 569 × 30, 212 malignant and 357 benign", () => {
  const { x, y, classNames, featureNames } = loadBreastCancer();
  assert.deepEqual(x.shape, [569, 30]);
  assert.equal(x.dtype, "float32");
  assert.deepEqual(classCounts(y, 2), [212, 357]);
  assert.deepEqual(classNames, ["malignant", "benign"]);
  assert.equal(featureNames.length, 30);
  assert.deepEqual([featureNames[0], featureNames[10], featureNames[29]], ["mean radius", "radius error", "worst fractal dimension"]);
  assert.equal(x.dataSync()[0], Math.fround(17.99));
  assert.equal(x.dataSync()[3], 1001); // mean area of the first tumour
});
