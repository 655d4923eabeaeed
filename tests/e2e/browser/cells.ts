/**
 * The code cells of the browser test notebook (TypeScript, run by the gradbook kernel).
 * The metrics, sweep and benchmark cells send hand-made view bundles through the display
 * API (payload, an SVG fallback, HTML without script, text), so their content is exact;
 * the fit, graph, gradient-flow and surface cells use the library's own builders
 * (liveMetrics, showGraph, gradientFlow, surfacePlot), as a student's notebook does.
 */

/** Shared helpers, defined in the first cell. */
export const setupCell = `
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function viewBundle(kind: string, payload: unknown, caption: string) {
  const svg = \`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40" class="gradbook-test-fallback"><text x="4" y="24">\${caption}</text></svg>\`;
  return { [\`application/vnd.gradbook.\${kind}.v1+json\`]: payload, "image/svg+xml": svg, "text/html": \`<div class="gradbook-\${kind}-fallback">\${svg}</div>\`, "text/plain": caption };
}
function metrics(epochs: number, total: number, points = 0) {
  const xs = Array.from({ length: epochs }, (_, i) => i + 1);
  const loss = (x: number) => 1 / (x + 1);
  const batchX = Array.from({ length: points || epochs * 8 }, (_, i) => ((i + 1) * epochs) / (points || epochs * 8));
  return {
    version: 1, title: "Live <script>metrics</script>",
    runs: [{
      id: "a", label: "mlp", done: epochs === total, epochs: { done: epochs, total },
      series: [
        { name: "loss", group: "loss", split: "train", resolution: "batch", x: batchX, y: batchX.map((x) => loss(x) + 0.05 * Math.sin(x * 7)) },
        { name: "loss", group: "loss", split: "train", resolution: "epoch", x: xs, y: xs.map(loss) },
        { name: "val_loss", group: "loss", split: "validation", resolution: "epoch", x: xs, y: xs.map((x) => loss(x) + 0.1) },
        { name: "accuracy", group: "accuracy", split: "train", resolution: "epoch", x: xs, y: xs.map((x) => 1 - loss(x)) },
      ],
      learningRate: { x: xs, y: xs.map((x) => 0.01 / x) },
      best: { val_loss: { epoch: epochs, value: loss(epochs) + 0.1, goal: "min" } },
      ...(epochs === total ? { earlyStopEpoch: epochs } : {}),
    }],
  };
}
"ready"
`;

/** Sixteen epochs at about 4 updates per second, with a final update. */
export const liveMetricsCell = `
const total = 16;
for (let epoch = 1; epoch <= total; epoch++) {
  display(viewBundle("metrics", metrics(epoch, total), \`metrics: epoch \${epoch} of \${total}\`), {}, { id: "live", update: epoch > 1 });
  await sleep(250);
}
`;

export const sweepCell = `
const runs = [];
for (const learningRate of [0.001, 0.01, 0.1]) for (const batchSize of [32, 128]) {
  const final = Math.abs(Math.log10(learningRate) + 2) + batchSize / 1000;
  runs.push({ id: \`lr=\${learningRate},bs=\${batchSize}\`, params: { learningRate, batchSize }, status: "done", final: { val_loss: final }, curves: { val_loss: [final + 1, final + 0.4, final + 0.1, final] } });
}
display(viewBundle("sweep", { version: 1, locale: getLocale(), title: "Sweep", parameters: ["learningRate", "batchSize"], metric: "val_loss", goal: "min", runs }, "sweep of 6 runs"), {});
`;

/** The benchmark: 4 series × 2000 points, replaced in place a few times. */
export const benchmarkCell = `
function big(shift: number) {
  const x = Array.from({ length: 2000 }, (_, i) => (i + 1) / 100);
  const series = ["loss", "val_loss", "accuracy", "val_accuracy"].map((name, k) => ({
    name, group: name.replace("val_", ""), split: name.startsWith("val_") ? "validation" : "train", resolution: "batch",
    x, y: x.map((v) => 1 / (v + 1 + k) + 0.02 * Math.sin(v * 13 + shift)),
  }));
  return { version: 1, title: "benchmark", runs: [{ id: "b", label: "bench", series, best: {}, epochs: { done: 20, total: 20 }, done: false }] };
}
for (let i = 0; i < 11; i++) {
  display(viewBundle("metrics", big(i), "benchmark"), {}, { id: "bench", update: i > 0 });
  await sleep(300);
}
`;

/** A real fit on the digits with the liveMetrics() callback (not hand-made bundles); seeded, so its accuracy is the same every run. */
export const fitCell = `
seed(0);
const digits = loadDigits();
const net = sequential([new Dense({ units: 32, activation: "relu", inputShape: [64] }), new Dense({ units: 10, activation: "softmax" })]);
net.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
const fitHistory = await net.fit(digits.x.div(16), digits.y, { epochs: 8, batchSize: 16, validationSplit: 0.2, verbose: 0, callbacks: [liveMetrics({ label: "digits MLP" })] });
fitHistory.history.val_accuracy.at(-1)
`;

/**
 * The graph of a real loss: a 200-layer tanh MLP (model/layer_i scopes) on one batch, with
 * gradient norms: 1 input + 200 × (kernel, bias, matmul, add, tanh) + sum = 1002 nodes.
 */
export const graphCell = `
seed(0);
const deep = sequential(Array.from({ length: 200 }, (_, i) => new Dense({ units: 16, activation: "tanh", name: \`layer_\${i}\`, ...(i === 0 ? { inputShape: [16] } : {}) })), { name: "model" });
const deepLoss = (deep.apply(randomNormal([4, 16])) as Tensor).sum();
showGraph(deepLoss, { gradients: true, title: "MLP <script>, 200 layers" });
`;

/**
 * A real fit with the gradientFlow() callback. The first layer starts with zero weights,
 * so its ReLUs never open: its gradients are exactly zero and it is flagged vanishing,
 * the only layer flagged (the tanh layer after it still gets bias gradients).
 */
export const gradflowCell = `
const flowNet = sequential([
  new Dense({ units: 32, activation: "relu", inputShape: [64], kernelInitializer: "zeros", name: "zero_init" }),
  new Dense({ units: 16, activation: "tanh", name: "hidden" }),
  new Dense({ units: 10, activation: "softmax", name: "output" }),
]);
flowNet.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: "sparseCategoricalCrossentropy" });
await flowNet.fit(digits.x.div(16), digits.y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: [gradientFlow({ title: "Gradient flow", thresholds: { vanishing: 1e-7 }, histogramLayers: "hidden" })] });
`;

/** Three optimizers on the Rosenbrock function from its customary start, 120 steps each. */
export const surfaceCell = `
surfacePlot(rosenbrock, {
  steps: 120,
  optimizers: [
    { label: "SGD", optimizer: new SGD({ learningRate: 0.001 }) },
    { label: "SGD + momentum", optimizer: new SGD({ learningRate: 0.001, momentum: 0.9 }) },
    { label: "Adam", optimizer: new Adam({ learningRate: 0.05 }) },
  ],
});
`;

/** The notebook switches to Russian: the views drawn by the library (and the sweep's hand-made payload) follow. */
export const russianCell = `
setLocale("ru");
getLocale()
`;

/** A learning-rate schedule's plot: a plain picture (no view), which untrusted notebooks must still show. */
export const scheduleCell = `
display(exponentialDecay(0.1, 100).plot(300));
`;
