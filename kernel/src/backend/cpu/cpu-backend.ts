import type { Backend, DataId } from "../backend.js";
import type { DType, TypedArray } from "../../tensor/dtype.js";

/** CPU storage: the typed array itself, boxed so it can serve as an opaque DataId. */
export interface CpuData {
  values: TypedArray;
}

/** The reference backend: plain typed arrays, synchronous reads, every dtype. */
export class CpuBackend implements Backend {
  readonly name = "cpu";
  readonly canReadSync = true;

  write(values: TypedArray): DataId {
    return { values } satisfies CpuData;
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as CpuData).values;
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.readSync(dataId));
  }

  release(dataId: DataId): void {
    // Dropping the reference lets the garbage collector reclaim the array.
    (dataId as CpuData).values = new Float32Array(0);
  }

  supportsDType(_dtype: DType): boolean {
    return true;
  }
}
