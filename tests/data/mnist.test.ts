import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMnist, loadFashionMnist, writeIdx, tensor, type Tensor } from "../../kernel/src/index.js";

const classCounts = (y: Tensor) => {
  const counts = new Array(10).fill(0);
  for (const v of y.dataSync()) counts[v]++;
  return counts;
};

test("bundled MNIST subset: 8,000 train and 2,000 test images of 28 × 28 in [0, 1]", () => {
  const train = loadMnist();
  assert.deepEqual(train.x.shape, [8000, 28, 28]);
  assert.equal(train.x.dtype, "float32");
  assert.deepEqual(train.y.shape, [8000]);
  assert.equal(train.y.dtype, "int32");
  assert.deepEqual(classCounts(train.y), [801, 927, 791, 832, 780, 663, 814, 870, 744, 778]);
  const values = train.x.dataSync();
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  assert.equal(max, 1);
  const test = loadMnist({ subset: "test", flatten: true });
  assert.deepEqual(test.x.shape, [2000, 784]);
  assert.deepEqual(classCounts(test.y), new Array(10).fill(200));
  assert.match(test.source, /CC BY-SA 3\.0/);
  const raw = loadMnist({ subset: "all", normalize: false, limit: 9000 });
  assert.deepEqual(raw.x.shape, [9000, 28, 28]);
  assert.ok(raw.x.dataSync().every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
});

test("bundled Fashion-MNIST subset: 600 / 100 images per class", () => {
  const train = loadFashionMnist();
  assert.deepEqual(train.x.shape, [6000, 28, 28]);
  assert.deepEqual(classCounts(train.y), new Array(10).fill(600));
  const test = loadFashionMnist({ subset: "test" });
  assert.deepEqual(classCounts(test.y), new Array(10).fill(100));
  assert.equal(train.classNames[9], "Ankle boot");
  // Train and test share no image.
  const trainPixels = train.x.dataSync();
  const testPixels = test.x.dataSync();
  const key = (pixels: Float32Array, i: number) => pixels.subarray(i * 784, (i + 1) * 784).join(",");
  const trainKeys = new Set(Array.from({ length: 6000 }, (_, i) => key(trainPixels as Float32Array, i)));
  assert.ok(Array.from({ length: 1000 }, (_, i) => key(testPixels as Float32Array, i)).every((k) => !trainKeys.has(k)));
});

test("a folder of original files is read instead; a missing one is explained", () => {
  const folder = mkdtempSync(join(tmpdir(), "gradbook-mnist-"));
  const images = tensor(Array.from({ length: 3 * 28 * 28 }, (_, i) => i % 256), { dtype: "int32", shape: [3, 28, 28] });
  writeIdx(join(folder, "t10k-images-idx3-ubyte.gz"), images, "uint8");
  writeIdx(join(folder, "t10k-labels-idx1-ubyte"), tensor([7, 2, 1], "int32"), "uint8");
  const loaded = loadMnist({ path: folder, subset: "test", normalize: false });
  assert.deepEqual(loaded.y.arraySync(), [7, 2, 1]);
  assert.deepEqual(loaded.x.dataSync().subarray(0, 4), Float32Array.of(0, 1, 2, 3));
  assert.match(loaded.source, new RegExp(folder));
  assert.throws(() => loadMnist({ path: folder }), (e: unknown) => e instanceof Error && e.message.includes(`train-images-idx3-ubyte (or train-images-idx3-ubyte.gz) is not in ${folder}`) && /leave path out to use the bundled subset/.test(e.message));
  assert.throws(() => loadMnist({ subset: "validation" as "train" }), /subset must be "train", "test" or "all"/);
});

test("an unknown loader option is refused by name, listing the options (the test set is subset: \"test\")", () => {
  assert.throws(() => loadMnist({ train: false } as never), /loadMnist: unknown option "train"; the options are subset, path, normalize, flatten, limit/);
  assert.throws(() => loadFashionMnist({ flaten: true } as never), /loadFashionMnist: unknown option "flaten"; did you mean flatten\?/);
  assert.equal(loadMnist({ subset: "test", limit: 5 }).x.shape[0], 5);
});
