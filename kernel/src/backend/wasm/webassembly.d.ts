// The part of the WebAssembly JavaScript API this backend uses. Node has it at runtime,
// but neither @types/node nor TypeScript's ES libraries declare it (only the DOM and
// WebWorker libraries do, and they clash with Node's types).
declare namespace WebAssembly {
  type ImportValue = Memory | ((...args: any[]) => any) | number;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;
  interface ModuleExportDescriptor {
    kind: "function" | "table" | "memory" | "global" | "tag";
    name: string;
  }
  class Module {
    constructor(bytes: BufferSource);
    static exports(module: Module): ModuleExportDescriptor[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
  class Global {
    readonly value: number;
  }
  function validate(bytes: BufferSource): boolean;
}

type BufferSource = ArrayBufferView | ArrayBuffer;
