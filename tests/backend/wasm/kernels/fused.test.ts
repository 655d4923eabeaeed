import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setBackend, getBackend, tensor, tidy } from "../../../../kernel/src/index.js";
import type { KernelFunc } from "../../../../kernel/src/backend/backend.js";
import { compileJs } from "../../../../kernel/src/backend/cpu/fused.js";
import { compileWasm } from "../../../../kernel/src/backend/wasm/kernels/fused.js";
import { EXPRESSION_FUNCTIONS, type ElementwiseProgram } from "../../../../kernel/src/tensor/expression.js";
import type { DType } from "../../../../kernel/src/tensor/dtype.js";

// The "cpu" backend's generated kernels against the "cpu-js" ones on the same program and
// inputs. A one-step program rounds once on both (cpu-js computes in float64 and rounds the
// result), so every operator and function must agree exactly, NaN, ±∞ and ±0 included.

type Values = ArrayLike<number>;

/** Runs `kernel` on backend `name` with tensors made from `inputs`; returns each output's values. */
function runOn(name: string, kernel: KernelFunc, program: ElementwiseProgram, inputs: readonly Values[]): number[][] {
  setBackend(name);
  try {
    return tidy(() => {
      const tensors = program.inputs.map((input, k) => tensor(Array.from(inputs[k]!), { shape: [...input.shape], dtype: input.dtype }));
      const backend = getBackend();
      const ids = kernel(tensors.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype })), {}, [], backend);
      const values = ids.map((id) => Array.from(backend.readSync(id) as Values));
      ids.forEach((id) => backend.release(id));
      return values;
    });
  } finally {
    setBackend("cpu");
  }
}

/** Both backends' outputs of `program`. */
function onBoth(program: ElementwiseProgram, inputs: readonly Values[]): [number[][], number[][]] {
  const wasm = compileWasm(program);
  assert.ok(wasm, `the "cpu" backend compiles ${JSON.stringify(program.steps)}`);
  return [runOn("cpu", wasm, program, inputs), runOn("cpu-js", compileJs(program), program, inputs)];
}

function assertSame(actual: number[][], expected: number[][], label: string): void {
  actual.forEach((output, m) =>
    output.forEach((v, i) => assert.ok(Object.is(v, expected[m]![i]), `${label}: output ${m}[${i}] is ${v}, cpu-js gives ${expected[m]![i]}`)),
  );
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 3.5, 1e-40, 88.8, -103];

/** Float32 values: the special ones first, then random ones of every magnitude. */
function floats(length: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length }, (_, i) => Math.fround(i < SPECIAL.length ? SPECIAL[(i + seed) % SPECIAL.length]! : (next() - 0.5) * 2 ** Math.floor(next() * 12 - 4)));
}

const bools = (length: number, seed: number) => floats(length, seed).map((v) => (v > 0 ? 1 : 0));
const unaryProgram = (expression: string, n: number, dtype: DType = "float32", inDType: DType = "float32"): ElementwiseProgram => ({
  shape: [n],
  inputs: [{ shape: [n], dtype: inDType }],
  steps: [{ expression, dtype }],
  outputs: [0],
});

test("every function of the expression language agrees with cpu-js, on odd sizes too", () => {
  const bool = new Set(["isNaN", "isFinite"]);
  for (const fn of Object.keys(EXPRESSION_FUNCTIONS) as (keyof typeof EXPRESSION_FUNCTIONS)[]) {
    for (const n of [1, 3, 4, 5, 17, 40]) {
      const arity = EXPRESSION_FUNCTIONS[fn];
      const program: ElementwiseProgram = {
        shape: [n],
        inputs: Array.from({ length: arity }, (_, k) => ({ shape: [n], dtype: fn === "select" && k === 0 ? "bool" : "float32" })),
        steps: [{ expression: `${fn}(${Array.from({ length: arity }, (_, k) => `in${k}`).join(", ")})`, dtype: bool.has(fn) ? "bool" : "float32" }],
        outputs: [0],
      };
      const inputs = program.inputs.map((input, k) => (input.dtype === "bool" ? bools(n, k + 7) : floats(n, k + 3 * n)));
      const [actual, expected] = onBoth(program, inputs);
      assertSame(actual, expected, `${fn} on ${n} elements`);
    }
  }
});

