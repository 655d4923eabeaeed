// `npm run bench` (this part: `node scripts/bench-fashion.mjs [--quick] [--peers]`): a
// student's Fashion-MNIST CNN trained by model.fit on gradbook's default "cpu" backend and on
// Keras 3 (TensorFlow CPU, in .venv when installed; `--peers` installs it), timed as a whole
// fit. The run is the README's fit example (Adam 1e-3, batch 32, validationSplit 0.2, up to
// 20 epochs, EarlyStopping({ patience: 3, restoreBestWeights: true })) applied to the
// benchmarks' CNN (conv32-pool-conv64-pool-dense128-dense10, logits) on the bundled
// Fashion-MNIST subset (6,000 training images, scaled to [0, 1]); both sides start from the
// same weights and see the same arrays (written to build/bench-data/ for Keras). Prints the
// wall time of each fit, its epochs and seconds per epoch, the ratio gradbook / Keras and the
// accuracies (last epoch's train and validation, test after the best weights are restored);
// also written to build/bench-fashion.json. `--quick`: 1,200 images, 2 epochs.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { root, importBuiltLibrary } from "./ensure.mjs";
import { benchCnn } from "./bench-models.mjs";
import { runPythonPeers } from "./bench-python.mjs";

const quick = process.argv.includes("--quick");
const peers = process.argv.includes("--peers");
const gb = await importBuiltLibrary();

const config = { samples: quick ? 1200 : 6000, testSamples: 1000, epochs: quick ? 2 : 20, batchSize: 32, validationSplit: 0.2, patience: 3, learningRate: 1e-3 };
const loadAverage = { before: loadavg() };

gb.seed(0);
const train = gb.loadFashionMnist({ limit: config.samples });
const test = gb.loadFashionMnist({ subset: "test", limit: config.testSamples });
const x = train.x.reshape([-1, 28, 28, 1]);
const xTest = test.x.reshape([-1, 28, 28, 1]);
const model = benchCnn(gb);
const initialWeights = model.getWeights();

// The same arrays and starting weights for Keras.
const dataDir = join(root, "build", "bench-data");
mkdirSync(dataDir, { recursive: true });
const save = (name, tensor) => {
  const values = tensor.dataSync();
  writeFileSync(join(dataDir, `${name}.bin`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
};
save("fashion-x", x);
save("fashion-y", train.y);
save("fashion-test-x", xTest);
save("fashion-test-y", test.y);
initialWeights.forEach((w, i) => save(`fashion-w${i}`, w));
writeFileSync(join(dataDir, "fashion.json"), JSON.stringify({ ...config, weightShapes: initialWeights.map((w) => w.shape) }));

/** Held-out accuracy from predict(), computed here rather than by the library's metric. */
function accuracy(predictions, labels) {
  const predicted = predictions.argmax(-1).dataSync();
  const truth = labels.dataSync();
  return truth.reduce((right, label, i) => right + (Number(predicted[i]) === Number(label) ? 1 : 0), 0) / truth.length;
}

/** gradbook: model.fit as a user calls it in a notebook (progress off, like Keras's verbose=0). */
async function gradbook() {
  model.compile({ optimizer: new gb.Adam({ learningRate: config.learningRate }), loss: new gb.losses.SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ["accuracy"] });
  const epochSeconds = [];
  let epochStart = 0;
  const timer = new gb.LambdaCallback({ onEpochBegin: () => void (epochStart = performance.now()), onEpochEnd: () => void epochSeconds.push((performance.now() - epochStart) / 1000) });
  const started = performance.now();
  const history = await model.fit(x, train.y, {
    epochs: config.epochs, batchSize: config.batchSize, validationSplit: config.validationSplit, verbose: 0,
    callbacks: [new gb.EarlyStopping({ patience: config.patience, restoreBestWeights: true }), timer],
  });
  const fitSeconds = (performance.now() - started) / 1000;
  const testAccuracy = gb.tidy(() => accuracy(model.predict(xTest), test.y));
  return { fitSeconds, epochSeconds, threads: gb.getBackend().maxThreads, backend: gb.getBackend().name, testAccuracy, history: history.history };
}

const columns = { gradbook: await gradbook(), ...runPythonPeers("bench_fashion.py", [dataDir], { install: peers, peers: ["Keras"] }) };
loadAverage.after = loadavg();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
/** Seconds per epoch after the first (the first holds Keras's tracing and gradbook's warm-up). */
const steadyEpoch = (r) => median(r.epochSeconds.length > 1 ? r.epochSeconds.slice(1) : r.epochSeconds);
const pad = (s, n) => String(s).padEnd(n);
const percent = (v) => (v === undefined ? "n/a" : `${(100 * v).toFixed(1)}%`);
console.log(`\nFashion-MNIST CNN conv32-pool-conv64-pool-dense128-dense10, ${config.samples} bundled training images ` +
  `(validationSplit ${config.validationSplit}), batch ${config.batchSize}, Adam ${config.learningRate}, ≤ ${config.epochs} epochs, ` +
  `EarlyStopping(patience ${config.patience}, restoreBestWeights); test: ${config.testSamples} bundled test images\n`);
console.log(["", "fit (s)", "epochs", "s/epoch 1st", "s/epoch rest", "train acc", "val acc", "test acc", "threads"].map((h, i) => pad(h, i ? 14 : 12)).join(""));
for (const [name, r] of Object.entries(columns)) {
  if (r.error) {
    console.log(`${pad(name, 12)}not measured: ${r.error}`);
    continue;
  }
  const h = r.history;
  console.log([name, r.fitSeconds.toFixed(1), r.epochSeconds.length, r.epochSeconds[0].toFixed(2), steadyEpoch(r).toFixed(2), percent(h.accuracy?.at(-1)), percent(h.val_accuracy?.at(-1)), percent(r.testAccuracy), r.threads].map((c, i) => pad(c, i ? 14 : 12)).join(""));
}
const keras = columns.Keras;
const ratios = keras.error ? undefined : { fit: columns.gradbook.fitSeconds / keras.fitSeconds, epoch: steadyEpoch(columns.gradbook) / steadyEpoch(keras) };
if (ratios) console.log(`\ngradbook / Keras: whole fit ${ratios.fit.toFixed(2)}×, per epoch after the first (median) ${ratios.epoch.toFixed(2)}× (target ≤ 2×)`);
console.log(`load average (1 min) before ${loadAverage.before[0].toFixed(2)}, after ${loadAverage.after[0].toFixed(2)}`);
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build", "bench-fashion.json"), JSON.stringify({ date: new Date().toISOString(), quick, config, loadAverage, ratios, columns }, null, 1));
