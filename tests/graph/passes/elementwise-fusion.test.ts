import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setBackend, tensor, jit, nameScope, sum, where, greater, maximum, minimum, type Tensor } from "../../../kernel/src/index.js";

// Fusion generates kernels for backends with a program compiler: the JavaScript one here
// (and "cpu", the WebAssembly one, where a test says so).
setBackend("cpu-js");
import { elementwiseFusion } from "../../../kernel/src/graph/passes/elementwise-fusion.js";
import { deadCode } from "../../../kernel/src/graph/passes/dead-code.js";
import type { FusedAttrs } from "../../../kernel/src/graph/passes/fused-op.js";
import { randomF64 } from "../../helpers/gradcheck.js";
import { asyncOnlyBackend } from "../../helpers/async-backend.js";
import { assertClose, opsOf, traced } from "./helpers.js";

const fuse = [elementwiseFusion, deadCode];

test("a chain with a broadcast bias and scalar constants becomes one generated kernel", () => {
  const x0 = randomF64([4, 3], 1);
  const b0 = randomF64([3], 2);
  const g = traced((x: Tensor, b: Tensor) => x.mul(2).add(b).relu().sub(0.5), x0, b0);
  const before = g.run({ arg0: x0, arg1: b0 });
  const report = g.optimize(fuse);
  assert.equal(opsOf(g).length, 1);
  assert.match(opsOf(g)[0]!, /^fused_\d+$/);
  assert.equal(report.fusedKernels, 1);
  assert.match(report.passes[0]!.did, /fused 4 nodes into 1 kernel/);
  assert.equal(g.ir.nodes.filter((n) => n.op.name === "constant").length, 0, "the scalars are written into the kernel");
  const after = g.run({ arg0: x0, arg1: b0 });
  assertClose(after, before, 1e-15);
  // Float64 reference computed here, elementwise.
  const x = x0.dataSync();
  const b = b0.dataSync();
  assertClose(after, [tensor(Float64Array.from(x, (v, i) => Math.max(2 * v + b[i % 3]!, 0) - 0.5), { shape: [4, 3] })], 1e-15);
});

test("a fused node lists the ops it replaced with their scopes (for the graph view)", () => {
  const g = traced((x: Tensor) => nameScope("dense", () => x.exp().add(1)).neg(), tensor([1, 2]));
  g.optimize(fuse);
  const node = g.ir.nodes.find((n) => n.op.name.startsWith("fused_"))!;
  const { members } = node.attrs as FusedAttrs;
  assert.deepEqual(members.map((m) => m.op), ["exp", "add", "neg"]);
  assert.deepEqual(members.map((m) => m.scope.join("/")), ["dense", "dense", ""]);
  assert.match(g.summary(), /fused_\d+×1/);
});

test("a value needed outside the chain is a second output of the fused kernel", () => {
  const g = traced((x: Tensor) => {
    const e = x.exp();
    return [e.add(1).square(), sum(e)];
  }, tensor([1, 2, 3]));
  const before = g.run({ arg0: tensor([0.1, 0.2, 0.3]) });
  g.optimize(fuse);
  const node = g.ir.nodes.find((n) => n.op.name.startsWith("fused_"))!;
  assert.equal(node.outputs.length, 2, "exp's value feeds sum, the chain's end is an output");
  assertClose(g.run({ arg0: tensor([0.1, 0.2, 0.3]) }), before, 1e-7);
});

test("a node reading the chain through a non-fusable op starts a new kernel (no cycle)", () => {
  const g = traced((x: Tensor) => {
    const e = x.exp();
    return e.mul(sum(e)).add(1);
  }, tensor([1, 2, 3]));
  const before = g.run({ arg0: tensor([0.5, 1, 2]) });
  g.optimize(fuse);
  assert.deepEqual(opsOf(g).map((n) => n.replace(/\d+$/, "")), ["exp", "sum", "fused_"], "exp alone is left unfused (a kernel needs two ops)");
  assertClose(g.run({ arg0: tensor([0.5, 1, 2]) }), before, 1e-7);
});

