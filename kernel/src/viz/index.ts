// The notebook views' kernel side: bundle builders (payload + SVG/HTML/text fallbacks),
// the fit callbacks that show them live, and the helpers that run sweeps and optimizers.
export { PAYLOAD_VERSION, VIEW_KINDS, mimeTypeOf, validatePayload, type ViewKind, type GraphPayload, type MetricsPayload, type MetricSeries, type GradFlowPayload, type SweepPayload, type SurfacePayload } from "./payloads.js";
export { lineChartSvg, svgGrid, type LineSeries, type LineChartOptions } from "./line-chart.js";
export { downsample, downsampleIndices } from "./common/downsample.js";
export { LiveDisplay, type LiveDisplayOptions } from "./common/live-display.js";
export type { ViewBundle } from "./common/bundle.js";
export { showGraph, graphBundle, graphBundleOf, graphSvg } from "./graph/graph-bundle.js";
export { compiledGraphPayload, type CompiledGraphOptions } from "./graph/compiled-payload.js";
export { graphPayload, type GraphTarget, type GraphOptions } from "./graph/graph-payload.js";
export { metricsPlot, MetricsPlot, MetricsRun, type MetricsPlotOptions, type LogPoint } from "./metrics/metrics-plot.js";
export { liveMetrics, LiveMetrics, type LiveMetricsOptions } from "./metrics/live-metrics.js";
export { metricsBundle } from "./metrics/metrics-bundle.js";
export { metricGoal } from "./metrics/goal.js";
export { gradientFlow, GradientFlow, type GradientFlowCallbackOptions } from "./gradflow/gradient-flow.js";
export { gradientFlowPlot, GradientFlowPlot, type GradientFlowOptions } from "./gradflow/gradient-flow-plot.js";
export { gradFlowBundle } from "./gradflow/gradflow-bundle.js";
export { sweep, sweepConfigurations, type SweepOptions, type SweepResult, type SweepParams } from "./sweep/sweep.js";
export { sweepBundle } from "./sweep/sweep-bundle.js";
export { uniform, logUniform, intUniform, gridConfigurations, randomConfigurations, type Distribution, type SearchSpace, type ParameterValue, type ParamsOf } from "./sweep/search-space.js";
export { surfacePlot, surfacePayload, optimizerTrajectory, SurfacePlot, type SurfaceFunction, type SurfaceOptions } from "./surface/surface-plot.js";
export { surfaceBundle } from "./surface/surface-bundle.js";
