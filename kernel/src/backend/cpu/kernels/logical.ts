import { registerCpuKernel } from "../register.js";
import { broadcastStrides, mapBinary, mapUnary } from "../elementwise.js";
import { allocate } from "../../../tensor/dtype.js";
import { sizeOf } from "../../../tensor/shape.js";

// Bool tensors hold bytes 0 and 1, so the bitwise operators are the logical ones.
registerCpuKernel("logicalAnd", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x & y));
registerCpuKernel("logicalOr", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x | y));
registerCpuKernel("logicalXor", ([a, b], _, [out]) => mapBinary(a!, b!, out!.shape, out!.dtype, (x, y) => x ^ y));
registerCpuKernel("logicalNot", ([x], _, [out]) => mapUnary(x!, out!.dtype, (v) => v ^ 1));

registerCpuKernel("where", ([condition, a, b], _, [out]) => {
  const shape = out!.shape;
  const size = sizeOf(shape);
  const result = allocate(out!.dtype, size);
  const cv = condition!.values;
  const av = a!.values;
  const bv = b!.values;
  if (cv.length === size && av.length === size && bv.length === size) {
    for (let i = 0; i < size; i++) result[i] = cv[i] ? av[i]! : bv[i]!;
    return result;
  }
  const sc = broadcastStrides(condition!.shape, shape);
  const sa = broadcastStrides(a!.shape, shape);
  const sb = broadcastStrides(b!.shape, shape);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let ic = 0;
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < size; i++) {
    result[i] = cv[ic] ? av[ia]! : bv[ib]!;
    // Odometer over the output index, moving the three input offsets along.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      ic += sc[axis]!;
      ia += sa[axis]!;
      ib += sb[axis]!;
      if (index[axis]! < shape[axis]!) break;
      ic -= sc[axis]! * shape[axis]!;
      ia -= sa[axis]! * shape[axis]!;
      ib -= sb[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return result;
});
