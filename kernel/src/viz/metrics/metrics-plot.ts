/**
 * A live metrics chart that any number of runs write to: fit callbacks (liveMetrics) or
 * a hand-written loop (`plot.log({ loss }, { epoch })`). It keeps every value, and each
 * update sends the full state downsampled (≤ ~100 KB), throttled to ~4 Hz with the final
 * state always sent, under one display id.
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";
import { mimeBundleSymbol } from "../../jupyter/display/mimebundle.js";
import type { MimeBundle } from "../../jupyter/display/sink.js";
import { downsample, downsampleIndices, roundAll, roundTo } from "../common/downsample.js";
import { LiveDisplay } from "../common/live-display.js";
import { PAYLOAD_VERSION, type Locale, type MetricSeries, type MetricsPayload } from "../payloads.js";
import { metricGoal } from "./goal.js";
import { metricsBundle } from "./metrics-bundle.js";
import { localeField } from "../common/locale-field.js";

export interface MetricsPlotOptions {
  title?: string;
  locale?: Locale;
  /** Show the chart in the cell output as values arrive (default true). */
  display?: boolean;
  /** Fewest milliseconds between two redraws (default 250: 4 per second). */
  updateInterval?: number;
  /** Most points per series in a payload (default 1000; the first, last and best are always kept). */
  maxPoints?: number;
  /** "min" or "max" per metric name, where the name does not say (accuracy-like names are maximised). */
  goals?: Record<string, "min" | "max">;
  /** Milliseconds clock; tests pass a fake one. */
  now?: () => number;
}

/**
 * Where a logged value belongs. `epoch` counts from 0 (as callbacks do) and is drawn at
 * `epoch + 1`, the number of epochs done; with `batch` (from 0) it is a per-batch value drawn at
 * `epoch + (batch + 1) / batches`. A loop without epochs may give `step` instead (drawn at step).
 * Without any, a log is the next epoch.
 */
export interface LogPoint {
  epoch?: number;
  batch?: number;
  /** Batches per epoch; when not given, the number logged in that epoch so far. */
  batches?: number;
  step?: number;
}

/** Log keys that are not metrics. */
const NOT_METRICS = new Set(["batch", "size", "epoch", "step"]);
const LEARNING_RATE_KEYS = new Set(["lr", "learningRate", "learning_rate"]);

/**
 * One series. Values are rounded for the payload as they arrive and the best index is kept
 * up to date, so building a payload is mostly slicing (a live chart rebuilds it 4× a second).
 */
interface SeriesData {
  name: string;
  resolution: "batch" | "epoch";
  goal: "min" | "max";
  /** Epoch (or step) and batch of each point, for x values that depend on a batch count not yet known. */
  epochs: number[];
  batches: number[];
  /** x (NaN when it waits for the epoch's batch count) and y as sent: rounded. */
  xs: number[];
  ys: number[];
  /** Exact values, for the best value. */
  raw: number[];
  best: number;
  /** Index of the first point whose x may still change (xs.length when none). */
  firstOpen: number;
}

/** One training run in a MetricsPlot. Made by `plot.run(label)` (or by liveMetrics). */
export class MetricsRun {
  private readonly series = new Map<string, SeriesData>();
  private readonly batchesPerEpoch = new Map<number, number>();
  private readonly givenBatches = new Map<number, number>();
  private readonly rates: { x: number[]; y: number[] } = { x: [], y: [] };
  private lastEpoch = -1;
  private totalEpochs: number | null = null;
  private earlyStop: number | undefined;
  private interrupted = false;
  private finished = false;
  private stepMode = false;

  constructor(
    private readonly plot: MetricsPlot,
    readonly id: string,
    public label: string,
  ) {}

  /** Whether done() was called. */
  get isDone(): boolean {
    return this.finished;
  }

