/**
 * The data contract between the kernel side (bundle builders in kernel/src/viz) and the
 * JupyterLab renderers (extension/). One definition, imported by both. Each view has a
 * versioned MIME type; a payload always carries the full state (live views replace it).
 * Pure data and pure functions only: this module is bundled into the browser.
 */

/** Current payload version of every view. A renderer shows an error box for any other. */
export const PAYLOAD_VERSION = 1;

export const VIEW_KINDS = ["graph", "metrics", "gradflow", "sweep", "surface"] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** `application/vnd.gradbook.<view>.v1+json` */
export function mimeTypeOf(kind: ViewKind): string {
  return `application/vnd.gradbook.${kind}.v${PAYLOAD_VERSION}+json`;
}

/** UI language of the views' own strings (data labels are shown as given). */
export type { Locale } from "../locale/locale.js";
import type { Locale } from "../locale/locale.js";

interface PayloadBase {
  version: typeof PAYLOAD_VERSION;
  title?: string;
  locale?: Locale;
}

/** A computation graph: ops and leaves, tensors on the edges. */
export interface GraphPayload extends PayloadBase {
  nodes: {
    id: string;
    kind: "op" | "leaf";
    /** Op name ("matmul"), or "tensor" / "variable" / "input" for leaves. */
    op: string;
    /** Text shown in the box (variable name, or the op). */
    label: string;
    /** nameScope path (layers, user scopes), outermost first: the view groups by it. */
    scope: string[];
    /** Output shape(s); null marks an unknown (batch) axis. */
    outputs: { shape: (number | null)[]; dtype: string }[];
    attrs: Record<string, unknown>;
    /** Summary of the value for hover: small tensors carry values, others statistics. */
    value?: { values?: number[]; min: number; max: number; mean: number; std: number };
  }[];
  edges: {
    from: string;
    to: string;
    shape: (number | null)[];
    dtype: string;
    /** ‖gradient‖ of the tensor on this edge after a backward pass, for colouring. */
    gradNorm?: number;
  }[];
  /** Ids of the nodes whose outputs were asked for. */
  outputs: string[];
  /** The model was traced on made-up inputs (zeros): only its weights have values. */
  symbolicInputs?: boolean;
}

/** One line of a metrics chart. */
export interface MetricSeries {
  /** Log key: "loss", "val_loss", "accuracy", … */
  name: string;
  /** The metric without "val_": train and validation of one metric share a panel. */
  group: string;
  split: "train" | "validation";
  resolution: "batch" | "epoch";
  /** Epoch (fractional for batches: epoch + batch/batches) and value; already downsampled. */
  x: number[];
  y: number[];
}

/** Live training curves: one or more runs overlaid. */
export interface MetricsPayload extends PayloadBase {
  runs: {
    id: string;
    label: string;
    series: MetricSeries[];
    /** Learning rate per epoch (or batch), when it changes. */
    learningRate?: { x: number[]; y: number[] };
    /** Best value and its epoch per series name. */
    best: Record<string, { epoch: number; value: number; goal: "min" | "max" }>;
    /** Epoch at which EarlyStopping stopped training, counted from 1 like the x axis: its stoppedEpoch + 1. */
    earlyStopEpoch?: number;
    /** The fit was interrupted (Ctrl-C, the kernel's interrupt) in the middle of an epoch. */
    interrupted?: boolean;
    epochs: { done: number; total: number | null };
    done: boolean;
  }[];
}

/** Gradient flow per layer over steps. Matrices are [layer][step]. */
export interface GradFlowPayload extends PayloadBase {
  layers: string[];
  steps: number[];
  gradNorm: number[][];
  meanAbsGrad: number[][];
  maxAbsGrad: number[][];
  /** ‖update‖ / ‖weights‖ per step. */
  updateRatio: number[][];
  /** A layer is flagged vanishing below / exploding above these gradient norms. */
  thresholds: { vanishing: number; exploding: number };
  /** One entry per flagged cell: every column (step) in which a layer is beyond a threshold. */
  flags: { layer: string; kind: "vanishing" | "exploding"; step: number }[];
  /** Histograms over time for chosen layers. */
  histograms: { layer: string; of: "weights" | "gradients"; steps: number[]; binEdges: number[]; counts: number[][] }[];
}

