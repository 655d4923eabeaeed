// The public API of gradbook: what `import { ... } from "gradbook"` gives and what the
// kernel preloads into every notebook session.
import "./backends.js";
export { Tensor, type NestedArray, type TensorMethods, type GradHook } from "./tensor/tensor.js";
export type { DType, TypedArray } from "./tensor/dtype.js";
export type { Shape } from "./tensor/shape.js";
export { tensor, scalar, type TensorLike, type TensorOptions } from "./tensor/convert.js";
export { zeros, ones, full, zerosLike, onesLike, fullLike, eye, arange, linspace } from "./tensor/creation.js";
export { seed, getRandomState, setRandomState, type RandomState, randomKey, splitKey, foldIn, nextKey, RandomKey, randomUniform, randomNormal, truncatedNormal, randomInt, bernoulli, permutation, philox4x32, type RandomOptions } from "./tensor/random.js";
export { formatTensor, tensorToHTML, setPrintOptions, getPrintOptions, type PrintOptions, type TensorMimeBundle } from "./tensor/format.js";
export { RaggedTensor, ragged, raggedFromDense, type RaggedOperand } from "./tensor/ragged.js";
export { SparseTensor, sparse, sparseFromDense, sparseMatmul } from "./tensor/sparse.js";
export { Variable, variable, type VariableOptions } from "./tensor/variable.js";
export { tidy, keep, dispose } from "./tensor/scope.js";
export { memory, type MemoryInfo } from "./tensor/memory.js";
export { debug, setBackend, getBackend, registerBackend, listBackends, nameScope, runOp, hostTensor, perStep } from "./tensor/engine.js";
// For library authors: a new op is declared once and gets a kernel per backend (see the README).
export { defineOp, type OpDef, type GradContext } from "./tensor/op.js";
export { registerKernel, type Backend, type KernelFunc, type DataId, type TensorInfo, type OutputInfo } from "./backend/backend.js";
export { afterStep, checkValues, checkRule } from "./tensor/trace-state.js";
export type { ValueRule, RejectedValue } from "./backend/value-rule.js";
export { useWebGpu, useBestBackend, useBackendSetting, BACKEND_SETTINGS, type UseWebGpuOptions } from "./backends.js";
export { isSoftwareAdapter, type AdapterInfo } from "./backend/webgpu/adapter.js";
export { GradbookError, ShapeError, DTypeError, ArgumentError, NumericsError, setLocationFormatter } from "./tensor/errors.js";
export * from "./tensor/ops/index.js";
export * from "./autograd/index.js";
export * from "./data/index.js";
export * from "./graph/index.js";
export * from "./optim/index.js";
export * from "./nn/index.js";
export * from "./train/index.js";
export * from "./viz/index.js";
export * from "./jupyter/display/index.js";
export * from "./check/index.js";
export { setLocale, getLocale, type Locale } from "./locale/index.js";
// Explicit, so it takes precedence over the two `input`s exported above.
export { input } from "./input.js";
// Short text/HTML for models, layers, optimizers, History, Dataset, … as cell values.
import "./representations.js";
