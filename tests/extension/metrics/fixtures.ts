import type { MetricSeries, MetricsPayload } from "gradbook/payloads";

/** A metrics payload of `runs` runs with loss/accuracy, train and validation, per batch and per epoch. */
export function metricsPayload(options: { runs?: number; epochs?: number; batches?: number; label?: string; locale?: "en" | "ru" } = {}): MetricsPayload {
  const { runs = 1, epochs = 5, batches = 4 } = options;
  return {
    version: 1,
    title: "Training",
    ...(options.locale ? { locale: options.locale } : {}),
    runs: Array.from({ length: runs }, (_, r) => {
      const epochX = Array.from({ length: epochs }, (_, i) => i + 1);
      const batchX = Array.from({ length: epochs * batches }, (_, i) => (i + 1) / batches);
      const series = (name: string, group: string, split: MetricSeries["split"], resolution: MetricSeries["resolution"], x: number[], f: (x: number) => number): MetricSeries =>
        ({ name, group, split, resolution, x, y: x.map(f) });
      const loss = (x: number) => 1 / (x + r + 1);
      return {
        id: `run${r}`,
        label: r === 0 && options.label ? options.label : `run ${r}`,
        series: [
          series("loss", "loss", "train", "batch", batchX, loss),
          series("loss", "loss", "train", "epoch", epochX, loss),
          series("val_loss", "loss", "validation", "epoch", epochX, (x) => loss(x) + 0.05),
          series("accuracy", "accuracy", "train", "epoch", epochX, (x) => 1 - loss(x)),
          series("val_accuracy", "accuracy", "validation", "epoch", epochX, (x) => 0.95 - loss(x)),
        ],
        learningRate: { x: epochX, y: epochX.map((x) => 0.01 * 0.5 ** Math.floor(x / 2)) },
        best: { val_loss: { epoch: epochs, value: loss(epochs) + 0.05, goal: "min" }, val_accuracy: { epoch: epochs, value: 0.95 - loss(epochs), goal: "max" } },
        earlyStopEpoch: r === 0 ? epochs : undefined,
        epochs: { done: epochs, total: 10 },
        done: false,
      };
    }),
  };
}