/** A hyperparameter search: one row per configuration. */
export interface SweepPayload extends PayloadBase {
  parameters: string[];
  /** The metric runs are ranked by, and whether lower is better. */
  metric: string;
  goal: "min" | "max";
  runs: {
    id: string;
    params: Record<string, number | string | boolean>;
    status: "pending" | "running" | "done" | "failed";
    /** Final value of each logged metric. */
    final: Record<string, number>;
    /** Per-epoch curves of each logged metric. */
    curves: Record<string, number[]>;
    error?: string;
  }[];
}

/** A loss surface of two variables with optimizer trajectories from a common start. */
export interface SurfacePayload extends PayloadBase {
  /** Name of the function ("rosenbrock", or "f" for a user function). */
  function: string;
  grid: { xs: number[]; ys: number[]; /** z[iy][ix] */ z: number[][] };
  logColor: boolean;
  minima: [number, number][];
  trajectories: {
    label: string;
    optimizer: string;
    points: [number, number][];
    losses: number[];
    learningRates: number[];
  }[];
}

export interface PayloadByKind {
  graph: GraphPayload;
  metrics: MetricsPayload;
  gradflow: GradFlowPayload;
  sweep: SweepPayload;
  surface: SurfacePayload;
}

/** What a renderer learns from checking a payload. */
export type Validation<T> = { ok: true; payload: T } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number" || x === null);

const requiredArrays: Record<ViewKind, string[]> = {
  graph: ["nodes", "edges", "outputs"],
  metrics: ["runs"],
  gradflow: ["layers", "steps", "gradNorm", "meanAbsGrad", "maxAbsGrad", "updateRatio", "flags", "histograms"],
  sweep: ["parameters", "runs"],
  surface: ["trajectories", "minima"],
};

/** Why a payload cannot be drawn, in each language the views speak. */
const problems = {
  en: {
    notObject: "the {kind} payload is not an object",
    noVersion: "the {kind} payload is malformed: it has no version number (a gradbook bundle carries \"version\": {expected})",
    newer: "the {kind} payload has version {version}; this extension reads version {expected} — update gradbook so the kernel and the extension match",
    noList: "the {kind} payload has no \"{field}\" list",
    noGrid: "the surface payload has no grid {xs, ys, z}",
  },
  ru: {
    notObject: "данные представления {kind} — не объект",
    noVersion: "данные представления {kind} повреждены: в них нет номера версии (у пакета gradbook есть \"version\": {expected})",
    newer: "данные представления {kind} версии {version}, а расширение читает версию {expected} — обновите gradbook, чтобы ядро и расширение совпадали",
    noList: "в данных представления {kind} нет списка \"{field}\"",
    noGrid: "в данных поверхности нет сетки {xs, ys, z}",
  },
} satisfies Record<Locale, Record<string, string>>;

/**
 * Checks a payload's version and the shape of its top-level fields, so a renderer can
 * show a clear error box (in `locale`) instead of a broken page. A payload without a
 * numeric version is malformed; only a numeric version other than ours asks for an update.
 * @example validatePayload("metrics", { version: 2, runs: [] }) // { ok: false, reason: "… version 2 …" }
 */
export function validatePayload<K extends ViewKind>(kind: K, data: unknown, locale: Locale = "en"): Validation<PayloadByKind[K]> {
  const problem = (key: keyof (typeof problems)["en"], values: Record<string, string | number> = {}): Validation<never> => ({
    ok: false,
    reason: problems[locale][key].replace(/\{(kind|expected|version|field)\}/g, (_, name: string) => String({ kind, expected: PAYLOAD_VERSION, ...values }[name])),
  });
  if (!isObject(data)) return problem("notObject");
  if (typeof data.version !== "number") return problem("noVersion");
  if (data.version !== PAYLOAD_VERSION) return problem("newer", { version: data.version });
  for (const field of requiredArrays[kind]) {
    if (!Array.isArray(data[field])) return problem("noList", { field });
  }
  if (kind === "surface") {
    const grid = data.grid;
    if (!isObject(grid) || !isNumberArray(grid.xs) || !isNumberArray(grid.ys) || !Array.isArray(grid.z)) return problem("noGrid");
  }
  return { ok: true, payload: data as unknown as PayloadByKind[K] };
}
