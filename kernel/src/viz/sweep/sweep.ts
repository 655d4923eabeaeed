/**
 * sweep(): trains one model per configuration of a grid or random search, one after the
 * other, showing the sweep view live (updated as each run starts and ends), and resolves
 * with the results ranked by the chosen metric.
 */
import { checkOptions, optionNames } from "../../tensor/options.js";
import { ArgumentError } from "../../tensor/errors.js";
import type { Model } from "../../nn/model.js";
import type { DataInput } from "../../train/data.js";
import type { FitOptions } from "../../train/fit.js";
import { LiveDisplay } from "../common/live-display.js";
import { metricGoal } from "../metrics/goal.js";
import { PAYLOAD_VERSION, type Locale, type SweepPayload } from "../payloads.js";
import { gridConfigurations, randomConfigurations, type ParameterValue, type ParamsOf, type SearchSpace } from "./search-space.js";
import { rankedRuns, sweepBundle } from "./sweep-bundle.js";
import { localeField } from "../common/locale-field.js";

export type SweepParams = Record<string, ParameterValue>;

/**
 * What sweep() takes. `S` is inferred from `parameters`, and `build` and `train` receive
 * `ParamsOf<S>`: a number for each list of numbers or distribution, the strings of a list
 * of strings ("relu" | "tanh"), so `new Dense({ units })` type-checks without casts.
 */
export interface SweepOptions<S extends SearchSpace = SearchSpace> {
  /** Lists of values (grid or random) or distributions like logUniform(1e-4, 1e-1) (random). */
  parameters: S;
  /** "grid" (default when every parameter is a list) or "random". */
  search?: "grid" | "random";
  /** Configurations drawn by random search (default 10). */
  trials?: number;
  /** Seed of random search (default 0). */
  seed?: number;
  /** Makes a compiled model for a configuration. */
  build?: (params: ParamsOf<S>) => Model | Promise<Model>;
  /** What each model is fitted on: x, y and fit's options (verbose defaults to 0). */
  fit?: FitOptions & { x: DataInput; y?: DataInput };
  /** Instead of build + fit: trains a configuration your own way and returns per-epoch curves ({ loss: [...], ... }). */
  train?: (params: ParamsOf<S>) => Record<string, number[]> | Promise<Record<string, number[]>>;
  /** The metric runs are ranked by, at its last epoch (default "val_loss" when validating, else "loss"). */
  metric?: string;
  /** Whether lower or higher is better (default from the metric's name). */
  goal?: "min" | "max";
  title?: string;
  locale?: Locale;
  /** Show the view live (default true). */
  display?: boolean;
  now?: () => number;
}

/** One trained configuration. */
export interface SweepResult<P = SweepParams> {
  id: string;
  params: P;
  status: "done" | "failed";
  /** The ranking metric at the last epoch (NaN for a failed run). */
  value: number;
  /** Every metric at the last epoch. */
  final: Record<string, number>;
  /** Every metric per epoch. */
  curves: Record<string, number[]>;
  /** The trained model (build + fit). */
  model?: Model;
  error?: string;
}

/** The list of configurations a sweep will run. */
export function sweepConfigurations(options: Pick<SweepOptions, "parameters" | "search" | "trials" | "seed">): SweepParams[] {
  const lists = Object.values(options.parameters ?? {}).every(Array.isArray);
  const search = options.search ?? (lists ? "grid" : "random");
  if (search === "grid") return gridConfigurations(options.parameters);
  if (search === "random") return randomConfigurations(options.parameters, options.trials ?? 10, options.seed ?? 0);
  throw new ArgumentError(`sweep: search must be "grid" or "random", got ${JSON.stringify(search)}`);
}

/**
 * Trains each configuration in turn and returns the results best first. The parameters'
 * types come from `parameters` (see SweepOptions), so no type argument is needed.
 * @example
 * const results = await sweep({
 *   parameters: { learningRate: [0.1, 0.01], units: [16, 64] },
 *   build: ({ learningRate, units }) => { const m = sequential([...]); m.compile({ optimizer: new Adam({ learningRate }), loss: "mse" }); return m; },
 *   fit: { x, y, epochs: 10, validationSplit: 0.2 },
 * });
 * results[0].params // the best configuration
 */
export async function sweep<const S extends SearchSpace>(options: SweepOptions<S>): Promise<SweepResult<ParamsOf<S>>[]> {
  checkOptions("sweep", options, optionNames<SweepOptions>({ parameters: true, search: true, trials: true, seed: true, build: true, fit: true, train: true, metric: true, goal: true, title: true, locale: true, display: true, now: true }));
  type P = ParamsOf<S>;
  if (!options.train && !(options.build && options.fit)) throw new ArgumentError("sweep: give build (params → compiled model) and fit ({ x, y, epochs, ... }), or train (params → curves)");
  const configurations = sweepConfigurations(options) as P[];
  const validating = options.fit?.validationSplit !== undefined || options.fit?.validationData !== undefined;
  const metric = options.metric ?? (options.train || validating ? "val_loss" : "loss");
  const goal = options.goal ?? metricGoal(metric);
  const state: SweepPayload = {
    version: PAYLOAD_VERSION,
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...localeField(options.locale),
    parameters: Object.keys(options.parameters),
    metric,
    goal,
    runs: configurations.map((params, i) => ({ id: `run${i + 1}`, params, status: "pending", final: {}, curves: {} })),
  };
  const live = options.display === false ? undefined : new LiveDisplay(() => sweepBundle(state), { now: options.now });
  const results: SweepResult<P>[] = [];
  for (const [i, params] of configurations.entries()) {
    const run = state.runs[i]!;
    run.status = "running";
    live?.update();
    let model: Model | undefined;
    try {
      let curves: Record<string, number[]>;
      if (options.train) {
        curves = await options.train(params);
      } else {
        model = await options.build!(params);
        const { x, y, ...fitOptions } = options.fit!;
        const history = await model.fit(x, y, { verbose: 0, ...fitOptions });
        curves = history.history;
      }
      run.curves = Object.fromEntries(Object.entries(curves).map(([k, v]) => [k, [...v]]));
      run.final = Object.fromEntries(Object.entries(curves).filter(([, v]) => v.length > 0).map(([k, v]) => [k, v.at(-1)!]));
      run.status = "done";
      if (run.final[metric] === undefined) {
        const logged = Object.keys(run.final);
        // One template per case, so each translates whole.
        throw new ArgumentError(
          logged.length > 0
            ? `sweep: the runs log ${logged.join(", ")}, not "${metric}"; choose one as metric`
            : `sweep: the runs log nothing, not "${metric}"; log a metric to compare runs by`,
        );
      }
    } catch (error) {
      if (error instanceof ArgumentError && run.status === "done") {
        live?.flush();
        throw error;
      }
      run.status = "failed";
      run.error = error instanceof Error ? error.message : String(error);
    }
    results.push({ id: run.id, params, status: run.status as "done" | "failed", value: run.final[metric] ?? Number.NaN, final: run.final, curves: run.curves, ...(model ? { model } : {}), ...(run.error ? { error: run.error } : {}) });
    live?.update();
  }
  live?.flush();
  const order = rankedRuns(state).map((r) => r.id);
  return results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}
