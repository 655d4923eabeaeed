// The "is this value better?" rule shared by EarlyStopping, ReduceLROnPlateau and ModelCheckpoint.
import { ArgumentError } from "../../tensor/errors.js";

export type MonitorMode = "auto" | "min" | "max";

const maximized = /(^|_)(acc|accuracy|auc|precision|recall|f1|f1_score|fbeta|r2|r2_score|iou|mean_iou)(_|$)|accuracy$|auc$/;
const minimized = /loss$|error$|(^|_)(mse|mae|mape|msle|rmse|crossentropy|hinge|squared_hinge|kl_divergence|kld|poisson|logcosh|huber|cosine)(_|$)/;

/**
 * 'min' or 'max' for a monitored key: 'auto' picks 'max' for accuracy-like metrics
 * (accuracy, auc, precision, recall) and 'min' for losses and errors; other names need an explicit mode.
 * @example resolveMode("EarlyStopping", "val_accuracy", "auto") // "max"
 */
export function resolveMode(where: string, monitor: string, mode: MonitorMode): "min" | "max" {
  if (mode === "min" || mode === "max") return mode;
  if (mode !== "auto") throw new ArgumentError(`${where}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}`);
  const name = monitor.replace(/^val_/, "");
  if (maximized.test(name)) return "max";
  if (minimized.test(name)) return "min";
  throw new ArgumentError(`${where}: cannot tell whether "${monitor}" should go down or up; pass mode: "min" or mode: "max"`);
}

/** improved(c, ref): ref is undefined, or c beats ref by more than δ (in the mode's direction). */
export function improvement(mode: "min" | "max", minDelta: number): (current: number, reference: number | undefined) => boolean {
  const delta = Math.abs(minDelta);
  return mode === "min" ? (c, ref) => ref === undefined || c < ref - delta : (c, ref) => ref === undefined || c > ref + delta;
}
