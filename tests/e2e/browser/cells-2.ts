/**
 * Notebook cells for the graph, gradient-flow and surface browser tests (run after
 * cells.ts's setupCell, which defines viewBundle). The payloads are built in the cell,
 * as kernel/src/viz's builders would send them.
 */

/** A 1002-node MLP graph (200 dense layers in scope model/dense_i) with gradient norms. */
export const graphCell = `
function mlpGraph(layers: number) {
  const nodes: any[] = [{ id: "x", kind: "leaf", op: "input", label: "x <script>", scope: [], outputs: [{ shape: [null, 16], dtype: "float32" }], attrs: {}, value: { values: [1, 2, 3], min: 1, max: 3, mean: 2, std: 0.8 } }];
  const edges: any[] = [];
  let previous = "x";
  for (let i = 0; i < layers; i++) {
    const scope = ["model", \`dense_\${i}\`];
    const out = [{ shape: [null, 16], dtype: "float32" }];
    nodes.push(
      { id: \`k\${i}\`, kind: "leaf", op: "variable", label: \`kernel_\${i}\`, scope, outputs: [{ shape: [16, 16], dtype: "float32" }], attrs: {} },
      { id: \`b\${i}\`, kind: "leaf", op: "variable", label: \`bias_\${i}\`, scope, outputs: [{ shape: [16], dtype: "float32" }], attrs: {} },
      { id: \`m\${i}\`, kind: "op", op: "matmul", label: "matmul", scope, outputs: out, attrs: {} },
      { id: \`a\${i}\`, kind: "op", op: "add", label: "add", scope, outputs: out, attrs: {} },
      { id: \`r\${i}\`, kind: "op", op: "relu", label: "relu", scope, outputs: out, attrs: {} });
    const gradNorm = 10 ** (-6 * i / layers);
    for (const [from, to] of [[previous, \`m\${i}\`], [\`k\${i}\`, \`m\${i}\`], [\`m\${i}\`, \`a\${i}\`], [\`b\${i}\`, \`a\${i}\`], [\`a\${i}\`, \`r\${i}\`]]) edges.push({ from, to, shape: [null, 16], dtype: "float32", gradNorm });
    previous = \`r\${i}\`;
  }
  nodes.push({ id: "loss", kind: "op", op: "mean", label: "loss", scope: [], outputs: [{ shape: [], dtype: "float32" }], attrs: {} });
  edges.push({ from: previous, to: "loss", shape: [null, 16], dtype: "float32", gradNorm: 1 });
  return { version: 1, title: "MLP, 200 layers", nodes, edges, outputs: ["loss"] };
}
display(viewBundle("graph", mlpGraph(200), "graph of 1002 nodes"), {});
`;

export const gradflowCell = `
const layers = ["dense_0", "dense_1", "dense_2", "dense_3", "dense_4"];
const steps = Array.from({ length: 40 }, (_, i) => (i + 1) * 5);
const norm = layers.map((_, l) => steps.map((s) => 10 ** (-l * 1.8) * (1 + 0.3 * Math.sin(s / 7))));
const flags = steps.filter((_, i) => i > 20).map((step) => ({ layer: "dense_4", kind: "vanishing", step }));
const bins = Array.from({ length: 21 }, (_, i) => -1 + i * 0.1);
const histogram = (of: string, width: number) => ({ layer: "dense_0", of, steps, binEdges: bins, counts: steps.map((_, s) => bins.slice(1).map((edge) => Math.round(200 * Math.exp(-((edge - 0.05) ** 2) / (2 * (width * (1 + s / 40)) ** 2))))) });
display(viewBundle("gradflow", {
  version: 1, title: "Gradient flow", layers, steps, gradNorm: norm,
  meanAbsGrad: norm.map((row) => row.map((v) => v / 30)), maxAbsGrad: norm.map((row) => row.map((v) => v / 3)), updateRatio: norm.map((row) => row.map((v) => v * 1e-3)),
  thresholds: { vanishing: 1e-7, exploding: 1e3 }, flags, histograms: [histogram("weights", 0.2), histogram("gradients", 0.05)],
}, "gradient flow"), {});
`;

export const surfaceCell = `
const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const xs = Array.from({ length: 81 }, (_, i) => -2 + i * 0.05);
const ys = Array.from({ length: 81 }, (_, i) => -1 + i * 0.05);
const path = (rate: number, momentum: number, count: number) => {
  let [x, y, vx, vy] = [-1.5, 2, 0, 0];
  const points: [number, number][] = [[x, y]];
  for (let k = 0; k < count; k++) {
    const gx = -2 * (1 - x) - 400 * x * (y - x * x);
    const gy = 200 * (y - x * x);
    vx = momentum * vx - rate * gx; vy = momentum * vy - rate * gy;
    x += vx; y += vy;
    points.push([x, y]);
  }
  return points;
};
const trajectory = (label: string, optimizer: string, rate: number, momentum: number, count: number) => {
  const points = path(rate, momentum, count);
  return { label, optimizer, points, losses: points.map(([x, y]) => f(x, y)), learningRates: points.map((_, k) => rate * 0.99 ** k) };
};
display(viewBundle("surface", {
  version: 1, function: "rosenbrock", grid: { xs, ys, z: ys.map((y) => xs.map((x) => f(x, y))) }, logColor: true, minima: [[1, 1]],
  trajectories: [trajectory("sgd", "sgd", 0.0005, 0, 120), trajectory("momentum", "momentum", 0.0002, 0.9, 120)],
}, "surface"), {});
`;
