import type { SweepPayload } from "gradbook/payloads";

/** A grid sweep over learningRate × batchSize (and optionally optimizer, units). */
export function sweepPayload(options: { parameters?: number; locale?: "en" | "ru"; goal?: "min" | "max" } = {}): SweepPayload {
  const parameters = ["learningRate", "batchSize", "optimizer", "units"].slice(0, options.parameters ?? 2);
  const runs: SweepPayload["runs"] = [];
  let n = 0;
  for (const learningRate of [0.001, 0.01, 0.1]) {
    for (const batchSize of [32, 128]) {
      const params: Record<string, number | string> = { learningRate, batchSize, optimizer: n % 2 ? "adam" : "sgd", units: 16 * (1 + (n % 3)) };
      const loss = Math.abs(Math.log10(learningRate) + 2) + batchSize / 1000;
      runs.push({
        id: `r${n}`,
        params: Object.fromEntries(parameters.map((p) => [p, params[p]!])),
        status: n === 5 ? "failed" : "done",
        final: n === 5 ? {} : { val_loss: loss, accuracy: 1 - loss / 2 },
        curves: n === 5 ? {} : { val_loss: [loss + 1, loss + 0.5, loss] },
        ...(n === 5 ? { error: "NaN loss at epoch 2 (<b>diverged</b>)" } : {}),
      });
      n++;
    }
  }
  return { version: 1, title: "Sweep", parameters, metric: "val_loss", goal: options.goal ?? "min", runs, ...(options.locale ? { locale: options.locale } : {}) };
}
