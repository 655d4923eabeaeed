/**
 * Whether lower or higher is better for a metric, from its name (as Keras's callbacks
 * decide `mode="auto"`): accuracy-like names are maximised, everything else (losses,
 * errors) minimised.
 */
const maximised = /acc|precision|recall|auc|f1|fbeta|r2|r_squared|iou|dice|similarity|top_k|topk|kappa|specificity|sensitivity/i;

/**
 * @example metricGoal("val_accuracy") // "max"
 * @example metricGoal("loss") // "min"
 */
export function metricGoal(name: string): "min" | "max" {
  const base = name.replace(/^val_/, "");
  if (/loss|error|entropy|hinge|divergence|mse|mae|mape|msle|rmse|perplexity/i.test(base)) return "min";
  return maximised.test(base) ? "max" : "min";
}