test("a node joins no chain that its other input's chain reads through an op outside both (no cycle)", () => {
  // a.add(b0) may not join a's chain: b0's chain reads a through sum (b1), so one kernel would wait for the other and back.
  const g = traced((x: Tensor, y: Tensor) => {
    const a = x.add(1);
    const s = sum(a, 1, true);
    const b0 = y.mul(2);
    const b1 = b0.mul(s);
    return [b1, a.add(b0)];
  }, tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
  const feeds = { arg0: tensor([[0.5, 1], [2, -1]]), arg1: tensor([[1, -2], [3, 0.25]]) };
  const before = g.run(feeds);
  const report = g.optimize(fuse);
  assert.ok(report.fusedKernels >= 1, report.toString());
  assert.ok(opsOf(g).includes("sum"));
  assertClose(g.run(feeds), before, 1e-12);
});

test("int32 chains are left alone (their arithmetic wraps after every op)", () => {
  const g = traced((x: Tensor) => x.mul(3).add(1), tensor([1, 2], "int32"));
  g.optimize(fuse);
  assert.deepEqual(opsOf(g), ["mul", "add"]);
});

/**
 * Random broadcasting chains of `dtype` values on `backend` fuse and give the unfused values
 * within `tolerance` ("cpu" rounds to float32 after each fused step, like its unfused kernels;
 * the few ops that "cpu" runs on "cpu-js" in float64 as a whole, softplus, round once there).
 */
function randomChainsMatchUnfused(backend: string, dtype: "float32" | "float64", tolerance: number): void {
  const shapes = [[2, 3, 4], [3, 4], [4], [1], [2, 1, 4], [2, 3, 1], [3, 1], []];
  const unary = ["exp", "tanh", "sigmoid", "square", "neg", "abs", "relu", "softplus", "sin", "sqrt"] as const;
  const step = fc.oneof(
    fc.record({ unary: fc.constantFrom(...unary) }),
    fc.record({ binary: fc.constantFrom("add", "sub", "mul", "div", "max", "min", "where", "scale"), input: fc.integer({ min: 0, max: shapes.length - 1 }) }),
  );
  setBackend(backend);
  fc.assert(
    fc.property(fc.array(step, { minLength: 2, maxLength: 10 }), fc.integer({ min: 1, max: 1000 }), (chain, seed) => {
      const inputs = shapes.map((s, i) => randomF64(s, seed + i, 0.5, 1.5).cast(dtype));
      const f = (...xs: Tensor[]) =>
        chain.reduce((t, s) => {
          if ("unary" in s) return s.unary === "sqrt" ? t.abs().sqrt() : (t as any)[s.unary]();
          const y = xs[s.input]!;
          switch (s.binary) {
            case "div":
              return t.div(y.abs().add(1));
            case "max":
              return maximum(t, y);
            case "min":
              return minimum(t, y);
            case "where":
              return where(greater(t, y), t, y.mul(-1));
            case "scale":
              return t.mul(0.25);
            default:
              return (t as any)[s.binary](y);
          }
        }, xs[0]!.mul(1.5));
      const compiled = jit(f);
      const g = compiled.graphFor(...inputs);
      // Inputs the chain never reads are not placeholders of the graph.
      const fed = new Set(g.placeholders.map((p) => p.name));
      const feeds = Object.fromEntries(inputs.map((t, i) => [`arg${i}`, t]).filter(([name]) => fed.has(name as string)));
      const before = g.run(feeds);
      const report = g.optimize(fuse);
      assert.ok(report.nodesAfter < report.nodesBefore && report.fusedKernels > 0, `${JSON.stringify(chain)} fused`);
      assertClose(g.run(feeds), before, tolerance);
    }),
    { numRuns: 40 },
  );
  setBackend("cpu-js");
}

test("property: random broadcasting chains (unary, binary, where over comparisons) give the unfused values", () => {
  randomChainsMatchUnfused("cpu-js", "float64", 1e-12);
});

test("property: on \"cpu\" (generated WebAssembly), random float32 chains give the unfused values", () => {
  randomChainsMatchUnfused("cpu", "float32", 1e-6);
});

test("on \"cpu\", relu's gradient and a bias add fuse and give exactly the unfused values", () => {
  setBackend("cpu");
  try {
    const x0 = randomF64([6, 5, 7], 1).cast("float32");
    const b0 = randomF64([7], 2).cast("float32");
    const dy0 = randomF64([6, 5, 7], 3).cast("float32");
    const g = traced((x: Tensor, b: Tensor, dy: Tensor) => {
      const z = x.add(b);
      return [z.relu(), where(greater(z, 0), dy, z.mul(0))];
    }, x0, b0, dy0);
    const feeds = { arg0: x0, arg1: b0, arg2: dy0 };
    const before = g.run(feeds);
    const report = g.optimize(fuse);
    assert.match(report.passes[0]!.did, /^fused \d+ nodes into 1 kernel/);
    assert.ok(opsOf(g).every((op) => op.startsWith("fused_")), opsOf(g).join(", "));
    assertClose(g.run(feeds), before, 0);
  } finally {
    setBackend("cpu-js");
  }
});

test("a chain that overflows gives the unfused infinities and NaN on both CPU backends (exp of exp, inf − inf)", () => {
  const x0 = tensor([0.5, 1, 1.5, 0.1, -3, -60, 70, 400]);
  const chain = (x: Tensor) => {
    const big = x.mul(1.5).exp().exp().add(x).exp(); // +Infinity from x ≈ 1 on in float32, finite below
    return [big, big.sub(big), big.neg().mul(2)];
  };
  for (const backend of ["cpu", "cpu-js"]) {
    setBackend(backend);
    try {
      const x = x0.cast(backend === "cpu" ? "float32" : "float64");
      const g = traced(chain, x);
      const before = g.run({ arg0: x });
      const values = [...before[0]!.dataSync()];
      assert.ok(values.includes(Number.POSITIVE_INFINITY) && values.some(Number.isFinite), `${backend}: ${values.join(", ")}`);
      assert.ok([...before[1]!.dataSync()].some(Number.isNaN), `${backend}: inf − inf`);
      assert.match(g.optimize(fuse).passes[0]!.did, /fused \d+ nodes into \d+ kernel/, backend);
      assertClose(g.run({ arg0: x }), before, 1e-6);
    } finally {
      setBackend("cpu-js");
    }
  }
});

test("two chains that meet in one node merge into one kernel (an optimizer's moments and its update)", () => {
  const g = traced((x: Tensor, m: Tensor, v: Tensor) => {
    const m1 = m.mul(0.9).add(x.mul(0.1));
    const v1 = v.mul(0.999).add(x.square().mul(0.001));
    return [m1, v1, m1.div(v1.sqrt().add(1e-7))];
  }, tensor([1, 2]), tensor([0.5, 0.5]), tensor([1, 1]));
  const feeds = { arg0: tensor([0.3, -2]), arg1: tensor([0.1, 0.2]), arg2: tensor([0.5, 0.7]) };
  const before = g.run(feeds);
  const report = g.optimize(fuse);
  assert.equal(opsOf(g).length, 1, "one kernel writes both moments and the update");
  assert.match(report.passes[0]!.did, /fused 10 nodes into 1 kernel/);
  assertClose(g.run(feeds), before, 1e-7);
});

test("on a backend that compiles no programs, fusion is skipped and says so", () => {
  const other = asyncOnlyBackend();
  setBackend(other);
  try {
    const g = traced((x: Tensor) => x.exp().add(1), tensor([1, 2]));
    const report = g.optimize(fuse);
    assert.equal(report.passes[0]!.did, `skipped: the ${other} backend generates no fused kernels`);
    assert.deepEqual(opsOf(g), ["exp", "add"]);
  } finally {
    setBackend("cpu-js");
  }
});
