import type { MetricsPayload } from "gradbook/payloads";
import { toCsv } from "../common/export.js";

/**
 * Every logged value in long form (one row per point), learning rates included.
 * @example metricsCsv(payload) // "run,series,group,split,resolution,epoch,value\r\n…"
 */
export function metricsCsv(payload: MetricsPayload): string {
  const rows: (string | number)[][] = [["run", "series", "group", "split", "resolution", "epoch", "value"]];
  for (const run of payload.runs) {
    for (const series of run.series) {
      series.x.forEach((x, i) => rows.push([run.label, series.name, series.group, series.split, series.resolution, x, series.y[i]!]));
    }
    run.learningRate?.x.forEach((x, i) => rows.push([run.label, "learning_rate", "learning_rate", "train", "epoch", x, run.learningRate!.y[i]!]));
  }
  return toCsv(rows);
}
