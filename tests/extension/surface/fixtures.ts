import type { SurfacePayload } from "gradbook/payloads";

const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

/** Rosenbrock on a coarse grid with made-up paths of the given lengths (points per path) from (-1.5, 2). */
export function surfacePayload(options: { lengths?: number[]; label?: (i: number) => string; locale?: "en" | "ru" } = {}): SurfacePayload {
  const { lengths = [11, 21, 6] } = options;
  const xs = Array.from({ length: 21 }, (_, i) => -2 + i * 0.2);
  const ys = Array.from({ length: 21 }, (_, i) => -1 + i * 0.2);
  const optimizers = ["sgd", "momentum", "adam", "rmsprop"];
  return {
    version: 1,
    ...(options.locale ? { locale: options.locale } : {}),
    function: "rosenbrock",
    grid: { xs, ys, z: ys.map((y) => xs.map((x) => rosenbrock(x, y))) },
    logColor: true,
    minima: [[1, 1]],
    trajectories: lengths.map((length, i) => {
      const points = Array.from({ length }, (_, k): [number, number] => [-1.5 + (2.5 * k) / Math.max(1, length - 1), 2 - k / Math.max(1, length - 1)]);
      return {
        label: options.label?.(i) ?? `${optimizers[i % 4]} lr=0.01`,
        optimizer: optimizers[i % 4]!,
        points,
        losses: points.map(([x, y]) => rosenbrock(x, y)),
        learningRates: points.map((_, k) => 0.01 * 0.9 ** k),
      };
    }),
  };
}
