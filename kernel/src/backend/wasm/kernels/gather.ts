import { registerWasmKernel } from "../register.js";
import { wasmData } from "../wasm-backend.js";
import { aroundAxis, resolveIndices } from "../../cpu/indexing.js";
import { bytesPer } from "../../../tensor/dtype.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { GatherAttrs } from "../../../tensor/ops/gather.js";

/** Elements per share: below this a gather stays on one thread (it only copies memory). */
const ELEMENTS_PER_SHARE = 2 ** 17;

// Where fit picks each batch from the training tensor: on the reference it cost a copy of the
// whole tensor out and back per batch. Any dtype (rows are copied as bytes), any axis.
registerWasmKernel<GatherAttrs>("gather", ([x, indices], { axis }, [out], backend) => {
  const length = x!.shape[axis]!;
  // The reference's check, word for word; the resolved copy is safe from memory growth below.
  const picks = resolveIndices("gather", backend.view(wasmData(indices!.dataId)), length, x!.shape, axis);
  const result = backend.allocate(sizeOf(out!.shape), out!.dtype);
  if (result.length === 0) return [result];
  const { outer, inner } = aroundAxis(x!.shape, axis);
  const resolved = backend.write(picks, "int32");
  try {
    const args = [wasmData(x!.dataId).ptr, wasmData(resolved).ptr, result.ptr, outer, length, picks.length, inner * bytesPer(out!.dtype)];
    backend.parallel("gather", args, Math.min(backend.maxShares, Math.floor(result.length / ELEMENTS_PER_SHARE)));
  } finally {
    backend.release(resolved);
  }
  return [result];
});
