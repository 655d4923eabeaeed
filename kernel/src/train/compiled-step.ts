// The training step as one graph: forward pass, loss, gradients and the optimizer's
// update of every variable traced by jit() once for every batch size (the last, partial
// batch included) when the step allows it, else once per batch shape; optimised (graph
// passes, fused kernels), then run per batch.
import { jit, type CompiledFunction } from "../graph/jit.js";
import type { Model } from "../nn/model.js";
import { tidy } from "../tensor/scope.js";
import type { Tensor } from "../tensor/tensor.js";
import type { CompiledModel } from "./compile.js";
import type { Batch } from "./data.js";
import { callModel, defaultTrainStep, type StepLogs } from "./step.js";

type Step = CompiledFunction<[readonly Tensor[], readonly Tensor[], Tensor | undefined], { loss: Tensor; yPred: Tensor[]; perOutput: Tensor[]; metricValues: Tensor[] }>;

const steps = new WeakMap<CompiledModel, Step>();
/** Why a compiled model's step could not be traced (it trains eagerly instead). */
const eagerReasons = new WeakMap<CompiledModel, string>();

/**
 * Whether fit runs `model`'s steps as a compiled graph: unless compile() said
 * `runEagerly: true`, the model keeps the built-in trainStep, its optimizer can be
 * traced (Newton's method cannot), and its step could be traced (see eagerStepReason).
 */
export function usesCompiledStep(model: Model, compiled: CompiledModel): boolean {
  return compiled.options.runEagerly !== true && builtInTrainSteps.has(model.trainStep) && compiled.optimizer.traceable && model.trainableWeights.length > 0 && !eagerReasons.has(compiled);
}

/**
 * Why fit trains a model eagerly although it was not compiled with `runEagerly: true`: the
 * error its training step gave while being traced (e.g. a custom layer that reads values).
 * @example eagerStepReason(model.compiled!) // "cannot read the values of a symbolic tensor …"
 */
export function eagerStepReason(compiled: CompiledModel): string | undefined {
  return eagerReasons.get(compiled);
}

/** The Model class's own trainStep (registered by nn/model.ts): the one fit may compile. */
export const builtInTrainSteps = new WeakSet<object>();

/**
 * The built-in training step, compiled: the same computation as defaultTrainStep, traced
 * once for all batch sizes (jit's batchPolymorphic; a step that uses the batch size as a
 * number, such as a loss with sample weights, is traced per batch shape instead). The loss
 * stays on the device; the library's metrics compute their per-sample values in the graph,
 * others (a metric made from a function) update from the predictions after it. A step that cannot be traced
 * (a custom layer that reads values) runs eagerly instead, for good (see eagerStepReason).
 * @example const logs = compiledTrainStep(model, model.compiled!, batch); // { loss: Tensor }
 */
export function compiledTrainStep(model: Model, compiled: CompiledModel, batch: Batch): StepLogs {
  const step = stepOf(model, compiled);
  let run: ReturnType<Step["prepare"]>;
  try {
    run = step.prepare(batch.x, batch.y, batch.sampleWeight);
  } catch (error) {
    // Something on the step's path cannot be traced: the model trains eagerly from now on,
    // once an eager step shows the error was not the data's (that one is thrown as it is).
    const logs = defaultTrainStep(model, compiled, batch);
    eagerReasons.set(compiled, error instanceof Error ? error.message : String(error));
    step.dispose();
    steps.delete(compiled);
    return logs;
  }
  const { loss, yPred, perOutput, metricValues } = run();
  try {
    model.applyConstraints();
    tidy(() => compiled.updateMetricsFromStep(batch.y, yPred, metricValues, batch.sampleWeight));
  } finally {
    for (const t of [...yPred, ...metricValues]) t.dispose();
  }
  const logs: StepLogs = { loss };
  const keys = compiled.outputLossKeys();
  perOutput.forEach((t, i) => (i < keys.length ? (logs[keys[i]!] = t) : t.dispose()));
  return logs;
}

/** The model's compiled step function (made on first use; traced per signature by jit). */
function stepOf(model: Model, compiled: CompiledModel): Step {
  let step = steps.get(compiled);
  if (!step) {
    step = jit(
      (x: readonly Tensor[], y: readonly Tensor[], sampleWeight: Tensor | undefined) => {
        let yPred: Tensor[] = [];
        let perOutput: Tensor[] = [];
        const loss = compiled.optimizer.minimize(() => {
          yPred = callModel(model, x, true);
          const losses = compiled.computeLoss(y, yPred, sampleWeight);
          perOutput = losses.perOutput;
          return losses.total;
        }, model.trainableWeights);
        // The library's metrics (accuracy, …) are ops on this step's predictions: part of the graph too.
        return { loss, yPred, perOutput, metricValues: compiled.graphMetricValues(y, yPred) };
      },
      // Optimised once per trace: fusion turns the optimizer's per-weight update chains and
      // the activations' elementwise work into generated kernels.
      { name: `${model.name}.trainStep`, onTrace: (graph) => void graph.optimize(), batchPolymorphic: true },
    );
    steps.set(compiled, step);
  }
  return step;
}

/**
 * The compiled step of a compiled model, if fit has made one: its trace count and graphs.
 * @example compiledStepOf(model.compiled!)?.traceCount // 1 (full batches and the last, partial one share it)
 */
export function compiledStepOf(compiled: CompiledModel): Step | undefined {
  return steps.get(compiled);
}
