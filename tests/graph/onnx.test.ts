import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, jit, placeholder, graphFor, nameScope, randomNormal, SGD, OnnxExportError, onnxOps, type Tensor } from "../../kernel/src/index.js";
import { ProtoWriter } from "../../kernel/src/graph/onnx/protobuf.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

test("the protobuf writer follows the wire format's own examples", () => {
  // protobuf.dev/programming-guides/encoding: field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
  assert.equal(hex(new ProtoWriter().int(1, 150).finish()), "089601");
  assert.equal(hex(new ProtoWriter().bytes(2, "testing").finish()), "120774657374696e67");
  // An embedded message is length-delimited: field 3 holding the first example is 1a 03 08 96 01.
  assert.equal(hex(new ProtoWriter().bytes(3, new ProtoWriter().int(1, 150)).finish()), "1a03089601");
  // Packed repeated field 4 = [3, 270, 86942]: 22 06 03 8e 02 9e a7 05.
  assert.equal(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), "2206038e029ea705");
  // int64 -1 is ten bytes of two's complement; a float is fixed32 little-endian (1.0 = 00 00 80 3f).
  assert.equal(hex(new ProtoWriter().int(1, -1).finish()), "08ffffffffffffffffff01");
  assert.equal(hex(new ProtoWriter().float(2, 1).finish()), "150000803f");
});

test("an op without an ONNX mapping is an error naming it, its scope and the ops that are mapped", () => {
  const x = placeholder([4], "float32", "x");
  const y = nameScope("block", () => x.cumsum(0));
  assert.throws(() => graphFor(y).toOnnx(), (e: unknown) => e instanceof OnnxExportError && /op "cumsum" in block\) has no ONNX mapping; the ops exported are .*conv2d.*matmul/.test(e.message));
  assert.ok(["matmul", "conv2d", "maxPool2d", "avgPool2d", "softmax", "reshape", "transpose", "concat", "sum", "mean", "relu", "sigmoid", "tanh"].every((op) => onnxOps().includes(op)));
});

test("an optimised graph's fused kernels are refused with the way out: export the graph as traced", () => {
  const w = tensor([[1, -1], [2, 0.5]]);
  const b = tensor([0.1, -0.2]);
  const dense = jit((x: Tensor) => x.matmul(w).add(b).relu().mul(2).exp());
  const traced = dense.graphFor(tensor([[1, 2]]));
  assert.ok(traced.toOnnx().length > 0, "as traced, it exports");
  traced.optimize();
  const fused = traced.ir.nodes.filter((n) => n.op.fused || n.op.name.startsWith("fused_")).map((n) => n.op.name);
  assert.ok(fused.length > 0, "optimize fused something");
  assert.throws(() => traced.toOnnx(), (e: unknown) => e instanceof OnnxExportError && new RegExp(`op "${fused[0]}"\\) is a kernel that graph\\.optimize\\(\\) fused.*export the graph as traced, before optimize\\(\\)`).test(e.message));
});

test("training steps and random ops are refused: ONNX export is for inference graphs", () => {
  const w = variable(tensor([1, 2]), { name: "w" });
  const opt = new SGD({ learningRate: 0.1 });
  const step = jit((x: Tensor) => opt.minimize(() => x.mul(w).sum(), [w]));
  assert.throws(() => step.graphFor(tensor([1, 1])).toOnnx(), (e: unknown) => e instanceof OnnxExportError && /only inference graphs can be exported/.test(e.message));
  const noisy = jit((x: Tensor) => x.add(randomNormal([2])));
  assert.throws(() => noisy.graphFor(tensor([1, 1])).toOnnx(), (e: unknown) => e instanceof OnnxExportError && /op "hostValue"\) produces values with host code at each run/.test(e.message));
});

test("a graph of unknown batch size is refused: ONNX export needs every shape", () => {
  const x = placeholder([null, 3], "float32", "x");
  assert.throws(() => graphFor(x.reshape([-1]).exp()).toOnnx(), (e: unknown) => e instanceof OnnxExportError && /unknown batch dimension.*export a graph traced for one batch size/.test(e.message));
});
