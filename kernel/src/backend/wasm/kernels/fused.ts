// Fused elementwise kernels for the "cpu" backend: each program from graph mode's fusion pass
// becomes a small generated WebAssembly module (codegen/fused-kernel.ts) over the backend's
// shared memory, compiled once per program and instantiated once per backend instance.
// Programs it cannot express get no kernel, and fusion leaves their ops unfused on "cpu".
import type { KernelFunc } from "../../backend.js";
import { FUNCTIONS as JS_IMPLEMENTATIONS } from "../../cpu/fused.js";
import { registerProgramCompiler, type ElementwiseProgram } from "../../../tensor/expression.js";
import { sizeOf } from "../../../tensor/shape.js";
import { fusedKernelModule, JS_MODULE, KERNEL_FUNCTIONS, KERNELS_MODULE } from "../codegen/fused-kernel.js";
import { compileOptimised } from "../module.js";
import { WASM_CPU, wasmData, type WasmBackend } from "../wasm-backend.js";

type Run = (...pointers: number[]) => void;

/** Generated modules by program, compiled on first run (a graph with an unknown batch size makes programs that never run). */
const modules = new Map<string, { bytes: Uint8Array; module?: WebAssembly.Module }>();

/** The imports a generated kernel may ask for, bound to one backend's memory and kernels module. */
function importsFor(backend: WasmBackend): WebAssembly.Imports {
  const kernels: Record<string, WebAssembly.ImportValue> = { unaryScalar: backend.kernels.unaryScalar! };
  for (const code of Object.values(KERNEL_FUNCTIONS)) kernels[code] = backend.constant(code);
  return { env: { memory: backend.heap.memory }, [KERNELS_MODULE]: kernels, [JS_MODULE]: JS_IMPLEMENTATIONS as Record<string, (...args: number[]) => number> };
}

/**
 * Compiles a program into a "cpu" kernel, or undefined when the generator cannot express it
 * (float64 or int32 values, more than four axes after collapsing).
 * @example const kernel = compileWasm(program); if (kernel) registerKernel("fused_0", "cpu", kernel);
 */
export function compileWasm(program: ElementwiseProgram): KernelFunc | undefined {
  const size = sizeOf(program.shape);
  const outputDTypes = program.outputs.map((step) => program.steps[step]!.dtype);
  let generated: { bytes: Uint8Array; module?: WebAssembly.Module } | undefined;
  if (size > 0) {
    const key = JSON.stringify(program);
    generated = modules.get(key) ?? fusedKernelModule(program);
    if (!generated) return undefined;
    modules.set(key, generated);
  } else if (![...program.inputs, ...program.steps].every((v) => v.dtype === "float32" || v.dtype === "bool")) return undefined;
  const instances = new WeakMap<WasmBackend, Run>();
  return (inputs, _attrs, _outputs, backend) => {
    const wasm = backend as WasmBackend;
    const results = outputDTypes.map((dtype) => wasm.allocate(size, dtype));
    if (!generated) return results;
    let run = instances.get(wasm);
    if (!run) {
      generated.module ??= compileOptimised(generated.bytes);
      instances.set(wasm, (run = new WebAssembly.Instance(generated.module, importsFor(wasm)).exports.run as Run));
    }
    run(...inputs.map((t) => wasmData(t.dataId).ptr), ...results.map((r) => r.ptr));
    return results;
  };
}

registerProgramCompiler(WASM_CPU, compileWasm);
