import { test } from "node:test";
import assert from "node:assert/strict";
import { finalMetrics, formatTick, heatmapMatrix, parallelAxes, rankRuns, sortRuns } from "../../../extension/src/sweep/model.js";
import { sweepPayload } from "./fixtures.js";

test("rankRuns orders by the metric and its goal, runs without it last", () => {
  const payload = sweepPayload();
  assert.deepEqual(rankRuns(payload), ["r2", "r3", "r0", "r4", "r1", "r5"]);
  assert.deepEqual(rankRuns({ ...payload, goal: "max" }).slice(0, 2), ["r1", "r0"]);
  assert.deepEqual(finalMetrics(payload), ["val_loss", "accuracy"]);
});

test("sortRuns by a parameter, both directions, with missing values last", () => {
  const payload = sweepPayload();
  const ids = (descending: boolean) => sortRuns(payload, { column: { kind: "param", name: "batchSize" }, descending }).map((run) => run.id);
  assert.deepEqual(ids(false), ["r0", "r2", "r4", "r1", "r3", "r5"]);
  assert.deepEqual(ids(true), ["r1", "r3", "r5", "r0", "r2", "r4"]);
  const byMetric = sortRuns(payload, { column: { kind: "final", name: "val_loss" }, descending: true }).map((run) => run.id);
  assert.equal(byMetric.at(-1), "r5");
});

test("heatmapMatrix puts each run's metric at its two parameter values", () => {
  const matrix = heatmapMatrix(sweepPayload(), "learningRate", "batchSize");
  assert.deepEqual(matrix.x, ["0.001", "0.01", "0.1"]);
  assert.deepEqual(matrix.y, ["32", "128"]);
  assert.equal(matrix.z[0]![1], 0.032);
  assert.equal(matrix.z[1]![2], null); // r5 failed
  assert.equal(matrix.ids[0]![1], "r2");
});

test("parallelAxes: log axis for a learning rate, categories for strings, the metric last", () => {
  const axes = parallelAxes(sweepPayload({ parameters: 4 }));
  assert.deepEqual(axes.map((a) => `${a.name}:${a.source}`), ["learningRate:param", "batchSize:param", "optimizer:param", "units:param", "val_loss:metric"]);
  assert.equal(axes[0]!.position(0.01), 0.5);
  assert.deepEqual(axes[2]!.ticks.map((t) => t.label), ["adam", "sgd"]);
  assert.equal(axes[2]!.position("sgd"), 1);
  assert.equal(axes[1]!.position(undefined), undefined);
});

test("formatTick", () => {
  assert.equal(formatTick(0.001), "0.001");
  assert.equal(formatTick(0.0001), "1e-4");
  assert.equal(formatTick(12345), "1.23e+4");
  assert.equal(formatTick(0.12345), "0.123");
});
