import { checkOptions, optionNames } from "../../tensor/options.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ArgumentError } from "../../tensor/errors.js";
import { tensor } from "../../tensor/convert.js";
import { allocate } from "../../tensor/dtype.js";
import type { Model } from "../../nn/model.js";
import type { Logs } from "../compile.js";
import { printLine } from "../print.js";
import { Callback } from "./callback.js";
import { improvement, resolveMode, type MonitorMode } from "./monitor.js";
import { message } from "../../locale/messages.js";

export interface ModelCheckpointConfig {
  /** The value that decides "best" (saveBestOnly). Default "val_loss". */
  monitor?: string;
  verbose?: number;
  /** Only save when the monitored value improved. Default false. */
  saveBestOnly?: boolean;
  /** Save only the weights (model.saveWeights, else JSON). Default false. */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** "epoch" (default) or a number of batches between saves. */
  saveFreq?: "epoch" | number;
  /** With saveBestOnly: only save values better than this. */
  initialValueThreshold?: number;
}

/**
 * Fills in "{epoch}" (1-based, as Keras), "{epoch:03d}" and "{val_loss:.4f}"-style fields of a path.
 * @example formatCheckpointPath("ckpt/{epoch:02d}-{val_loss:.2f}", 0, { val_loss: 0.1234 }) // "ckpt/01-0.12"
 */
export function formatCheckpointPath(path: string, epoch: number, logs: Logs): string {
  return path.replace(/\{(\w+)(?::(0?)(\d*)(?:\.(\d+))?([dfe]?))?\}/g, (whole, key: string, zero: string, width: string, precision: string, kind: string) => {
    const value = key === "epoch" ? epoch + 1 : key === "batch" ? logs.batch : logs[key];
    if (value === undefined) throw new ArgumentError(`ModelCheckpoint: the path uses ${whole} but the logs have no "${key}" (they have ${["epoch", ...Object.keys(logs)].join(", ")})`);
    let text = kind === "d" ? String(Math.round(value)) : kind === "e" ? value.toExponential(precision ? Number(precision) : 6) : precision || kind === "f" ? value.toFixed(precision ? Number(precision) : 6) : String(value);
    if (width) text = text.padStart(Number(width), zero ? "0" : " ");
    return text;
  });
}

/**
 * The weights as JSON: `{ format: "gradbook-weights", version: 1, weights: [{ name, shape, dtype, values }] }`.
 * @example fs.writeFileSync("weights.json", weightsToJson(model))
 */
export function weightsToJson(model: Model): string {
  const weights = model.weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype, values: Array.from(w.value.dataSync() as ArrayLike<number>, Number) }));
  return JSON.stringify({ format: "gradbook-weights", version: 1, weights });
}

/**
 * Restores weights saved by weightsToJson (matched by order; names and shapes are checked).
 * @example weightsFromJson(model, fs.readFileSync("weights.json", "utf8"))
 */
export function weightsFromJson(model: Model, json: string): void {
  const parsed = JSON.parse(json) as { format?: string; weights?: { name: string; shape: number[]; values: number[] }[] };
  if (parsed.format !== "gradbook-weights" || !Array.isArray(parsed.weights)) throw new ArgumentError("weightsFromJson: not a gradbook weights file (expected format \"gradbook-weights\")");
  const weights = model.weights;
  if (parsed.weights.length !== weights.length) throw new ArgumentError(`weightsFromJson: the file has ${parsed.weights.length} weights, the model ${weights.length}`);
  parsed.weights.forEach((saved, i) => {
    const w = weights[i]!;
    if (saved.shape.join() !== w.shape.join()) throw new ArgumentError(`weightsFromJson: weight ${i} ("${saved.name}") has shape [${saved.shape.join(", ")}] in the file but [${w.shape.join(", ")}] in the model ("${w.name}")`);
  });
  const values = parsed.weights.map((saved, i) => {
    const data = allocate(weights[i]!.dtype, saved.values.length);
    saved.values.forEach((v, k) => (data[k] = v));
    return tensor(data, { shape: weights[i]!.shape });
  });
  try {
    model.setWeights(values);
  } finally {
    values.forEach((t) => t.dispose());
  }
}

/**
 * Saves the model during training: every epoch (or every `saveFreq` batches), or only when
 * the monitored value improved (saveBestOnly). Uses `model.save(path)` (a directory with
 * architecture, weights and optimizer state), or `model.saveWeights(path)` with
 * saveWeightsOnly; a model without them gets its weights written as JSON (weightsToJson). The path may contain "{epoch:02d}" and
 * "{val_loss:.4f}"-style fields.
 * @example new ModelCheckpoint("checkpoints/best", { saveBestOnly: true })
 */
export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: "epoch" | number;
  readonly mode: "min" | "max";
  best: number | undefined;
  /** The paths written, in order. */
  readonly saved: string[] = [];
  private batchesSinceSave = 0;
  private epoch = 0;
  private readonly improved: (c: number, ref: number | undefined) => boolean;
  private readonly initialValueThreshold: number | undefined;

  constructor(
    readonly filepath: string,
    config: ModelCheckpointConfig = {},
  ) {
    super();
    checkOptions("ModelCheckpoint", config, optionNames<ModelCheckpointConfig>({ monitor: true, verbose: true, saveBestOnly: true, saveWeightsOnly: true, mode: true, saveFreq: true, initialValueThreshold: true }));
    this.monitor = config.monitor ?? "val_loss";
    this.verbose = config.verbose ?? 0;
    this.saveBestOnly = config.saveBestOnly ?? false;
    this.saveWeightsOnly = config.saveWeightsOnly ?? false;
    this.saveFreq = config.saveFreq ?? "epoch";
    if (this.saveFreq !== "epoch" && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) throw new ArgumentError(`ModelCheckpoint: saveFreq must be "epoch" or a positive number of batches, got ${String(config.saveFreq)}`);
    this.mode = this.saveBestOnly ? resolveMode("ModelCheckpoint", this.monitor, config.mode ?? "auto") : config.mode === "max" ? "max" : "min";
    this.improved = improvement(this.mode, 0);
    this.initialValueThreshold = config.initialValueThreshold;
  }

  override onTrainBegin(): void {
    this.best = this.initialValueThreshold;
    this.batchesSinceSave = 0;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === "epoch") return;
    if (++this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.save(this.epoch, { ...logs, batch });
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (this.saveFreq === "epoch") await this.save(epoch, logs);
  }

  private async save(epoch: number, logs: Logs): Promise<void> {
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        printLine(message("checkpointNoMonitor", { monitor: this.monitor, available: Object.keys(logs).join(", ") }));
        return;
      }
      if (!this.improved(current, this.best)) return;
      if (this.verbose > 0) {
        const values = { epoch: epoch + 1, monitor: this.monitor, current, path: formatCheckpointPath(this.filepath, epoch, logs) };
        printLine(this.best === undefined ? message("checkpointFirst", values) : message("checkpointImproved", { ...values, best: this.best }));
      }
      this.best = current;
    }
    const path = formatCheckpointPath(this.filepath, epoch, logs);
    // The persistence API when the model has it (model.save: a directory; model.saveWeights: safetensors).
    const persist = this.model as unknown as { save?: (path: string) => unknown; saveWeights?: (path: string) => unknown };
    const saver = this.saveWeightsOnly ? persist.saveWeights : persist.save;
    if (typeof saver === "function") {
      await saver.call(this.model, path);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, weightsToJson(this.model));
    }
    this.saved.push(path);
    if (this.verbose > 0 && !this.saveBestOnly) printLine(message("checkpointSaving", { epoch: epoch + 1, path }));
  }
}
