import { test } from "node:test";
import assert from "node:assert/strict";
import { input, SymbolicTensor } from "../../kernel/src/nn/symbolic.js";
import { ArgumentError, Dense, Flatten } from "../../kernel/src/index.js";

test("input() makes a placeholder with a null batch axis, float32 by default", () => {
  const x = input({ shape: [4] });
  assert.ok(x instanceof SymbolicTensor);
  assert.deepEqual(x.shape, [null, 4]);
  assert.equal(x.rank, 2);
  assert.equal(x.dtype, "float32");
  assert.equal(x.layer, null);
  assert.deepEqual(x.inputs, []);
  assert.equal(x.outputIndex, 0);
  assert.equal(x.calledWithList, false);
  assert.deepEqual(input({ shape: [] }).shape, [null], "a batch of scalars");
  assert.deepEqual(input({ shape: [28, 28, 0] }).shape, [null, 28, 28, 0]);
});

test("input() takes a fixed batch size, a dtype and a name", () => {
  const x = input({ shape: [3, 2], batchSize: 8, dtype: "int32", name: "tokens" });
  assert.deepEqual(x.shape, [8, 3, 2]);
  assert.equal(x.dtype, "int32");
  assert.equal(x.name, "tokens");
});

test("unnamed inputs get distinct input_N names", () => {
  const names = [input({ shape: [1] }), input({ shape: [1] }), input({ shape: [1] })].map((t) => t.name);
  assert.ok(names.every((n) => /^input_\d+$/.test(n)), names.join());
  assert.equal(new Set(names).size, 3);
});

test("input() rejects shapes that are not lists of non-negative integers, quoting them", () => {
  const cases: [unknown, string][] = [
    [{ shape: [-1] }, "[-1]"],
    [{ shape: [2, 1.5] }, "[2,1.5]"],
    [{ shape: [null, 3] }, "[null,3]"],
    [{ shape: "4" }, '"4"'],
    [{ shape: 4 }, "4"],
    [{}, "undefined"],
    [undefined, "undefined"],
  ];
  for (const [config, shown] of cases) {
    assert.throws(
      () => input(config as never),
      (e: unknown) => e instanceof ArgumentError && e.message.startsWith(`input: shape must be the shape of one sample, a list of non-negative integers, got ${shown}`),
      JSON.stringify(config),
    );
  }
});

test("toString shows the null batch axis as None", () => {
  assert.equal(input({ shape: [3, 4], name: "x" }).toString(), 'SymbolicTensor "x" shape [None, 3, 4] float32');
  assert.equal(input({ shape: [2], batchSize: 5, name: "y", dtype: "float64" }).toString(), 'SymbolicTensor "y" shape [5, 2] float64');
});

test("layers applied to a symbolic input keep the null batch axis and record the call", () => {
  const x = input({ shape: [2, 3] });
  const dense = new Dense({ units: 5 });
  const flat = new Flatten().apply(x) as SymbolicTensor;
  assert.deepEqual(flat.shape, [null, 6]);
  const y = dense.apply(flat) as SymbolicTensor;
  assert.ok(y instanceof SymbolicTensor);
  assert.deepEqual(y.shape, [null, 5]);
  assert.equal(y.layer, dense);
  assert.deepEqual(y.inputs, [flat]);
});

test("input() refuses a batch size that is not a positive integer", () => {
  for (const batchSize of [-3, 0, 2.5]) {
    assert.throws(() => input({ shape: [4], batchSize }), /input: batchSize must be a positive integer/);
  }
  assert.deepEqual(input({ shape: [4], batchSize: 8 }).shape, [8, 4]);
});

test("input refuses options it does not know, by name", () => {
  assert.throws(() => input({ shape: [3], batch_size: 4 } as never), /input: unknown option "batch_size"; did you mean batchSize\?/);
});
