/**
 * surfacePlot(): a function of two variables on a grid, with the paths several optimizers
 * take from one start, for comparing optimizers on the classic test functions (or any
 * function of a point [2], or of x and y).
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError, GradbookError } from "../../tensor/errors.js";
import { Tensor } from "../../tensor/tensor.js";
import { tensor } from "../../tensor/convert.js";
import { variable } from "../../tensor/variable.js";
import { tidy } from "../../tensor/scope.js";
import type { Optimizer } from "../../optim/optimizer.js";
import { getOptimizer } from "../../optim/registry.js";
import { testFunctions } from "../../data/test-functions.js";
import { mimeBundleSymbol } from "../../jupyter/display/mimebundle.js";
import { display } from "../../jupyter/display/display.js";
import type { MimeBundle } from "../../jupyter/display/sink.js";
import { roundTo } from "../common/downsample.js";
import { PAYLOAD_VERSION, type Locale, type SurfacePayload } from "../payloads.js";
import { surfaceBundle } from "./surface-bundle.js";
import { localeField } from "../common/locale-field.js";

/** A function of a point [2] (the test functions also take [..., 2]) or of x and y. */
export type SurfaceFunction = ((p: Tensor) => Tensor) | ((x: Tensor, y: Tensor) => Tensor);

export interface SurfaceOptions {
  /** The window (default: the test function's domain, else [-2, 2]). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Grid points per axis (default 80). */
  resolution?: number;
  /** Colour by log(f − min) (default: for a test function, or when f spans more than 3 decades). */
  logColor?: boolean;
  /** Minima to mark (default: the test function's). */
  minima?: [number, number][];
  /** Each optimizer starts fresh from `start`; a name ("adam") makes one with its defaults. */
  optimizers?: { label?: string; optimizer: Optimizer | string }[];
  /** The common start (default: the test function's customary start, else the window's corner). */
  start?: [number, number];
  /** Steps per optimizer (default 100); a run stops early once f is not finite. */
  steps?: number;
  /** Name shown for the function (default: the test function's, else "f"). */
  name?: string;
  title?: string;
  locale?: Locale;
  /** Show the view (default true). */
  display?: boolean;
}

type Trajectory = SurfacePayload["trajectories"][number];

/** How f takes its arguments, found by calling it once. */
function pointForm(f: SurfaceFunction, start: [number, number]): "point" | "xy" {
  if (f.length >= 2 && !Object.values(testFunctions).some((t) => t.fn === f)) {
    // (x, y) => …, unless it is a test function (which take (p, y?)).
    try {
      const out = (f as (x: Tensor, y: Tensor) => Tensor)(tensor(start[0], { dtype: "float64" }), tensor(start[1], { dtype: "float64" }));
      if (out instanceof Tensor && out.size === 1) return "xy";
    } catch {
      // fall through to the point form
    }
  }
  return "point";
}

/** f at one point as a scalar tensor, from a [2] tensor. */
function scalarOf(f: SurfaceFunction, form: "point" | "xy", p: Tensor): Tensor {
  const out = form === "point" ? (f as (p: Tensor) => Tensor)(p) : (f as (x: Tensor, y: Tensor) => Tensor)(p.slice([0], [1]).reshape([]), p.slice([1], [1]).reshape([]));
  if (!(out instanceof Tensor) || out.size !== 1) throw new GradbookError(`surfacePlot: f must return one number per point, got ${out instanceof Tensor ? `shape [${out.shape.join(", ")}]` : typeof out}`);
  return out.reshape([]);
}

/** f on the whole grid: one vectorised call when f broadcasts over points, else point by point. */
function evaluateGrid(f: SurfaceFunction, form: "point" | "xy", xs: number[], ys: number[]): number[][] {
  const n = xs.length * ys.length;
  const flatX = new Float64Array(n);
  const flatY = new Float64Array(n);
  ys.forEach((y, i) => xs.forEach((x, j) => ((flatX[i * xs.length + j] = x), (flatY[i * xs.length + j] = y))));
  const values = tidy(() => {
    try {
      const out = form === "point"
        ? (f as (p: Tensor) => Tensor)(tensor(Array.from(flatX, (x, k) => [x, flatY[k]!]), { dtype: "float64" }))
        : (f as (x: Tensor, y: Tensor) => Tensor)(tensor(Array.from(flatX), { dtype: "float64" }), tensor(Array.from(flatY), { dtype: "float64" }));
      if (out instanceof Tensor && out.size === n) return Array.from(out.dataSync() as Float64Array, Number);
    } catch {
      // not vectorised: evaluate point by point below
    }
    return Array.from(flatX, (x, k) => tidy(() => scalarOf(f, form, tensor([x, flatY[k]!], { dtype: "float64" })).item()));
  });
  return ys.map((_, i) => values.slice(i * xs.length, (i + 1) * xs.length).map((v) => roundTo(v, 5)));
}

/**
 * Runs an optimizer on f from `start` for `steps` steps: the points (start included), f at
 * each point, and the learning rate each step used (one fewer than the points).
 */
