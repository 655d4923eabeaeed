import { test } from "node:test";
import assert from "node:assert/strict";
import { jsSource } from "../../../kernel/src/backend/cpu/fused.js";
import type { ElementwiseProgram } from "../../../kernel/src/tensor/expression.js";

/** Runs the generated loop on plain arrays (the functions bound are not needed here). */
function runProgram(program: ElementwiseProgram, inputs: number[][]): number[][] {
  const size = program.shape.reduce((a, b) => a * b, 1);
  const outputs = program.outputs.map(() => new Float64Array(size));
  new Function(jsSource(program))()(inputs, outputs);
  return outputs.map((o) => [...o]);
}

test("the generated index math broadcasts every input shape like NumPy", () => {
  const shape = [2, 3, 4];
  const cases: number[][] = [[2, 3, 4], [3, 4], [4], [1], [2, 1, 4], [2, 3, 1], [3, 1], [1, 3, 1], [2, 1, 1], []];
  for (const inShape of cases) {
    const size = inShape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: size }, (_, i) => i + 1);
    const program: ElementwiseProgram = { shape, inputs: [{ shape: inShape, dtype: "float64" }], steps: [{ expression: "in0", dtype: "float64" }], outputs: [0] };
    const [out] = runProgram(program, [values]);
    // Reference: index each output position into the input, axis by axis.
    const expected: number[] = [];
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 4; c++) {
          const full = [a, b, c].slice(3 - inShape.length);
          let flat = 0;
          inShape.forEach((d, k) => (flat = flat * d + (d === 1 ? 0 : full[k]!)));
          expected.push(values[flat]!);
        }
    assert.deepEqual(out, expected, `input shape [${inShape}]`);
  }
});

test("steps see earlier steps; several steps can be outputs", () => {
  const program: ElementwiseProgram = {
    shape: [3],
    inputs: [{ shape: [3], dtype: "float32" }, { shape: [], dtype: "float32" }],
    steps: [{ expression: "(in0 * in1)", dtype: "float32" }, { expression: "(t0 + 1.0)", dtype: "float32" }],
    outputs: [0, 1],
  };
  assert.deepEqual(runProgram(program, [[1, 2, 3], [10]]), [[10, 20, 30], [11, 21, 31]]);
});
