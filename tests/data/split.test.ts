import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, seed, trainTestSplit, trainValTestSplit, loadBreastCancer, loadIris, ArgumentError, ShapeError } from "../../kernel/src/index.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const counts = (labels: ArrayLike<number>) => {
  const out = new Map<number, number>();
  for (const l of Array.from(labels)) out.set(l, (out.get(l) ?? 0) + 1);
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
};

test("sizes follow sklearn: fractions of the test set round up, of the training set down", () => {
  const x = range(10);
  assert.equal(trainTestSplit(x).xTest.length, 3); // default 0.25 → ceil(2.5)
  assert.equal(trainTestSplit(x, undefined, { testSize: 0.33 }).xTest.length, 4); // ceil(3.3)
  assert.deepEqual([trainTestSplit(x, undefined, { trainSize: 0.55 }).xTrain.length, trainTestSplit(x, undefined, { trainSize: 0.55 }).xTest.length], [5, 5]);
  const both = trainTestSplit(x, undefined, { trainSize: 4, testSize: 2 });
  assert.deepEqual([both.xTrain.length, both.xTest.length], [4, 2]);
  assert.throws(() => trainTestSplit(x, undefined, { testSize: 11 }), /testSize = 11 is more than the 10 samples/);
  assert.throws(() => trainTestSplit(x, undefined, { trainSize: 8, testSize: 3 }), /ask for 8 \+ 3 samples but there are only 10/);
  assert.throws(() => trainTestSplit(x, undefined, { testSize: -0.1 }), ArgumentError);
});

test("no sample is lost or duplicated, x and y stay paired, and kinds are kept", () => {
  const x = tensor(range(20).map((i) => [i, 10 * i]));
  const y = range(20).map((i) => `label${i}`);
  const s = trainTestSplit(x, y, { testSize: 0.3, seed: 3 });
  const trainRows = s.xTrain.arraySync() as number[][];
  const testRows = s.xTest.arraySync() as number[][];
  const ids = [...trainRows, ...testRows].map((r) => r[0]!);
  assert.deepEqual([...ids].sort((a, b) => a - b), range(20));
  assert.equal(testRows.length, 6);
  trainRows.forEach((r, i) => assert.equal(s.yTrain[i], `label${r[0]}`));
  testRows.forEach((r, i) => assert.equal(s.yTest[i], `label${r[0]}`));
  assert.deepEqual([...s.trainIndices], trainRows.map((r) => r[0]));
  const typed = trainTestSplit(Int32Array.from(range(8)), undefined, { seed: 1 });
  assert.ok(typed.xTrain instanceof Int32Array);
});

test("a seed repeats the split; another seed changes it; shuffle false keeps order", () => {
  const x = range(50);
  assert.deepEqual(trainTestSplit(x, undefined, { seed: 5 }).xTest, trainTestSplit(x, undefined, { seed: 5 }).xTest);
  assert.notDeepEqual(trainTestSplit(x, undefined, { seed: 5 }).xTest, trainTestSplit(x, undefined, { seed: 6 }).xTest);
  const ordered = trainTestSplit(x, undefined, { shuffle: false, testSize: 0.2 });
  assert.deepEqual(ordered.xTrain, range(40));
  assert.deepEqual(ordered.xTest, range(10).map((i) => 40 + i));
  seed(1);
  const a = trainTestSplit(x).xTest;
  seed(1);
  assert.deepEqual(trainTestSplit(x).xTest, a);
});

test("stratified splits keep class proportions (sklearn's allocation, computed by hand)", () => {
  const { x, y } = loadBreastCancer(); // 212 malignant, 357 benign
  const s = trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
  // n_test = ceil(142.25) = 143, n_train = 426; train: 212·426/569 = 158.7 → 159 (largest remainder), 357·426/569 = 267.3 → 267.
  assert.deepEqual(counts(s.yTrain.dataSync()), [159, 267]);
  assert.deepEqual(counts(s.yTest.dataSync()), [53, 90]);
  const iris = loadIris();
  const t = trainTestSplit(iris.x, iris.y, { testSize: 0.2, seed: 1, stratify: iris.y });
  assert.deepEqual(counts(t.yTest.dataSync()), [10, 10, 10]);
  assert.deepEqual(counts(t.yTrain.dataSync()), [40, 40, 40]);
  const all = [...t.trainIndices, ...t.testIndices].sort((a, b) => a - b);
  assert.deepEqual(all, range(150));
});

test("stratify errors say what to change", () => {
  assert.throws(() => trainTestSplit(range(6), [0, 0, 0, 1, 1, 2], { stratify: true }), /class 2 has only 1 sample/);
  assert.throws(() => trainTestSplit(range(6), [0, 0, 0, 1, 1, 1], { stratify: true, shuffle: false }), /stratify needs shuffle: true/);
  assert.throws(() => trainTestSplit(range(6), undefined, { stratify: true }), /no y was given/);
  assert.throws(() => trainTestSplit(range(6), [0, 1], {}), (e: unknown) => e instanceof ShapeError && /x has 6 samples but y has 2/.test(e.message));
});

test("trainValTestSplit: three disjoint parts covering every sample, stratified", () => {
  const iris = loadIris();
  const s = trainValTestSplit(iris.x, iris.y, { validationSize: 0.2, testSize: 0.2, seed: 4, stratify: true });
  assert.deepEqual([s.xTrain.shape[0], s.xValidation.shape[0], s.xTest.shape[0]], [90, 30, 30]);
  assert.deepEqual(counts(s.yValidation.dataSync()), [10, 10, 10]);
  assert.deepEqual(counts(s.yTest.dataSync()), [10, 10, 10]);
  const all = [...s.trainIndices, ...s.validationIndices, ...s.testIndices].sort((a, b) => a - b);
  assert.deepEqual(all, range(150));
  const again = trainValTestSplit(iris.x, iris.y, { validationSize: 0.2, testSize: 0.2, seed: 4, stratify: true });
  assert.deepEqual([...again.validationIndices], [...s.validationIndices]);
  assert.throws(() => trainValTestSplit(range(10), undefined, { validationSize: 0.5, testSize: 0.5 }), /leave nothing of the 10 to train on/);
});

test("trainTestSplit destructures like scikit-learn's list as well as by name; unknown options are refused", () => {
  const x = tensor([[0], [1], [2], [3], [4], [5], [6], [7]]);
  const y = tensor([0, 1, 0, 1, 0, 1, 0, 1]);
  const split = trainTestSplit(x, y, { testSize: 0.25, seed: 3 });
  const [xTrain, xTest, yTrain, yTest] = split;
  assert.deepEqual([xTrain, xTest, yTrain, yTest], [split.xTrain, split.xTest, split.yTrain, split.yTest]);
  assert.deepEqual([xTrain.shape, xTest.shape, yTrain.shape, yTest.shape], [[6, 1], [2, 1], [6], [2]]);
  assert.equal(split.length, 4);
  const [a, b, ...rest] = trainTestSplit([1, 2, 3, 4], undefined, { testSize: 1, shuffle: false });
  assert.deepEqual([a, b, rest], [[1, 2, 3], [4], []]);
  assert.throws(() => trainTestSplit(x, y, { test_size: 0.2 } as never), (e: unknown) => e instanceof ArgumentError && /trainTestSplit: unknown option "test_size"; did you mean testSize\?/.test(e.message));
  assert.throws(() => trainValTestSplit(x, y, { valSize: 0.2 } as never), /trainValTestSplit: unknown option "valSize"/);
});
