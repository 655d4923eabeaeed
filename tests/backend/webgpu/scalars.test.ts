// Numbers used as operands (x.add(1), a mean's 1/n, Adam's step size) on the GPU: one upload
// per value, shared by every tensor made from it (tensor/scalar-cache.ts).
import assert from "node:assert/strict";
import * as g from "../../../kernel/src/index.js";
import { testOnGpu } from "./gpu.js";

testOnGpu("a number used as an operand is uploaded once per value, and tensors sharing it stay readable after one is disposed", async (runtime) => {
  const upload = runtime.upload.bind(runtime);
  let uploads = 0;
  runtime.upload = (values, dtype) => (uploads++, upload(values, dtype));
  try {
    const x = g.tensor([1, 2, 3]); // an upload of its own (three values)
    uploads = 0;
    const y = g.tidy(() => {
      let sum = x;
      for (let i = 0; i < 100; i++) sum = sum.add(0.25);
      return sum;
    });
    assert.equal(uploads, 1, "0.25 uploaded once for 100 adds");
    assert.deepEqual(Array.from(await y.data()), [26, 27, 28]);
    const [a, b] = [g.scalar(7), g.scalar(7)];
    a.dispose();
    assert.deepEqual(Array.from(await b.data()), [7]);
    assert.deepEqual(Array.from(await g.scalar(-7).data()), [-7]);
    g.dispose([x, y, b]);
  } finally {
    runtime.upload = upload;
  }
});
