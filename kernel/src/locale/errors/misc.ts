// Russian for the errors thrown under kernel/src/*.ts and kernel/src/locale (keys: see catalogue.ts).
import type { ErrorCatalogue } from "./catalogue.js";

export const ru: ErrorCatalogue = {
  "the webgpu backend opens the GPU asynchronously: run `await useWebGpu()` (it names the GPU it found, or says why it stays on the CPU)":
    "бэкенд webgpu открывает GPU асинхронно: выполните `await useWebGpu()` (он назовёт найденный GPU или скажет, почему остаётся на CPU)",
};