  /**
   * Records the numbers in `logs` (non-numbers ignored; `lr`/`learningRate` go to the
   * learning-rate curve) and redraws (throttled).
   * @example run.log({ loss: 0.3, val_loss: 0.35 }, { epoch: 0 })
   * @example run.log({ loss: 0.31 }, { epoch: 0, batch: 7, batches: 32 })
   */
  log(logs: Record<string, unknown>, point: LogPoint = {}): void {
    if (logs === null || typeof logs !== "object") throw new ArgumentError(`metricsPlot.log: expected an object of metric values like { loss: 0.3 }, got ${String(logs)}`);
    const isBatch = point.batch !== undefined;
    const stepMode = point.step !== undefined;
    if (stepMode) this.stepMode = true;
    const epoch = stepMode ? point.step! : point.epoch ?? (isBatch ? Math.max(0, this.lastEpoch) : this.lastEpoch + 1);
    for (const [k, v] of [["epoch", epoch], ["batch", point.batch], ["batches", point.batches]] as const) {
      if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 0)) throw new ArgumentError(`metricsPlot.log: ${k} must be a number ≥ 0, got ${String(v)}`);
    }
    const resolution = isBatch ? "batch" : "epoch";
    if (isBatch) {
      this.batchesPerEpoch.set(epoch, Math.max(this.batchesPerEpoch.get(epoch) ?? 0, point.batch! + 1));
      if (point.batches !== undefined) this.givenBatches.set(epoch, point.batches);
    } else {
      this.lastEpoch = Math.max(this.lastEpoch, epoch);
    }
    for (const [name, value] of Object.entries(logs)) {
      if (typeof value !== "number" || NOT_METRICS.has(name)) continue;
      if (LEARNING_RATE_KEYS.has(name)) {
        this.learningRate(value, { ...point, epoch });
        continue;
      }
      const key = `${resolution}\u0000${name}`;
      let s = this.series.get(key);
      if (!s) {
        s = { name, resolution, goal: this.plot.goalOf(name), epochs: [], batches: [], xs: [], ys: [], raw: [], best: -1, firstOpen: 0 };
        this.series.set(key, s);
      }
      const known = !isBatch || stepMode || point.batches !== undefined;
      s.epochs.push(epoch);
      s.batches.push(point.batch ?? 0);
      s.xs.push(known ? roundTo(this.xOf(epoch, point.batch, point.batches)) : Number.NaN);
      if (known && s.firstOpen === s.xs.length - 1) s.firstOpen = s.xs.length;
      s.ys.push(roundTo(value));
      s.raw.push(value);
      const b = s.best;
      if (Number.isFinite(value) && (b < 0 || (s.goal === "min" ? value < s.raw[b]! : value > s.raw[b]!))) s.best = s.raw.length - 1;
    }
    this.plot.changed();
  }

  /** Records the learning rate in effect at a point (kept only when it changes). */
  learningRate(value: number, point: LogPoint = {}): void {
    const x = this.xOf(point.epoch ?? Math.max(0, this.lastEpoch), point.batch, point.batches);
    // Flat stretches keep only their two ends, so a constant rate costs two points.
    const n = this.rates.y.length;
    if (n >= 2 && this.rates.y[n - 1] === value && this.rates.y[n - 2] === value) {
      this.rates.x[n - 1] = x;
    } else {
      this.rates.x.push(x);
      this.rates.y.push(value);
    }
  }

  /** The number of epochs the run will have (shown as "epoch 3/10"). */
  setEpochs(total: number | null): void {
    this.totalEpochs = total;
  }

  /**
   * Marks the epoch at which early stopping ended the run, counted from 0 as callbacks do
   * (EarlyStopping.stoppedEpoch); the chart shows it counted from 1, where that epoch ends on the x axis.
   */
  markEarlyStop(epoch: number): void {
    this.earlyStop = epoch + 1;
    this.plot.changed();
  }

  /** Marks the run as interrupted (stopped in the middle of an epoch, not by early stopping). */
  markInterrupted(): void {
    this.interrupted = true;
    this.plot.changed();
  }

  /** Ends the run and sends the final state at once. */
  done(): void {
    this.end();
    this.plot.flush();
  }

  /** Marks the run ended without redrawing (the plot redraws once for all its runs). */
  end(): void {
    this.finished = true;
  }

  /** The epoch of the latest per-batch value. */
  private lastBatchEpoch(): number {
    return Math.max(-1, ...this.batchesPerEpoch.keys());
  }

  private xOf(epoch: number, batch: number | undefined, batches: number | undefined): number {
    if (this.stepMode) return epoch;
    if (batch === undefined) return epoch + 1;
    const per = batches ?? this.givenBatches.get(epoch) ?? this.batchesPerEpoch.get(epoch) ?? batch + 1;
    return epoch + (batch + 1) / Math.max(per, batch + 1);
  }

  /** This run's part of the payload, downsampled to `maxPoints` per series. */
  payload(maxPoints: number): MetricsPayload["runs"][number] {
    const best: MetricsPayload["runs"][number]["best"] = {};
    const series: MetricSeries[] = [];
    const epochNames = new Set<string>();
    for (const s of this.series.values()) if (s.resolution === "epoch") epochNames.add(s.name);
    for (const s of this.series.values()) {
      if (s.firstOpen < s.xs.length) {
        // x of a batch waits for its epoch's batch count: final once a later epoch started.
        const open = this.lastBatchEpoch();
        let firstOpen = s.xs.length;
        for (let i = s.firstOpen; i < s.xs.length; i++) {
          const epoch = s.epochs[i]!;
          if (this.givenBatches.has(epoch)) continue;
          s.xs[i] = roundTo(this.xOf(epoch, s.batches[i], undefined));
          if (epoch === open && firstOpen === s.xs.length) firstOpen = i;
        }
        s.firstOpen = firstOpen;
      }
      // Best values are per epoch; a metric only ever logged per batch gets its best batch.
      if (s.best >= 0 && (s.resolution === "epoch" || !epochNames.has(s.name))) best[s.name] = { epoch: s.xs[s.best]!, value: s.raw[s.best]!, goal: s.goal };
      let x: number[];
      let y: number[];
      if (s.ys.length <= maxPoints) {
        x = s.xs.slice();
        y = s.ys.slice();
      } else {
        const indices = downsampleIndices(s.raw, maxPoints, s.best >= 0 ? [s.best] : []);
        x = indices.map((i) => s.xs[i]!);
        y = indices.map((i) => s.ys[i]!);
      }
      const validation = s.name.startsWith("val_");
      series.push({ name: s.name, group: validation ? s.name.slice(4) : s.name, split: validation ? "validation" : "train", resolution: s.resolution, x, y });
    }
    const rate = downsample(this.rates.x, this.rates.y, maxPoints);
    const done = this.stepMode ? 0 : this.lastEpoch + 1;
    return {
      id: this.id,
      label: this.label,
      series,
      ...(rate.x.length > 0 ? { learningRate: { x: roundAll(rate.x), y: rate.y } } : {}),
      best,
      ...(this.earlyStop !== undefined ? { earlyStopEpoch: this.earlyStop } : {}),
      ...(this.interrupted ? { interrupted: true } : {}),
      epochs: { done, total: this.totalEpochs },
      done: this.finished,
    };
  }
}

