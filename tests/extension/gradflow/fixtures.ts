import type { GradFlowPayload } from "gradbook/payloads";

/** `layers` layers over `steps` steps; deeper layers' gradients shrink, the last one vanishes from step 3 on. */
export function gradflowPayload(options: { layers?: number; steps?: number; layerName?: (i: number) => string; histograms?: boolean } = {}): GradFlowPayload {
  const { layers = 4, steps = 6, histograms = true } = options;
  const names = Array.from({ length: layers }, (_, i) => options.layerName?.(i) ?? `dense_${i}`);
  const stepList = Array.from({ length: steps }, (_, i) => (i + 1) * 10);
  const matrix = (scale: number) => names.map((_, l) => stepList.map((_, s) => scale * 10 ** -(l * 2) * (l === layers - 1 && s >= 2 ? 1e-6 : 1)));
  const flags: GradFlowPayload["flags"] = stepList.slice(2).map((step) => ({ layer: names[layers - 1]!, kind: "vanishing", step }));
  flags.push({ layer: names[0]!, kind: "exploding", step: stepList[steps - 1]! });
  const bins = [-1, -0.5, 0, 0.5, 1];
  return {
    version: 1,
    title: "Gradient flow",
    layers: names,
    steps: stepList,
    gradNorm: matrix(1),
    meanAbsGrad: matrix(0.1),
    maxAbsGrad: matrix(2),
    updateRatio: matrix(1e-3),
    thresholds: { vanishing: 1e-7, exploding: 1e3 },
    flags,
    histograms: histograms
      ? names.slice(0, 2).flatMap((layer) => (["weights", "gradients"] as const).map((of) => ({ layer, of, steps: stepList, binEdges: bins, counts: stepList.map((_, s) => [1, s, 10, 3]) })))
      : [],
  };
}
