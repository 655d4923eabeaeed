import { test } from "node:test";
import { tensor, metrics } from "../../../kernel/src/index.js";
import { assertClose } from "../../helpers/gradcheck.js";

test("MeanSquaredError and MeanAbsoluteError metrics: weighted means of per-sample errors over batches", () => {
  const mse = new metrics.MeanSquaredError();
  const mae = new metrics.MeanAbsoluteError();
  for (const m of [mse, mae]) {
    m.update(tensor([[1, 2], [0, 0]]), tensor([[2, 4], [0, 1]]), tensor([1, 3])); // errors (1, 2) and (0, 1)
    m.update(tensor([3]), tensor([0])); // rank-1: one value per sample, error 3
  }
  assertClose(mse.result(), ((1 + 4) / 2 + 3 * (1 / 2) + 9) / 5);
  assertClose(mae.result(), ((1 + 2) / 2 + 3 * (1 / 2) + 3) / 5);
});