/**
 * A metrics chart several runs can share. Its runs are made by `run(label)`, by liveMetrics
 * callbacks given this plot, or (for one run) implicitly by `log`.
 * @example
 * const plot = metricsPlot({ title: "MLP" });
 * for (let epoch = 0; epoch < 20; epoch++) plot.log({ loss: trainEpoch(), val_loss: validate() }, { epoch });
 * plot.done();
 * @example
 * const shared = metricsPlot({ title: "SGD vs Adam" });
 * await a.fit(x, y, { epochs: 10, callbacks: [liveMetrics({ plot: shared, label: "SGD" })] });
 * await b.fit(x, y, { epochs: 10, callbacks: [liveMetrics({ plot: shared, label: "Adam" })] });
 */
export class MetricsPlot {
  readonly runs: MetricsRun[] = [];
  readonly title: string | undefined;
  private readonly live: LiveDisplay;
  private readonly showLive: boolean;
  private readonly maxPoints: number;
  private readonly goals: Record<string, "min" | "max">;
  private readonly locale: Locale | undefined;
  private current: MetricsRun | undefined;

  constructor(options: MetricsPlotOptions = {}) {
    this.title = options.title;
    this.locale = options.locale;
    this.showLive = options.display ?? true;
    this.maxPoints = Math.max(16, options.maxPoints ?? 1000);
    this.goals = { ...options.goals };
    this.live = new LiveDisplay(() => this.bundle(), { interval: options.updateInterval, now: options.now });
  }

  /** The display id every update of this chart is sent under. */
  get id(): string {
    return this.live.id;
  }

  /**
   * A new run drawn in this chart (a colour and a legend entry of its own).
   * @example const adam = plot.run("Adam")
   */
  run(label?: string): MetricsRun {
    const run = new MetricsRun(this, `run${this.runs.length + 1}`, label ?? `run ${this.runs.length + 1}`);
    this.runs.push(run);
    this.current = run;
    return run;
  }

  /**
   * Logs values to the latest run (making one if there is none); see MetricsRun.log.
   * @example plot.log({ loss: 0.3, val_loss: 0.35 }, { epoch: 4 })
   */
  log(logs: Record<string, unknown>, point?: LogPoint): void {
    (this.current ?? this.run()).log(logs, point);
  }

  /** Ends every run and sends the final state. */
  done(): void {
    for (const run of this.runs) run.end();
    this.flush();
  }

  /** The full state as the extension's payload (downsampled). */
  payload(): MetricsPayload {
    return {
      version: PAYLOAD_VERSION,
      ...(this.title !== undefined ? { title: this.title } : {}),
      ...localeField(this.locale),
      runs: this.runs.map((r) => r.payload(this.maxPoints)),
    };
  }

  /** The MIME bundle of the current state. */
  bundle(): MimeBundle {
    return metricsBundle(this.payload());
  }

  /** As a cell's value, the plot shows its current state. */
  [mimeBundleSymbol](): MimeBundle {
    return this.bundle();
  }

  /** Whether lower or higher is better for a metric. */
  goalOf(name: string): "min" | "max" {
    return this.goals[name] ?? metricGoal(name);
  }

  /** Redraw soon (throttled). Called by runs. */
  changed(): void {
    if (this.showLive) this.live.update();
  }

  /** Redraw now. Called by runs when they end. */
  flush(): void {
    if (this.showLive) this.live.flush();
  }
}

/**
 * A live metrics chart for a hand-written training loop, or for several fits to share.
 * @example
 * const plot = metricsPlot();
 * for (let epoch = 0; epoch < 10; epoch++) plot.log({ loss, val_loss }, { epoch });
 * plot.done();
 */
export function metricsPlot(options: MetricsPlotOptions = {}): MetricsPlot {
  checkOptions("metricsPlot", options, optionNames<MetricsPlotOptions>({ title: true, locale: true, display: true, updateInterval: true, maxPoints: true, goals: true, now: true }));
  return new MetricsPlot(options);
}
