import { broadcastStrides } from "./cpu/elementwise.js";
import { sizeOf, type Shape } from "../tensor/shape.js";

/** What every backend's matmul kernel needs to know: op(A) is m×k, op(B) k×n, and which matrices pair up. */
export interface MatmulGeometry {
  m: number;
  n: number;
  k: number;
  /** Per output matrix (row-major over the batch axes), the indices of its A and B matrices (broadcast batch axes repeat them). */
  pairs: [number, number][];
}

/**
 * The sizes and batch pairing of a (batched, broadcast) matmul.
 * @example matmulGeometry([2, 3, 4], [4, 5], [2, 3, 5], false) // { m: 3, n: 5, k: 4, pairs: [[0, 0], [1, 0]] }
 */
export function matmulGeometry(aShape: Shape, bShape: Shape, outShape: Shape, transposeA: boolean): MatmulGeometry {
  const rank = outShape.length;
  const m = outShape[rank - 2]!;
  const n = outShape[rank - 1]!;
  const k = transposeA ? aShape[aShape.length - 2]! : aShape[aShape.length - 1]!;
  const batchShape = outShape.slice(0, -2);
  // Batch offsets in whole matrices; broadcast batch axes have stride 0.
  const aStrides = broadcastStrides(aShape.slice(0, -2), batchShape);
  const bStrides = broadcastStrides(bShape.slice(0, -2), batchShape);
  const index = new Array<number>(batchShape.length).fill(0);
  const pairs: [number, number][] = [];
  for (let batch = 0; batch < sizeOf(batchShape); batch++) {
    let aBatch = 0;
    let bBatch = 0;
    index.forEach((i, axis) => ((aBatch += i * aStrides[axis]!), (bBatch += i * bStrides[axis]!)));
    pairs.push([aBatch, bBatch]);
    for (let axis = index.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < batchShape[axis]!) break;
      index[axis] = 0;
    }
  }
  return { m, n, k, pairs };
}
