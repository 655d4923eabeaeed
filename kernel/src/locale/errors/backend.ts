// Russian for the errors thrown under kernel/src/backend (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "the \"cpu\" backend cannot allocate {0} more bytes: its WebAssembly memory holds {1} MiB and cannot grow further; dispose() tensors you no longer need, or use smaller batches":
    "бэкенд \"cpu\" не может выделить ещё {0} Б: его память WebAssembly занимает {1} МиБ и больше расти не может; освободите через dispose() ненужные тензоры или используйте пакеты (batch) поменьше",
  "the \"cpu\" backend's WebAssembly kernels are not built ({0} is missing): run npm run build":
    "ядра WebAssembly бэкенда \"cpu\" не собраны (нет файла {0}): выполните npm run build",
  "this JavaScript engine has no WebAssembly SIMD, which the \"cpu\" backend needs; use setBackend(\"cpu-js\")":
    "в этом движке JavaScript нет WebAssembly SIMD, а он нужен бэкенду \"cpu\"; используйте setBackend(\"cpu-js\")",
  "gemm: Adam's epilogue needs k > 0":
    "gemm: эпилогу Adam нужно k > 0",
  "a WebAssembly kernel aborted":
    "ядро WebAssembly аварийно завершилось",
  "{0}: no kernel on the {1} backend to fall back to":
    "{0}: на бэкенде {1} нет ядра, к которому можно было бы откатиться",
  "the WebAssembly kernel {0} failed on a worker thread":
    "ядро WebAssembly {0} завершилось с ошибкой в рабочем потоке",
  "the WebAssembly kernels export no constant {0}":
    "ядра WebAssembly не экспортируют константу {0}",
  "a \"cpu\" kernel received a tensor stored on another backend":
    "ядро \"cpu\" получило тензор, хранящийся на другом бэкенде",
  "WebGPU could not start ({0})":
    "WebGPU не удалось запустить ({0})",
  "no WebGPU adapter was found (no GPU driver with Vulkan, Metal or D3D12 support)":
    "адаптер WebGPU не найден (нет драйвера GPU с поддержкой Vulkan, Metal или D3D12)",
  "the WebGPU adapter {0} is a software renderer on the CPU (slower than gradbook's CPU backend)":
    "адаптер WebGPU {0} — программный рендерер на CPU (медленнее CPU-бэкенда gradbook)",
  "{0} has no WebGPU kernel for {1} values; use setBackend(\"cpu\") for it":
    "у {0} нет ядра WebGPU для значений {1}; для этой операции используйте setBackend(\"cpu\")",
  "{0} on the webgpu backend multiplies float32 matrices, not {1}; cast first, or use setBackend(\"cpu\")":
    "{0} на бэкенде webgpu перемножает матрицы float32, а не {1}; сначала приведите тип (cast) или используйте setBackend(\"cpu\")",
  "float64 tensors are not supported on the webgpu backend (GPUs compute in float32); cast with .cast(\"float32\") or use setBackend(\"cpu\")":
    "тензоры float64 не поддерживаются на бэкенде webgpu (GPU считают во float32); приведите тип через .cast(\"float32\") или используйте setBackend(\"cpu\")",
  "the webgpu backend reads asynchronously: use `await t.data()` (or `await t.array()`), or compute on the CPU with setBackend(\"cpu\")":
    "бэкенд webgpu читает данные асинхронно: используйте `await t.data()` (или `await t.array()`) либо считайте на CPU с setBackend(\"cpu\")",
  "this tensor was stored on the GPU, which is gone ({0}); compute it again":
    "этот тензор хранился на GPU, который больше недоступен ({0}); вычислите его заново",
};
