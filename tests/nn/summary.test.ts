// model.summary(): the Keras table (Layer (type) | Output Shape | Param # [| Connected to]) and totals,
// as text and escaped HTML. Parameter counts are worked out by hand from the layer sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Dense, BatchNormalization, Concatenate, Model, input, model, sequential, mimeBundleOf, randomNormal, type Tensors } from "../../kernel/src/index.js";

const rowOf = (text: string, start: string): string => text.split("\n").find((l) => l.trimStart().startsWith(start)) ?? assert.fail(`no row "${start}" in\n${text}`);

test("sequential MLP: shapes, per-layer counts and totals with sizes", () => {
  const m = sequential([new Dense({ units: 8, activation: "relu", inputShape: [4], name: "hidden" }), new Dense({ units: 3, name: "logits" })], { name: "mlp" });
  const s = m.summary({ print: false });
  const text = String(s);
  assert.match(text, /^Model: "mlp"\n/);
  assert.match(text, /Layer \(type\) +Output Shape +Param #/);
  assert.doesNotMatch(text, /Connected to/);
  // 4·8 + 8 = 40; 8·3 + 3 = 27; total 67 float32 = 268 bytes
  assert.match(rowOf(text, "hidden (Dense)"), /^ hidden \(Dense\) +\(None, 8\) +40$/);
  assert.match(rowOf(text, "logits (Dense)"), /\(None, 3\) +27$/);
  assert.match(text, /Total params: 67 \(268\.00 B\)\nTrainable params: 67 \(268\.00 B\)\nNon-trainable params: 0 \(0\.00 B\)/);
  assert.deepEqual(s.rows.map((r) => [r.name, r.type, r.outputShape, r.params]), [["hidden", "Dense", "(None, 8)", 40], ["logits", "Dense", "(None, 3)", 27]]);
  assert.deepEqual({ total: s.totals.total, trainable: s.totals.trainable, nonTrainable: s.totals.nonTrainable }, { total: 67, trainable: 67, nonTrainable: 0 });
});

test("non-trainable weights, thousands separators and KB sizes", () => {
  const m = sequential([new Dense({ units: 100, inputShape: [100] }), new BatchNormalization({ name: "bn" })]);
  const text = String(m.summary({ print: false }));
  // dense 100·100 + 100 = 10,100; bn 4·100 = 400 (gamma, beta trainable; moving mean/variance not)
  assert.match(text, /\(None, 100\) +10,100/);
  assert.match(rowOf(text, "bn (BatchNormalization)"), /400$/);
  // 10,500 · 4 B = 42,000 B = 41.02 KB; trainable 10,300 → 40.23 KB; non-trainable 200 → 800 B
  assert.match(text, /Total params: 10,500 \(41\.02 KB\)/);
  assert.match(text, /Trainable params: 10,300 \(40\.23 KB\)/);
  assert.match(text, /Non-trainable params: 200 \(800\.00 B\)/);
});

test("functional model with two inputs: InputLayer rows and a Connected to column", () => {
  const a = input({ shape: [3], name: "a" });
  const b = input({ shape: [2], name: "b" });
  const h = new Dense({ units: 4, name: "ha" }).apply(a);
  const joined = new Concatenate({ name: "join" }).apply([h, b]);
  const m = model({ inputs: [a, b], outputs: new Dense({ units: 1, name: "out" }).apply(joined), name: "two_inputs" });
  const s = m.summary({ print: false });
  const text = String(s);
  assert.match(text, /Layer \(type\) +Output Shape +Param # +Connected to/);
  assert.match(rowOf(text, "a (InputLayer)"), /\(None, 3\) +0 +-$/);
  assert.match(rowOf(text, "ha (Dense)"), /\(None, 4\) +16 +a\[0\]\[0\]$/); // 3·4 + 4
  assert.match(rowOf(text, "join (Concatenate)"), /\(None, 6\) +0 +ha\[0\]\[0\]$/);
  const lines = text.split("\n");
  const joinLine = lines.findIndex((l) => l.includes("join (Concatenate)"));
  assert.match(lines[joinLine + 1]!, /^ +b\[0\]\[0\]$/); // second inbound tensor on the next line
  assert.match(rowOf(text, "out (Dense)"), /\(None, 1\) +7 +join\[0\]\[0\]$/); // 6 + 1
  assert.match(text, /Total params: 23 /);
  assert.deepEqual(s.rows.find((r) => r.name === "join")!.connectedTo, ["ha[0][0]", "b[0][0]"]);
});

test("a functional chain has no Connected to column", () => {
  const x = input({ shape: [2] });
  const m = model({ inputs: x, outputs: new Dense({ units: 1 }).apply(new Dense({ units: 3 }).apply(x)) });
  assert.doesNotMatch(String(m.summary({ print: false })), /Connected to/);
});

class Net extends Model {
  first = new Dense({ units: 5, name: "first" });
  second = new Dense({ units: 2, name: "second" });
  override call(x: Tensors): Tensors {
    return this.second.apply(this.first.apply(x));
  }
}

test("subclassed model: unknown shapes before the first call, known after", () => {
  const m = new Net();
  const before = String(m.summary({ print: false }));
  assert.match(rowOf(before, "first (Dense)"), /\? +0 \(unbuilt\)$/);
  assert.match(before, /Total params: 0 /);
  m.apply(randomNormal([3, 4]));
  const after = String(m.summary({ print: false }));
  assert.match(rowOf(after, "first (Dense)"), /\(None, 5\) +25$/); // 4·5 + 5
  assert.match(rowOf(after, "second (Dense)"), /\(None, 2\) +12$/); // 5·2 + 2
  assert.match(after, /Total params: 37 /);
});

test("HTML: a table with every text escaped; the MIME bundle and toString", () => {
  const m = sequential([new Dense({ units: 2, inputShape: [2], name: "<b>&'x'" })], { name: 'a"b' });
  const s = m.summary({ print: false });
  const bundle = (s as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("gradbook.mimebundle")]!();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.equal(bundle["text/plain"], String(s));
  const html = bundle["text/html"]!;
  assert.match(html, /<table[^>]*>.*<th[^>]*>Layer \(type\)<\/th><th[^>]*>Output Shape<\/th><th[^>]*>Param #<\/th>/);
  assert.ok(html.includes("&lt;b&gt;&amp;&#39;x&#39; (Dense)"));
  assert.ok(html.includes("Model: &quot;a&quot;b&quot;"));
  assert.ok(!html.includes("<b>&"));
  assert.match(html, /<td[^>]*>\(None, 2\)<\/td><td[^>]*>6<\/td>/);
  assert.match(html, /Total params: 6 \(24\.00 B\)/);
  // how the notebook shows a cell's last expression
  assert.equal(mimeBundleOf(s)["text/html"], html);
});

test("summary() prints the text with console.log outside a notebook, unless print: false", () => {
  const m = sequential([new Dense({ units: 1, inputShape: [1] })]);
  const printed: unknown[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void printed.push(...args);
  try {
    const s = m.summary();
    m.summary({ print: false });
    assert.deepEqual(printed, [String(s)]);
  } finally {
    console.log = original;
  }
});