export function optimizerTrajectory(f: SurfaceFunction, optimizer: Optimizer, start: [number, number], steps: number): { points: [number, number][]; losses: number[]; learningRates: number[] } {
  const form = pointForm(f, start);
  const p = variable(tensor(start, { dtype: "float64" }), { name: "point" });
  const points: [number, number][] = [[start[0], start[1]]];
  const losses: number[] = [];
  const learningRates: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      learningRates.push(optimizer.currentLearningRate());
      const loss = tidy(() => optimizer.minimize(() => scalarOf(f, form, p.value), [p]).item());
      losses.push(loss);
      const [x, y] = p.value.dataSync() as Float64Array;
      points.push([x!, y!]);
      if (!Number.isFinite(loss) || !Number.isFinite(x!) || !Number.isFinite(y!)) break;
    }
    losses.push(tidy(() => scalarOf(f, form, p.value).item()));
  } finally {
    p.dispose();
  }
  return { points, losses, learningRates };
}

/**
 * The surface payload (grid and trajectories) without displaying it.
 * @example surfacePayload(rosenbrock, { optimizers: [{ optimizer: new Adam({ learningRate: 0.05 }) }] })
 */
export function surfacePayload(f: SurfaceFunction, options: SurfaceOptions = {}): SurfacePayload {
  if (typeof f !== "function") throw new ArgumentError(`surfacePlot: expected a function of a point [2] or of (x, y), got ${typeof f}`);
  const known = Object.values(testFunctions).find((t) => t.fn === f);
  const [xLo, xHi] = options.xRange ?? known?.domain.x ?? [-2, 2];
  const [yLo, yHi] = options.yRange ?? known?.domain.y ?? [-2, 2];
  if (!(xLo < xHi && yLo < yHi)) throw new ArgumentError(`surfacePlot: xRange and yRange must be [low, high] with low < high, got [${xLo}, ${xHi}] and [${yLo}, ${yHi}]`);
  const resolution = Math.max(2, Math.min(400, Math.floor(options.resolution ?? 80)));
  const start = options.start ?? (known?.start as [number, number] | undefined) ?? [xLo + 0.1 * (xHi - xLo), yHi - 0.1 * (yHi - yLo)];
  const form = pointForm(f, start);
  const xs = Array.from({ length: resolution }, (_, i) => roundTo(xLo + ((xHi - xLo) * i) / (resolution - 1)));
  const ys = Array.from({ length: resolution }, (_, i) => roundTo(yLo + ((yHi - yLo) * i) / (resolution - 1)));
  const z = evaluateGrid(f, form, xs, ys);
  const finite = z.flat().filter(Number.isFinite);
  const [zMin, zMax] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  const logColor = options.logColor ?? (known !== undefined || zMax - zMin > 1e3 * Math.max(1e-12, Math.abs(zMin) + 1e-3));
  const steps = Math.max(0, Math.floor(options.steps ?? 100));
  const trajectories: Trajectory[] = (options.optimizers ?? []).map(({ label, optimizer }) => {
    const opt = typeof optimizer === "string" ? getOptimizer(optimizer) : optimizer;
    const run = optimizerTrajectory(f, opt, start, steps);
    return {
      label: label ?? opt.className,
      optimizer: opt.className,
      points: run.points.map(([x, y]) => [roundTo(x, 7), roundTo(y, 7)] as [number, number]),
      losses: run.losses.map((v) => roundTo(v, 7)),
      learningRates: run.learningRates.map((v) => roundTo(v, 7)),
    };
  });
  return {
    version: PAYLOAD_VERSION,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...localeField(options.locale),
    function: options.name ?? (known ? known.name : "f"),
    grid: { xs, ys, z },
    logColor,
    minima: options.minima ?? known?.minima ?? [],
    trajectories,
  };
}

/** What surfacePlot returns: the trajectories to inspect; it shows as a one-line summary. */
export class SurfacePlot {
  constructor(readonly payload: SurfacePayload) {}

  get trajectories(): SurfacePayload["trajectories"] {
    return this.payload.trajectories;
  }

  /** The full bundle (payload, SVG, HTML, text). */
  bundle(): MimeBundle {
    return surfaceBundle(this.payload);
  }

  toString(): string {
    const ends = this.payload.trajectories.map((t) => `${t.label} → f = ${t.losses.at(-1)}`).join("; ");
    return `surface of ${this.payload.function}${ends ? `: ${ends}` : ""}`;
  }

  /** A short summary: surfacePlot already displayed the view itself. */
  [mimeBundleSymbol](): MimeBundle {
    return { "text/plain": this.toString() };
  }
}

/**
 * Draws f over a window with the trajectory of each optimizer from the same start.
 * @example
 * surfacePlot(rosenbrock, {
 *   optimizers: [{ label: "SGD", optimizer: new SGD({ learningRate: 1e-3 }) }, { label: "Adam", optimizer: new Adam({ learningRate: 0.05 }) }],
 *   steps: 200,
 * })
 * @example surfacePlot((x, y) => x.square().add(y.square().mul(10)), { xRange: [-3, 3], yRange: [-3, 3], start: [-2.5, 2], optimizers: [{ optimizer: "sgd" }] })
 */
export function surfacePlot(f: SurfaceFunction, options: SurfaceOptions = {}): SurfacePlot {
  checkOptions("surfacePlot", options, optionNames<SurfaceOptions>({ xRange: true, yRange: true, resolution: true, logColor: true, minima: true, optimizers: true, start: true, steps: true, name: true, title: true, locale: true, display: true }));
  const plot = new SurfacePlot(surfacePayload(f, options));
  if (options.display ?? true) display(plot.bundle());
  return plot;
}
