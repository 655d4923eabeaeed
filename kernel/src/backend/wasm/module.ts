import { readFileSync, existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { GradbookError } from "../../tensor/errors.js";

/** The two builds of the kernels: relaxed SIMD (fused multiply-add) and plain 128-bit SIMD. */
export type KernelVariant = "relaxed" | "simd";

/** A compiled kernels module and which build it is. */
export interface CompiledKernels {
  readonly module: WebAssembly.Module;
  readonly variant: KernelVariant;
}

// From src/backend/wasm/ (tests run the sources) and dist/backend/wasm/ alike, this is kernel/dist/wasm/.
const folder = new URL("../../../dist/wasm/", import.meta.url);

/**
 * Compiles the best kernels build this runtime validates: relaxed SIMD if the engine
 * accepts it (Node 20 needs V8's flag, which only counts when set before compiling), else
 * plain SIMD. `GRADBOOK_WASM=simd` or `prefer` forces the plain build.
 * @example const { module, variant } = compileKernels(); // variant: "relaxed"
 */
export function compileKernels(prefer: KernelVariant | undefined = process.env.GRADBOOK_WASM === "simd" ? "simd" : undefined): CompiledKernels {
  setFlagsFromString("--experimental-wasm-relaxed-simd");
  const variants: KernelVariant[] = prefer === "simd" ? ["simd"] : ["relaxed", "simd"];
  for (const variant of variants) {
    const file = new URL(`kernels-${variant}.wasm`, folder);
    if (!existsSync(file)) {
      throw new GradbookError(`the "cpu" backend's WebAssembly kernels are not built (${file.pathname} is missing): run npm run build`);
    }
    const bytes = readFileSync(file);
    if (!WebAssembly.validate(bytes)) continue;
    return { module: compileOptimised(bytes), variant };
  }
  throw new GradbookError("this JavaScript engine has no WebAssembly SIMD, which the \"cpu\" backend needs; use setBackend(\"cpu-js\")");
}

/**
 * Compiles WebAssembly straight to optimised code, which spares every kernel its first,
 * ~5× slower calls in V8's baseline tier.
 * @example const module = compileOptimised(readFileSync("kernels-simd.wasm"));
 */
export function compileOptimised(bytes: BufferSource): WebAssembly.Module {
  setFlagsFromString("--no-liftoff");
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString("--liftoff");
  }
}

/**
 * Whether this runtime can run the kernels: the plain-SIMD build exists (npm run build
 * makes it) and validates. Cheap (no compilation): backends.ts asks it at import.
 * @example if (kernelsAvailable()) registerBackend("cpu", () => new WasmBackend());
 */
export function kernelsAvailable(): boolean {
  const file = new URL("kernels-simd.wasm", folder);
  return existsSync(file) && WebAssembly.validate(readFileSync(file));
}

/** The imports the kernels module expects: JavaScript's memory and an abort hook (never called under --noAssert). */
export function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort: () => {
        throw new GradbookError("a WebAssembly kernel aborted");
      },
    },
  };
}
