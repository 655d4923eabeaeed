import { test } from "node:test";
import assert from "node:assert/strict";
import { sequential, Dense, SGD } from "../../../kernel/src/index.js";
import { sweep, sweepConfigurations } from "../../../kernel/src/viz/sweep/sweep.js";
import { sweepBundle } from "../../../kernel/src/viz/sweep/sweep-bundle.js";
import { logUniform } from "../../../kernel/src/viz/sweep/search-space.js";
import { mimeTypeOf, validatePayload, type SweepPayload } from "../../../kernel/src/viz/payloads.js";
import { smallProblem } from "../helpers/fit.js";
import { fakeClock, recordingSink } from "../helpers/sink.js";

const MIME = mimeTypeOf("sweep");

test("results come back sorted by the metric, failures last, and the live view ends with every run", async () => {
  const { sent, restore } = recordingSink();
  try {
    const clock = fakeClock();
    const results = await sweep({
      parameters: { a: [3, 1, 2], b: ["x", "y"] },
      train: ({ a, b }) => {
        if (a === 2 && b === "y") throw new Error("out of memory");
        return { loss: [10, a], val_loss: [11, a + (b === "y" ? 0.5 : 0)], val_accuracy: [0.5, 1 / a] };
      },
      now: clock.now,
    });
    assert.deepEqual(results.map((r) => [r.params.a, r.params.b, r.status]), [
      [1, "x", "done"], [1, "y", "done"], [2, "x", "done"], [3, "x", "done"], [3, "y", "done"], [2, "y", "failed"],
    ]);
    assert.equal(results[0]!.value, 1);
    assert.deepEqual(results[0]!.curves.val_loss, [11, 1]);
    assert.match(results.at(-1)!.error!, /out of memory/);
    assert.ok(Number.isNaN(results.at(-1)!.value));
    assert.equal(new Set(sent.map((s) => s.displayId)).size, 1);
    const last = validatePayload("sweep", sent.at(-1)!.data[MIME]);
    assert.ok(last.ok);
    const payload = last.payload as SweepPayload;
    assert.deepEqual([payload.metric, payload.goal], ["val_loss", "min"]);
    assert.deepEqual(payload.parameters, ["a", "b"]);
    assert.deepEqual(payload.runs.map((r) => r.status), ["done", "done", "done", "done", "done", "failed"]);
    assert.match(sent.at(-1)!.data["text/plain"] as string, /best: run3 \(a=1, b=x\) val_loss = 1/);
  } finally {
    restore();
  }
});

test("a goal of max ranks the highest first", async () => {
  const results = await sweep({ parameters: { a: [1, 2, 3] }, train: ({ a }) => ({ val_accuracy: [a] }), metric: "val_accuracy", display: false });
  assert.deepEqual(results.map((r) => r.params.a), [3, 2, 1]);
});

test("random search runs `trials` configurations; grid with a distribution is refused", () => {
  assert.equal(sweepConfigurations({ parameters: { lr: logUniform(1e-3, 1), units: [4, 8] }, trials: 7, seed: 1 }).length, 7);
  assert.equal(sweepConfigurations({ parameters: { units: [4, 8] }, search: "random", trials: 3 }).length, 3);
  assert.throws(() => sweepConfigurations({ parameters: { lr: logUniform(1e-3, 1) }, search: "grid" }), /grid search/);
});

test("sweep trains compiled models with fit and ranks them by val_loss", async () => {
  const { x, y } = smallProblem();
  const results = await sweep({
    parameters: { learningRate: [0.1, 0.0001], units: [4] },
    build: ({ learningRate, units }) => {
      const m = sequential([new Dense({ units, activation: "tanh", inputShape: [3] }), new Dense({ units: 1 })]);
      m.compile({ optimizer: new SGD({ learningRate }), loss: "meanSquaredError" });
      return m;
    },
    fit: { x, y, epochs: 3, batchSize: 16, validationSplit: 0.25 },
    display: false,
  });
  assert.equal(results.length, 2);
  assert.ok(results.every((r) => r.status === "done" && r.curves.val_loss!.length === 3 && r.model));
  assert.ok(results[0]!.value <= results[1]!.value);
  assert.equal(results[0]!.value, results[0]!.curves.val_loss!.at(-1));
});

test("the sweep bundle validates and escapes parameter values and titles", () => {
  const payload: SweepPayload = {
    version: 1,
    title: "<script>t</script>",
    parameters: ["act"],
    metric: "loss",
    goal: "min",
    runs: [{ id: "run1", params: { act: "<script>alert(1)</script>" }, status: "done", final: { loss: 0.5 }, curves: { loss: [1, 0.5] } }],
  };
  const bundle = sweepBundle(payload);
  assert.ok(validatePayload("sweep", bundle[MIME]).ok);
  for (const type of ["image/svg+xml", "text/html"]) {
    assert.ok(!(bundle[type] as string).includes("<script"), type);
    assert.ok((bundle[type] as string).includes("&lt;script&gt;"), type);
  }
  assert.equal(typeof bundle["text/plain"], "string");
});
