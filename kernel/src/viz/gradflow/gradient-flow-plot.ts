/**
 * Gradient flow per layer over training steps: ‖g‖, mean |g|, max |g| and the update-to-
 * weight ratio ‖Δw‖/‖w‖, with vanishing/exploding flags and histograms of chosen layers'
 * weights and gradients over time. Fed by the gradientFlow() fit callback or by hand:
 *
 *   flow.beforeStep(variables); optimizer.step(grads, variables); flow.afterStep(grads, variables);
 *
 * Values are read synchronously (the CPU backend); the heavy part is one pass over each
 * gradient and weight per recorded step (see `every`).
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { Variable } from "../../tensor/variable.js";
import { mimeBundleSymbol } from "../../jupyter/display/mimebundle.js";
import type { MimeBundle } from "../../jupyter/display/sink.js";
import { roundTo } from "../common/downsample.js";
import { LiveDisplay } from "../common/live-display.js";
import { PAYLOAD_VERSION, type GradFlowPayload, type Locale } from "../payloads.js";
import { gradFlowBundle } from "./gradflow-bundle.js";
import { localeField } from "../common/locale-field.js";

export interface GradientFlowOptions {
  title?: string;
  locale?: Locale;
  /** Layers whose ‖g‖ falls below `vanishing` or rises above `exploding` are flagged. Default 1e-5 and 1e3. */
  thresholds?: { vanishing?: number; exploding?: number };
  /** Layer(s) whose weights and gradients get histograms over time (default: the first layer). */
  histogramLayers?: string | readonly string[];
  /** Bins per histogram (default 30). */
  bins?: number;
  /** Record every n-th step (default 1). */
  every?: number;
  /** Most step columns in a payload (default: as many as fit ~60 KB, at most 200). */
  maxColumns?: number;
  /** Show the view in the cell output as steps arrive (default true). */
  display?: boolean;
  /** Fewest milliseconds between two redraws (default 250). */
  updateInterval?: number;
  now?: () => number;
}

/** The statistics of one layer's gradients at one step. */
export interface LayerGradStats {
  gradNorm: number;
  meanAbsGrad: number;
  maxAbsGrad: number;
}

const DEFAULT_THRESHOLDS = { vanishing: 1e-5, exploding: 1e3 };
const MAX_SNAPSHOTS = 60;
const SAMPLE = 4096;

type Values = ArrayLike<number>;

function valuesOf(t: Tensor | Variable | Values): Values {
  return t instanceof Variable ? (t.value.dataSync() as Values) : t instanceof Tensor ? (t.dataSync() as Values) : t;
}

/** Σx², Σ|x|, max|x| and the count over several arrays. */
function stats(arrays: readonly Values[]): LayerGradStats & { count: number } {
  let [sq, abs, max, count] = [0, 0, 0, 0];
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]!);
      sq += v * v;
      abs += v;
      if (v > max || Number.isNaN(v)) max = v;
    }
    count += a.length;
  }
  return { gradNorm: Math.sqrt(sq), meanAbsGrad: count ? abs / count : 0, maxAbsGrad: max, count };
}

/** Every k-th value (at most SAMPLE of them) of several arrays: enough for a 30-bin histogram. */
function sample(arrays: readonly Values[]): { values: Float64Array; total: number } {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const stride = Math.max(1, Math.ceil(total / SAMPLE));
  const values = new Float64Array(Math.ceil(total / stride));
  let [k, next, offset] = [0, 0, 0];
  for (const a of arrays) {
    for (; next < offset + a.length; next += stride) values[k++] = a[next - offset]!;
    offset += a.length;
  }
  return { values: values.subarray(0, k), total };
}

/** The layer a variable belongs to: the part of its name before the last "/" (Layer.addWeight's naming). */
export function layerOfVariable(name: string): string {
  const cut = name.lastIndexOf("/");
  return cut > 0 ? name.slice(0, cut) : name;
}

interface Snapshot {
  step: number;
  weights?: { values: Float64Array; total: number };
  gradients?: { values: Float64Array; total: number };
}

