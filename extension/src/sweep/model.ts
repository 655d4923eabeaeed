/**
 * The sweep view's data work, kept free of the DOM: ranking and sorting runs, the
 * two-parameter heatmap matrix, and the axes of the parallel-coordinates plot.
 */
import type { SweepPayload } from "gradbook/payloads";

export type SweepRun = SweepPayload["runs"][number];
export type ParamValue = number | string | boolean;

/** A table column: the rank, the run id, the status, a parameter or a final metric. */
export type Column = { kind: "rank" | "id" | "status" } | { kind: "param" | "final"; name: string };
export interface SortOrder { column: Column; descending: boolean }

/** The final metrics logged by any run, the ranking metric first. */
export function finalMetrics(payload: SweepPayload): string[] {
  const names = new Set<string>([payload.metric]);
  for (const run of payload.runs) for (const name of Object.keys(run.final)) names.add(name);
  return [...names];
}

/**
 * Run ids from best to worst by the sweep's metric; runs without the metric come last.
 * @example rankRuns({ metric: "loss", goal: "min", runs: [...] }) // ["b", "a", "c"]
 */
export function rankRuns(payload: SweepPayload): string[] {
  const sign = payload.goal === "min" ? 1 : -1;
  const value = (run: SweepRun) => run.final[payload.metric];
  return payload.runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => {
      const va = value(a.run);
      const vb = value(b.run);
      const okA = typeof va === "number" && Number.isFinite(va);
      const okB = typeof vb === "number" && Number.isFinite(vb);
      if (okA !== okB) return okA ? -1 : 1;
      return (okA && okB ? sign * (va - vb) : 0) || a.index - b.index;
    })
    .map(({ run }) => run.id);
}

function compareValues(a: unknown, b: unknown): number {
  const missingA = a === undefined || (typeof a === "number" && Number.isNaN(a));
  const missingB = b === undefined || (typeof b === "number" && Number.isNaN(b));
  if (missingA || missingB) return Number(missingA) - Number(missingB);
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The runs in table order for a sort order (missing values last either way). */
export function sortRuns(payload: SweepPayload, order: SortOrder): SweepRun[] {
  const ranks = new Map(rankRuns(payload).map((id, index) => [id, index + 1]));
  const key = (run: SweepRun): unknown => {
    const column = order.column;
    if (column.kind === "rank") return ranks.get(run.id);
    if (column.kind === "id") return run.id;
    if (column.kind === "status") return run.status;
    if (!("name" in column)) return undefined;
    return column.kind === "param" ? run.params[column.name] : run.final[column.name];
  };
  const direction = order.descending ? -1 : 1;
  return payload.runs
    .map((run, index) => ({ run, index, key: key(run) }))
    .sort((a, b) => {
      const missing = Number(a.key === undefined) - Number(b.key === undefined);
      return missing || direction * compareValues(a.key, b.key) || a.index - b.index;
    })
    .map(({ run }) => run);
}

/** The distinct values of a parameter over the runs, sorted (numbers numerically). */
export function parameterValues(payload: SweepPayload, name: string): ParamValue[] {
  const values = [...new Set(payload.runs.map((run) => run.params[name]).filter((v): v is ParamValue => v !== undefined))];
  return values.sort(compareValues);
}

/**
 * The metric over a grid of two parameters: z[iy][ix] is the best value among the runs
 * with those two values (null where no run finished), for a Plotly heatmap.
 */
export function heatmapMatrix(payload: SweepPayload, xName: string, yName: string): { x: string[]; y: string[]; z: (number | null)[][]; ids: (string | null)[][] } {
  const xs = parameterValues(payload, xName);
  const ys = parameterValues(payload, yName);
  const z: (number | null)[][] = ys.map(() => xs.map(() => null));
  const ids: (string | null)[][] = ys.map(() => xs.map(() => null));
  const better = (a: number, b: number) => (payload.goal === "min" ? a < b : a > b);
  for (const run of payload.runs) {
    const value = run.final[payload.metric];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const ix = xs.indexOf(run.params[xName]!);
    const iy = ys.indexOf(run.params[yName]!);
    if (ix < 0 || iy < 0) continue;
    const current = z[iy]![ix];
    if (current === null || current === undefined || better(value, current)) {
      z[iy]![ix] = value;
      ids[iy]![ix] = run.id;
    }
  }
  return { x: xs.map(String), y: ys.map(String), z, ids };
}

/** One vertical axis of the parallel-coordinates plot, mapping values to [0, 1] (0 = bottom). */
export interface ParallelAxis {
  name: string;
  /** Whether the axis shows a parameter or the sweep's metric (the last axis). */
  source: "param" | "metric";
  /** Tick labels with their positions. */
  ticks: { label: string; at: number }[];
  position(value: ParamValue | undefined): number | undefined;
}

/**
 * Axes for the parameters (numeric: linear, or logarithmic when positive and spanning
 * two decades or more, as learning rates do; others: evenly spaced categories) and a
 * last axis for the metric.
 */
export function parallelAxes(payload: SweepPayload): ParallelAxis[] {
  const numericAxis = (name: string, values: number[], source: ParallelAxis["source"] = "param"): ParallelAxis => {
    const min = Math.min(...values);
    const max = Math.max(...values);
    const log = min > 0 && max / min >= 100;
    const scale = (v: number) => (log ? Math.log10(v) : v);
    const span = scale(max) - scale(min) || 1;
    const position = (v: ParamValue | undefined) => (typeof v === "number" && Number.isFinite(v) ? (scale(v) - scale(min)) / span : undefined);
    const tickValues = values.length <= 6 ? values : [min, ...(log ? [] : [(min + max) / 2]), max];
    return { name, source, ticks: [...new Set(tickValues)].map((v) => ({ label: formatTick(v), at: position(v)! })), position };
  };
  const axes = payload.parameters.map((name): ParallelAxis => {
    const values = parameterValues(payload, name);
    if (values.length > 0 && values.every((v) => typeof v === "number")) return numericAxis(name, values as number[]);
    const count = Math.max(1, values.length - 1);
    const position = (v: ParamValue | undefined) => (v === undefined || !values.includes(v) ? undefined : values.length === 1 ? 0.5 : values.indexOf(v) / count);
    return { name, source: "param", ticks: values.map((v) => ({ label: String(v), at: position(v)! })), position };
  });
  const metricValues = payload.runs.map((run) => run.final[payload.metric]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (metricValues.length > 0) axes.push(numericAxis(payload.metric, metricValues, "metric"));
  return axes;
}

/** A short label for a number: 0.001 → "0.001", 12345 → "1.23e+4". */
export function formatTick(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-3 ? value.toExponential(2).replace(/\.?0+e/, "e") : String(Number(value.toPrecision(3)));
}
