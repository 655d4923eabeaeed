import type { Backend, DataId } from "../backend.js";
import type { DType, TypedArray } from "../../tensor/dtype.js";

/** CPU storage: the typed array itself, boxed so it can serve as an opaque DataId. */
export interface CpuData {
  values: TypedArray;
}

/** The name of the JavaScript reference backend. */
export const CPU_JS = "cpu-js";

/**
 * The reference backend: plain typed arrays in JavaScript, synchronous reads, every dtype.
 * Its kernels are the reference the faster backends are tested against.
 */
export class CpuBackend implements Backend {
  readonly name: string = CPU_JS;
  readonly canReadSync: boolean = true;

  write(values: TypedArray): DataId {
    return this.adopt(values.slice());
  }

  adopt(values: TypedArray): DataId {
    return { values } satisfies CpuData;
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as CpuData).values.slice();
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