test("every operator agrees with cpu-js (comparisons write bool bytes; bool operands compare)", () => {
  for (const operator of ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!="]) {
    const comparison = !"+-*/".includes(operator);
    const program: ElementwiseProgram = {
      shape: [23],
      inputs: [{ shape: [23], dtype: "float32" }, { shape: [23], dtype: "float32" }],
      steps: [{ expression: `(in0 ${operator} in1)`, dtype: comparison ? "bool" : "float32" }],
      outputs: [0],
    };
    const [actual, expected] = onBoth(program, [floats(23, 1), floats(23, 2).map((v, i) => (i % 3 === 0 ? floats(23, 1)[i]! : v))]);
    assertSame(actual, expected, operator);
  }
  for (const operator of ["==", "!="]) {
    const program = { ...unaryProgram(`(in0 ${operator} (in0 > 0.0))`, 9, "bool", "bool"), inputs: [{ shape: [9], dtype: "bool" as const }] };
    assert.equal(compileWasm(program), undefined, "a bool compared with a float is refused");
    const both: ElementwiseProgram = { shape: [9], inputs: [{ shape: [9], dtype: "bool" }, { shape: [9], dtype: "bool" }], steps: [{ expression: `(in0 ${operator} in1)`, dtype: "bool" }], outputs: [0] };
    const [actual, expected] = onBoth(both, [bools(9, 1), bools(9, 2)]);
    assertSame(actual, expected, `bool ${operator}`);
  }
  const [actual, expected] = onBoth(unaryProgram("(-in0)", 7), [floats(7, 4)]);
  assertSame(actual, expected, "unary minus");
});

test("literals, including ∞, NaN and −0 as the fusion pass writes them, are float32 constants", () => {
  const expression = "select((in0 > (1 / 0)), (0 / 0), select((in0 < (-1 / 0)), (-0.0), ((in0 * 0.5) + (-2.0))))";
  const [actual, expected] = onBoth(unaryProgram(expression, 13), [floats(13, 9)]);
  assertSame(actual, expected, expression);
});

test("property: every input shape broadcasts as cpu-js broadcasts it (scalar, row, column, size-1 axes, odd sizes)", () => {
  const dims = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 0, maxLength: 5 });
  fc.assert(
    fc.property(dims, fc.array(fc.array(fc.boolean(), { maxLength: 5 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 1000 }), (shape, masks, seed) => {
      // Each input keeps some trailing axes of the output and has size 1 on the others.
      const inputs = masks.map((mask) => shape.slice(shape.length - Math.min(mask.length, shape.length)).map((d, i) => (mask[i] ? d : 1)));
      const program: ElementwiseProgram = {
        shape,
        inputs: inputs.map((s) => ({ shape: s, dtype: "float32" })),
        steps: inputs.map((_, k) => ({ expression: k === 0 ? "(in0 * 2.0)" : `(t${k - 1} - in${k})`, dtype: "float32" })),
        outputs: [inputs.length - 1],
      };
      const kernel = compileWasm(program);
      if (!kernel) return; // more than four axes left after collapsing: the ops stay unfused
      // Integers, so that cpu-js's float64 intermediate steps round like float32 ones (not at all).
      const values = inputs.map((s, k) => floats(size(s), seed + k).map((v) => (Number.isFinite(v) ? Math.round(v * 64) : v)));
      assertSame(runOn("cpu", kernel, program, values), runOn("cpu-js", compileJs(program), program, values), JSON.stringify(program));
    }),
    { numRuns: 150 },
  );
});

test("a chain keeps bool steps as masks: relu's gradient, a select of bools, several outputs", () => {
  const program: ElementwiseProgram = {
    shape: [5, 7],
    inputs: [{ shape: [5, 7], dtype: "float32" }, { shape: [5, 7], dtype: "float32" }, { shape: [5, 1], dtype: "bool" }],
    steps: [
      { expression: "(in0 > 0.0)", dtype: "bool" },
      { expression: "select(t0, in1, 0.0)", dtype: "float32" },
      { expression: "select(in2, t0, isNaN(in1))", dtype: "bool" },
      { expression: "(t1 + in0)", dtype: "float32" },
    ],
    outputs: [1, 2, 3],
  };
  const [actual, expected] = onBoth(program, [floats(35, 1), floats(35, 2), bools(5, 3)]);
  assertSame(actual, expected, "chain");
});

test("programs it cannot express get no kernel; empty ones allocate empty outputs", () => {
  assert.equal(compileWasm(unaryProgram("(in0 + 1.0)", 4, "float64", "float64")), undefined, "float64");
  assert.equal(compileWasm(unaryProgram("(in0 + 1.0)", 4, "int32", "int32")), undefined, "int32");
  assert.equal(compileWasm(unaryProgram("(in0 + t0)", 4)), undefined, "a step reading itself");
  assert.equal(compileWasm(unaryProgram("(in0 > 0.0)", 4)), undefined, "a bool step declared float32");
  const alternating: ElementwiseProgram = {
    shape: [2, 3, 2, 3, 2, 3],
    inputs: [{ shape: [2, 1, 2, 1, 2, 1], dtype: "float32" }, { shape: [3, 1, 3, 1, 3], dtype: "float32" }],
    steps: [{ expression: "(in0 + in1)", dtype: "float32" }],
    outputs: [0],
  };
  assert.equal(compileWasm(alternating), undefined, "six axes that do not collapse");
  const empty = unaryProgram("exp(in0)", 0);
  const kernel = compileWasm(empty);
  assert.ok(kernel);
  assert.deepEqual(runOn("cpu", kernel, empty, [[]]), [[]]);
});