/**
 * A gradient-flow view that steps are recorded into.
 * @example
 * const flow = gradientFlowPlot();
 * for (let step = 0; step < 200; step++) {
 *   const { grads } = variableGrads(loss, vars);
 *   flow.beforeStep(vars); opt.step(grads, vars); flow.afterStep(grads, vars);
 * }
 * flow.done();
 */
export class GradientFlowPlot {
  readonly layers: string[] = [];
  readonly steps: number[] = [];
  private readonly gradNorm: number[][] = [];
  private readonly meanAbs: number[][] = [];
  private readonly maxAbs: number[][] = [];
  private readonly ratio: number[][] = [];
  private readonly snapshots = new Map<string, Snapshot[]>();
  private snapshotEvery = 1;
  private before: Map<Variable, Float32Array | Float64Array> | undefined;
  private stepCount = 0;
  private readonly thresholds: { vanishing: number; exploding: number };
  private readonly histogramLayers: string[] | undefined;
  private readonly bins: number;
  private readonly every: number;
  private readonly maxColumns: number | undefined;
  private readonly showLive: boolean;
  private readonly live: LiveDisplay;

  constructor(private readonly options: GradientFlowOptions = {}) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    const h = options.histogramLayers;
    this.histogramLayers = h === undefined ? undefined : typeof h === "string" ? [h] : [...h];
    this.bins = Math.max(2, options.bins ?? 30);
    this.every = Math.max(1, Math.floor(options.every ?? 1));
    this.maxColumns = options.maxColumns;
    this.showLive = options.display ?? true;
    this.live = new LiveDisplay(() => this.bundle(), { interval: options.updateInterval, now: options.now });
  }

  get id(): string {
    return this.live.id;
  }

  /** Whether the next step is one to record (`every`). */
  get recordsNextStep(): boolean {
    return this.stepCount % this.every === 0;
  }

  /** Remembers the weights before an update, for the update-to-weight ratio. */
  beforeStep(variables: readonly Variable[]): void {
    if (!this.recordsNextStep) return;
    this.before = new Map(variables.map((v) => [v, v.value.dataSync() as Float32Array]));
  }

  /**
   * Records one step from the gradients and the (updated) variables, grouped by layer
   * (`layerOf`, default: the variable name before its last "/"). Gradients may be tensors
   * or their values; a missing one (undefined) leaves the layer's statistics NaN.
   */
  afterStep(grads: readonly (Tensor | Values | undefined)[], variables: readonly Variable[], layerOf: (v: Variable) => string = (v) => layerOfVariable(v.name)): void {
    if (grads.length !== variables.length) throw new ArgumentError(`gradientFlow: got ${grads.length} gradient(s) for ${variables.length} variable(s)`);
    const byLayer = new Map<string, { grads: Values[]; now: Values[]; before: Values[] }>();
    const record = this.recordsNextStep;
    const step = this.stepCount++;
    if (!record) return;
    variables.forEach((v, i) => {
      const layer = layerOf(v);
      let entry = byLayer.get(layer);
      if (!entry) byLayer.set(layer, (entry = { grads: [], now: [], before: [] }));
      const g = grads[i];
      if (g) entry.grads.push(valuesOf(g));
      const previous = this.before?.get(v);
      if (previous) {
        entry.now.push(valuesOf(v));
        entry.before.push(previous);
      }
    });
    this.before = undefined;
    this.recordLayers(step, [...byLayer].map(([layer, e]) => ({ layer, grads: e.grads, weightsBefore: e.before, weightsAfter: e.now })));
  }

  /** Counts a step that is not recorded (`every` > 1). */
  skipStep(): void {
    this.stepCount++;
  }

  /**
   * Records one step from raw values per layer (what afterStep computes from variables).
   * Layers without gradients get NaN statistics; without weights, no update ratio.
   */
  recordLayers(step: number, layers: readonly { layer: string; grads: readonly Values[]; weightsBefore?: readonly Values[]; weightsAfter?: readonly Values[] }[]): void {
    const column = this.steps.length;
    this.steps.push(step);
    const takeSnapshot = column % this.snapshotEvery === 0;
    for (const entry of layers) {
      let row = this.layers.indexOf(entry.layer);
      if (row < 0) {
        row = this.layers.push(entry.layer) - 1;
        for (const m of [this.gradNorm, this.meanAbs, this.maxAbs, this.ratio]) m.push(new Array(column).fill(Number.NaN));
      }
      const g = entry.grads.length ? stats(entry.grads) : { gradNorm: Number.NaN, meanAbsGrad: Number.NaN, maxAbsGrad: Number.NaN };
      // NaN gradients (a diverged step) count as infinitely large: flagged, never averaged away.
      this.gradNorm[row]![column] = entry.grads.length && Number.isNaN(g.gradNorm) ? Infinity : g.gradNorm;
      this.meanAbs[row]![column] = g.meanAbsGrad;
      this.maxAbs[row]![column] = g.maxAbsGrad;
      this.ratio[row]![column] = this.updateRatio(entry.weightsBefore, entry.weightsAfter);
      const wanted = this.histogramLayers ? this.histogramLayers.includes(entry.layer) : row === 0;
      if (wanted && takeSnapshot) {
        const list = this.snapshots.get(entry.layer) ?? this.snapshots.set(entry.layer, []).get(entry.layer)!;
        const weights = entry.weightsAfter?.length ? entry.weightsAfter : undefined;
        list.push({ step, ...(weights ? { weights: sample(weights) } : {}), ...(entry.grads.length ? { gradients: sample(entry.grads) } : {}) });
      }
    }
    // A layer missing from this step gets NaN, so every row stays as long as `steps`.
    for (const m of [this.gradNorm, this.meanAbs, this.maxAbs, this.ratio]) for (const r of m) if (r.length <= column) r.push(Number.NaN);
    this.thinSnapshots();
    if (this.showLive) this.live.update();
  }

  /** Sends the final state. */
  done(): void {
    if (this.showLive) this.live.flush();
  }

  private updateRatio(before: readonly Values[] | undefined, after: readonly Values[] | undefined): number {
    if (!before?.length || !after?.length) return Number.NaN;
    let [dd, ww] = [0, 0];
    before.forEach((b, k) => {
      const a = after[k]!;
      for (let i = 0; i < b.length; i++) {
        dd += (a[i]! - b[i]!) ** 2;
        ww += b[i]! ** 2;
      }
    });
    return ww > 0 ? Math.sqrt(dd / ww) : Number.NaN;
  }

  /** Keeps at most MAX_SNAPSHOTS histograms per layer: when full, drop every other one and record half as often. */
  private thinSnapshots(): void {
    for (const [layer, list] of this.snapshots) {
      if (list.length <= MAX_SNAPSHOTS) continue;
      this.snapshots.set(layer, list.filter((_, i) => i % 2 === 0));
      this.snapshotEvery *= 2;
    }
  }

  /** The per-step statistics recorded so far, exactly (not bucketed). */
  history(): { layers: string[]; steps: number[]; gradNorm: number[][]; meanAbsGrad: number[][]; maxAbsGrad: number[][]; updateRatio: number[][] } {
    return { layers: [...this.layers], steps: [...this.steps], gradNorm: this.gradNorm.map((r) => [...r]), meanAbsGrad: this.meanAbs.map((r) => [...r]), maxAbsGrad: this.maxAbs.map((r) => [...r]), updateRatio: this.ratio.map((r) => [...r]) };
  }

  /** The payload: steps bucketed into at most maxColumns columns (mean, or max for max |g|). */
  payload(): GradFlowPayload {
    const columns = Math.max(1, this.maxColumns ?? Math.min(200, Math.max(20, Math.floor(1500 / Math.max(1, this.layers.length)))));
    const n = this.steps.length;
    const buckets = Math.min(n, columns);
    const bounds = Array.from({ length: buckets + 1 }, (_, b) => Math.round((b * n) / buckets));
    const reduce = (m: number[][], how: "mean" | "max") =>
      m.map((row) =>
        Array.from({ length: buckets }, (_, b) => {
          let [acc, count] = [how === "max" ? -Infinity : 0, 0];
          for (let i = bounds[b]!; i < bounds[b + 1]!; i++) {
            const v = row[i]!;
            if (Number.isNaN(v)) continue;
            acc = how === "max" ? Math.max(acc, v) : acc + v;
            count++;
          }
          return count === 0 ? Number.NaN : roundTo(how === "max" ? acc : acc / count, 4);
        }),
      );
    const gradNorm = reduce(this.gradNorm, "mean");
    const steps = Array.from({ length: buckets }, (_, b) => this.steps[bounds[b + 1]! - 1]!);
    return {
      version: PAYLOAD_VERSION,
      ...(this.options.title !== undefined ? { title: this.options.title } : {}),
      ...localeField(this.options.locale),
      layers: [...this.layers],
      steps,
      gradNorm,
      meanAbsGrad: reduce(this.meanAbs, "mean"),
      maxAbsGrad: reduce(this.maxAbs, "max"),
      updateRatio: reduce(this.ratio, "mean"),
      thresholds: { ...this.thresholds },
      flags: this.flags(gradNorm, steps),
      histograms: this.histograms(),
    };
  }

  /** One flag per column in which a layer is beyond a threshold: the view marks each such cell and counts them. */
  private flags(gradNorm: number[][], steps: number[]): GradFlowPayload["flags"] {
    const flags: GradFlowPayload["flags"] = [];
    gradNorm.forEach((row, r) => {
      row.forEach((v, c) => {
        const kind = v < this.thresholds.vanishing ? "vanishing" : v > this.thresholds.exploding ? "exploding" : undefined;
        if (kind) flags.push({ layer: this.layers[r]!, kind, step: steps[c]! });
      });
    });
    return flags;
  }

  private histograms(): GradFlowPayload["histograms"] {
    const out: GradFlowPayload["histograms"] = [];
    for (const [layer, list] of this.snapshots) {
      for (const of of ["weights", "gradients"] as const) {
        const taken = list.filter((s) => s[of]);
        if (taken.length === 0) continue;
        let [lo, hi] = [Infinity, -Infinity];
        for (const s of taken) for (const v of s[of]!.values) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
        if (!(lo <= hi)) continue;
        if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
        const width = (hi - lo) / this.bins;
        const binEdges = Array.from({ length: this.bins + 1 }, (_, i) => roundTo(lo + i * width, 5));
        const counts = taken.map((s) => {
          const c = new Array<number>(this.bins).fill(0);
          const { values, total } = s[of]!;
          for (const v of values) if (Number.isFinite(v)) c[Math.min(this.bins - 1, Math.floor((v - lo) / width))]! += 1;
          const scale = total / Math.max(1, values.length);
          return c.map((x) => Math.round(x * scale));
        });
        out.push({ layer, of, steps: taken.map((s) => s.step), binEdges, counts });
      }
    }
    return out;
  }

  bundle(): MimeBundle {
    return gradFlowBundle(this.payload());
  }

  [mimeBundleSymbol](): MimeBundle {
    return this.bundle();
  }
}

/**
 * A gradient-flow view for a hand-written training loop (gradientFlow() is the fit callback).
 * @example
 * const flow = gradientFlowPlot({ histogramLayers: "dense" });
 * flow.beforeStep(vars); opt.step(grads, vars); flow.afterStep(grads, vars);
 * flow.done();
 */
export function gradientFlowPlot(options: GradientFlowOptions = {}): GradientFlowPlot {
  checkOptions("gradientFlowPlot", options, optionNames<GradientFlowOptions>({ title: true, locale: true, thresholds: true, histogramLayers: true, bins: true, every: true, maxColumns: true, display: true, updateInterval: true, now: true }));
  return new GradientFlowPlot(options);
}
