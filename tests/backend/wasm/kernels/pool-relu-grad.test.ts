import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grads, jit, setBackend, relu, maxPool2d, type Tensor, type Pool2dOptions } from "../../../../kernel/src/index.js";

// The "cpu" backend's maxPoolReluGrad (made by graph mode's pool-relu gradient fusion)
// against eager mode on "cpu-js": where(z > 0, maxPoolGrad(relu(z), dy), 0), exactly.

function random(length: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  // Steps of 0.25 in [−2, 2]: many ties and zeros.
  return Array.from({ length }, () => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 17) / 4 - 2);
}

test("maxPoolReluGrad equals relu's and maxPoolGrad's gradients, and its bias gradient their sum (tiling windows, uncovered edges, strides, padding, ties, NaN, threads)", () => {
  const cases: [number[], number | [number, number], Pool2dOptions][] = [
    [[2, 6, 6, 8], 2, {}], // the vectorised kernel
    [[2, 7, 5, 4], 2, {}], // the vectorised kernel; the last row and column are in no window
    [[3, 130, 129, 8], 2, {}], // shared among threads
    [[2, 9, 9, 4], 3, {}],
    [[2, 6, 6, 3], 2, {}], // c not a multiple of 4: the scatter
    [[2, 7, 5, 4], 3, { strides: 2, padding: "same" }],
    [[1, 6, 6, 8], [2, 3], { strides: 1 }],
  ];
  for (const [shape, size, options] of cases) {
    const values = random(shape.reduce((a, b) => a * b, 1), shape.length + shape[1]!);
    values[3] = Number.NaN;
    // z + b: relu's input, so the bias gradient (summed by the vectorised kernel) is checked too.
    const f = (z: Tensor, b: Tensor, dy: Tensor) => grads((p: Tensor, q: Tensor) => maxPool2d(relu(p.add(q)), size, options).mul(dy).sum())(z, b);
    const label = `${JSON.stringify(shape)} ${JSON.stringify(size)} ${JSON.stringify(options)}`;
    const biasValues = random(shape[3]!, 5);
    setBackend("cpu-js");
    const pooledShape = [...maxPool2d(tensor(values, { shape }), size, options).shape];
    const dyValues = random(pooledShape.reduce((a, b) => a * b, 1), 7);
    const args = () => [tensor(values, { shape }), tensor(biasValues), tensor(dyValues, { shape: pooledShape })] as const;
    const [dz, db] = f(...args()).map((t) => t.dataSync());
    setBackend("cpu");
    const compiled = jit(f, { onTrace: (graph) => void graph.optimize() });
    assert.ok(compiled.graphFor(...args()).ir.nodes.some((n) => n.op.name === "maxPoolReluGrad"), `${label}: fused`);
    // Pooled memory is reused uninitialised: leave blocks of the bias gradient's size dirty first.
    for (const t of Array.from({ length: 8 }, () => tensor(new Array<number>(shape[3]!).fill(1e6)))) t.dispose();
    const [actual, actualDb] = compiled(...args()).map((t) => t.dataSync());
    assert.equal(actual!.length, dz!.length);
    for (let i = 0; i < actual!.length; i++) assert.ok(Object.is(actual![i], dz![i]) || (actual![i] === 0 && dz![i] === 0), `${label}: element ${i} is ${actual![i]}, eager gives ${dz![i]}`);
    // Summed in another order: float32 rounding of up to n·h·w/4 terms of magnitude ≤ 2.
    const terms = values.length / shape[3]!;
    actualDb!.forEach((v, ch) => assert.ok(Math.abs(v - db![ch]!) <= terms * 2 * 2 ** -22, `${label}: bias gradient ${ch} is ${v}, eager gives ${db![ch]}`));
  }
});
