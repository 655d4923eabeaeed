// Shared by the pass tests: a traced graph, its op names, and a run compared with the
// unoptimised graph's.
import assert from "node:assert/strict";
import { jit, setBackend, type Graph, type Tensor } from "../../../kernel/src/index.js";
import { assertClose as assertValuesClose } from "../../helpers/gradcheck.js";

/** The graph `f` traces for `args` (not optimised). */
export function traced<A extends Tensor[]>(f: (...args: A) => Tensor | Tensor[], ...args: A): Graph {
  return jit(f).graphFor(...args);
}

/** Names of the op nodes (sources excluded), in order. */
export function opsOf(graph: Graph): string[] {
  return graph.ir.nodes.filter((n) => !n.op.source).map((n) => n.op.name);
}

/** Asserts two runs agree elementwise within float32 tolerance (NaN and infinities only with their like). */
export function assertClose(actual: readonly Tensor[], expected: readonly Tensor[], tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((t, i) => {
    assert.deepEqual(t.shape, expected[i]!.shape, `output ${i} shape`);
    assertValuesClose(Array.from(t.dataSync()), Array.from(expected[i]!.dataSync()), tolerance, `output ${i}`);
  });
}

/** Asserts two runs agree bit for bit (NaN with NaN, −0 only with −0). */
export function assertSameBits(actual: readonly Tensor[], expected: readonly Tensor[], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: outputs`);
  actual.forEach((t, k) => {
    const [a, e] = [t.dataSync(), expected[k]!.dataSync()];
    assert.equal(a.length, e.length, `${label}: output ${k} size`);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], e[i])) assert.fail(`${label}: output ${k}[${i}] is ${a[i]}, expected ${e[i]}`);
  });
}

/**
 * Asserts that `graph` (optimised on "cpu") gives eager mode's values on cpu-js's reference
 * kernels — `eager` computed there too — then goes back to "cpu".
 */
export function assertReferenceRun(graph: Graph, feeds: Record<string, Tensor>, eager: () => readonly Tensor[], tolerance: number): void {
  setBackend("cpu-js");
  try {
    assertClose(graph.run(feeds), eager(), tolerance);
  } finally {
    setBackend("cpu");
  }
}
