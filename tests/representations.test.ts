import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  sequential, input, tensor, variable, Dense, Dropout, Adam, SGD, Dataset, EarlyStopping, ReduceLROnPlateau, ExponentialDecay, getLoss, getMetric,
  getInitializer, getRegularizer, getConstraint, mimeBundleOf,
} from "../kernel/src/index.js";

function compiledModel() {
  const m = sequential([new Dense({ units: 4, inputShape: [3], activation: "relu" }), new Dropout({ rate: 0.1 }), new Dense({ units: 2 })]);
  m.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: "mse", metrics: ["mae"] });
  return m;
}

test("a History shows one line with each metric's first and last value, not its model and weights", async () => {
  const m = compiledModel();
  const history = await m.fit(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 2], [3, 4]]), { epochs: 3, verbose: 0 });
  const text = inspect(history);
  assert.match(text, /^History: 3 epochs \(loss [\d.e+-]+ → [\d.e+-]+, mae [\d.e+-]+ → [\d.e+-]+\); the values are in \.history$/);
  const bundle = mimeBundleOf(history);
  assert.equal(bundle["text/plain"], text);
  assert.ok(!String(bundle["text/html"]).includes("Tensor"), "no weights in the HTML either");
});

test("a built model shows its summary (text and HTML table); an unbuilt one says how to build it", () => {
  const m = compiledModel();
  const bundle = mimeBundleOf(m);
  const summary = m.summary({ print: false });
  assert.equal(bundle["text/plain"], summary.text);
  assert.equal(bundle["text/html"], summary.html);
  assert.equal(inspect(m), summary.text);
  assert.match(inspect(sequential([new Dense({ units: 2 })])), /^Sequential "sequential_?\d*" with 1 layer\(s\), not built yet: give the first layer an inputShape/);
});

test("every other library object shows one short line naming its class, in util.inspect and as a cell value", () => {
  const m = compiledModel();
  const objects: [unknown, RegExp][] = [
    [m.layers[0], /^Dense "dense_?\d*": output \(None, 4\), 16 parameters$/],
    [new Dense({ units: 3 }), /^Dense "dense_?\d*" \(not built yet\)$/],
    [new Adam({ learningRate: 0.01 }), /^Adam\(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false\), 0 steps taken$/],
    [new SGD({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }) }), /^SGD\(learningRate: ExponentialDecay, momentum: 0, nesterov: false\)/],
    [new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), /^ExponentialDecay\(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5/],
    [Dataset.fromTensors(tensor([[1], [2], [3]])).batch(2), /^Dataset \(2 elements per pass\)$/],
    [new EarlyStopping({ patience: 2 }), /^EarlyStopping\(monitor: "val_loss", .*patience: 2/],
    [new ReduceLROnPlateau(), /^ReduceLROnPlateau\(/],
    [getLoss("mse"), /^MeanSquaredError\(name: "mean_squared_error"\)$/],
    [getMetric("mae"), /^MeanAbsoluteError\(name: "mae"\)$/],
    [getInitializer("heNormal"), /^HeNormal\(/],
    [getRegularizer("l2"), /^L2\(/],
    [getConstraint("nonNeg"), /^NonNeg\(/],
    [input({ shape: [3], name: "features" }), /^SymbolicTensor "features" shape \[None, 3\] float32$/],
  ];
  for (const [object, pattern] of objects) {
    const text = inspect(object);
    assert.match(text, pattern);
    assert.ok(text.length <= 200 && !text.includes("\n"), text);
    const bundle = mimeBundleOf(object);
    assert.equal(bundle["text/plain"], text);
    assert.equal(typeof bundle["text/html"], "string");
  }
});

test("a variable shows its name and value, with an HTML table for ranks up to 2", () => {
  const w = variable(tensor([[1, 2]]), { name: "w", trainable: false });
  assert.match(inspect(w), /^Variable "w" Tensor float32 \[1, 2\]\n\[\[1\., 2\.\]\]$/);
  const html = String(mimeBundleOf(w)["text/html"]);
  assert.match(html, /^<div>Variable &quot;w&quot; \(not trainable\)<\/div><table/);
});

test("after setLocale(\"ru\") the short representations read in Russian (History, optimizer, layer, unbuilt model, variable, dataset)", async () => {
  const { setLocale } = await import("../kernel/src/index.js");
  const { resetLocale } = await import("../kernel/src/locale/locale.js");
  setLocale("ru");
  try {
    const m = compiledModel();
    const history = await m.fit(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 0], [0, 1]]), { epochs: 2, verbose: 0 });
    assert.match(inspect(history), /^History: эпох: 2 \(loss .* → .*\); значения — в \.history$/);
    assert.match(inspect(new SGD({ learningRate: 0.1 })), /сделано шагов: 0$/);
    assert.match(inspect(m.layers[0]), /^Dense "[^"]+": выход \(None, 4\), параметров: 16$/);
    assert.match(inspect(sequential([new Dense({ units: 2 })])), /слоёв: 1, ещё не построена: задайте первому слою inputShape/);
    assert.match(String(mimeBundleOf(variable(tensor([1]), { name: "w", trainable: false }))["text/html"]), /^<div>Переменная &quot;w&quot; \(не обучается\)<\/div>/);
    assert.equal(inspect(Dataset.fromArrays([1, 2, 3])), "Dataset (элементов за проход: 3)");
  } finally {
    resetLocale();
  }
});
