// Checks that read data, on the GPU ("checked on read"): an out-of-range index, a bad label
// or a NaN under debug.checkNumerics is found by a GPU kernel, and the next read throws the
// error the CPU throws at once (same class, same message); valid values pass.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as g from "../../../kernel/src/index.js";
import { CPU, gpuReady } from "./gpu.js";

let ready = false;
before(async () => {
  ready = await gpuReady();
});
after(() => {
  g.debug.checkNumerics(false);
  g.setBackend(CPU);
});

/** A message without the location the error adds (the CPU and GPU errors are raised on different lines). */
const withoutLocation = (message: string) => message.replace(/ \([^()]*:\d+(:\d+)?\)$/, "");

/** The error `f` throws on the CPU (at once) and the one reading its result throws on the GPU. */
async function errorsOnBoth(f: () => g.Tensor): Promise<{ cpu: Error; gpu: Error }> {
  g.setBackend(CPU);
  const cpu = (() => {
    try {
      f().dataSync();
    } catch (error) {
      return error as Error;
    }
    assert.fail("the CPU accepted the values");
  })();
  g.setBackend("webgpu");
  try {
    const result = f(); // no synchronous read: recording the check throws nothing
    const gpu = await result.data().then(
      () => assert.fail("the GPU read accepted the values"),
      (error: Error) => error,
    );
    return { cpu, gpu };
  } finally {
    g.setBackend(CPU);
  }
}

function assertSameError({ cpu, gpu }: { cpu: Error; gpu: Error }, pattern: RegExp): void {
  assert.match(cpu.message, pattern);
  assert.equal(gpu.constructor, cpu.constructor);
  assert.equal(withoutLocation(gpu.message), withoutLocation(cpu.message));
}

const cases: [string, () => g.Tensor, RegExp][] = [
  ["gather with an index past the axis", () => g.gather(g.tensor([[1, 2], [3, 4], [5, 6]]), g.tensor([0, 2, 3, 7], { dtype: "int32" }), 0), /^gather: index 3 \(at flat position 2 of the indices\) is out of range for axis 0 of length 3/],
  ["gather with a negative index before the axis", () => g.gather(g.tensor([[1, 2, 3]]), g.tensor([-4], { dtype: "int32" }), 1), /^gather: index -4 \(at flat position 0/],
  ["scatterAdd with an index past the axis", () => g.scatterAdd(g.zeros([3]), g.tensor([1, 3], { dtype: "int32" }), g.tensor([1, 1])), /^scatterAdd: index 3 \(at flat position 1/],
  ["Embedding with an id past inputDim", () => new g.Embedding({ inputDim: 4, outputDim: 2, name: "words" }).apply(g.tensor([[1, 4]], { dtype: "int32" })) as g.Tensor, /^words: index 4 \(at flat position 1 of the input\) is out of range: inputDim is 4/],
  ["Embedding with a fractional id", () => new g.Embedding({ inputDim: 4, outputDim: 2, name: "words" }).apply(g.tensor([[1.5, 9]])) as g.Tensor, /^words: indices must be whole numbers, got 1.5 at flat position 0/],
  ["sparseCategoricalCrossentropy with a label past the classes", () => g.sparseCategoricalCrossentropy(g.tensor([0, 3, 1]), g.softmax(g.tensor([[1, 2, 3], [1, 2, 3], [3, 2, 1]]))), /^sparseCategoricalCrossentropy: label 3 \(at index 1\) is outside the valid range 0 … 2 .*at least 4/],
  ["sparseCategoricalCrossentropy with a negative label", () => g.sparseCategoricalCrossentropy(g.tensor([-1, 0], { dtype: "int32" }), g.softmax(g.tensor([[1, 2], [2, 1]]))), /label -1 \(at index 0\) .*labels start at 0/],
  ["binaryCrossentropy with class indices as labels", () => g.binaryCrossentropy(g.tensor([[0], [2], [1]]), g.sigmoid(g.tensor([[0.1], [0.2], [0.3]]))), /^binaryCrossentropy expects labels in \[0, 1\] but got 2 .*class labels 0 … 2 use sparseCategoricalCrossentropy with a softmax output of 3 units/],
];

for (const [name, f, pattern] of cases) {
  test(`${name}: the GPU's read throws the CPU's error`, async (t) => {
    if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
    assertSameError(await errorsOnBoth(f), pattern);
  });
}

test("debug.checkNumerics on the GPU: the first op that made a NaN or Infinity is named at the next read, as on the CPU", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  g.debug.checkNumerics(true);
  try {
    const errors = await errorsOnBoth(() => g.tensor([1, 0, -1]).log().mul(2).exp());
    assertSameError(errors, /^log produced -Infinity at flat index 1 of its output \(shape \[3\]\) — check its inputs/);
    assert.ok(errors.gpu instanceof g.NumericsError);
    assertSameError(await errorsOnBoth(() => g.tensor([[1, 2], [3, 0]]).reciprocal()), /^reciprocal produced Infinity at flat index 3/);
  } finally {
    g.debug.checkNumerics(false);
  }
});

test("a failed check is reported by the next read of any tensor, once; valid values pass", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  g.setBackend("webgpu");
  try {
    const picked = g.gather(g.tensor([10, 20, 30]), g.tensor([2, -1, 0], { dtype: "int32" }));
    assert.deepEqual(Array.from(await picked.data()), [30, 30, 10]);
    const labels = g.sparseCategoricalCrossentropy(g.tensor([0, 1], { dtype: "int32" }), g.tensor([[0.9, 0.1], [0.2, 0.8]]));
    assert.ok(Number.isFinite((await labels.data())[0]!));
    g.gather(g.tensor([1, 2]), g.tensor([5], { dtype: "int32" })); // never read itself
    const other = g.tensor([1, 2]).add(1);
    await assert.rejects(other.data(), /^ArgumentError: gather: index 5/);
    assert.deepEqual(Array.from(await other.data()), [2, 3], "reported once: the next read works");
  } finally {
    g.setBackend(CPU);
  }
});

test("a compiled training step with a bad label: fit on the GPU rejects with the CPU's message, with no synchronous read", async (t) => {
  if (!ready) return t.skip("no WebGPU adapter (set CI=1 to make this a failure)");
  const run = async (backend: string) => {
    g.setBackend(backend);
    try {
      g.seed(1);
      const model = g.sequential([new g.Embedding({ inputDim: 5, outputDim: 3 }), new g.Flatten(), new g.Dense({ units: 2, activation: "softmax" })]);
      model.compile({ optimizer: new g.SGD({ learningRate: 0.1 }), loss: "sparseCategoricalCrossentropy" });
      const x = g.tensor([[0, 1], [2, 3], [4, 0], [1, 2]], { dtype: "int32" });
      const good = await model.fit(x, g.tensor([0, 1, 1, 0], { dtype: "int32" }), { epochs: 1, batchSize: 2, verbose: 0 });
      assert.equal(good.history.loss!.length, 1);
      return await model.fit(x, g.tensor([0, 1, 2, 0], { dtype: "int32" }), { epochs: 1, batchSize: 2, verbose: 0 }).then(
        () => assert.fail(`${backend}: fit accepted label 2 for 2 classes`),
        (error: Error) => error,
      );
    } finally {
      g.setBackend(CPU);
    }
  };
  const cpu = await run(CPU);
  const gpu = await run("webgpu");
  assertSameError({ cpu, gpu }, /^sparseCategoricalCrossentropy: label 2 \(at index 0\) is outside the valid range 0 … 1/);
});
