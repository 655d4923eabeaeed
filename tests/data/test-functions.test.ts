import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, grad, rosenbrock, beale, saddle, ravine, rotatedRavine, himmelblau, testFunctions, ShapeError } from "../../kernel/src/index.js";
import { assertClose } from "../helpers/gradcheck.js";

const at = (p: [number, number]) => tensor(p, "float64");

test("every minimum has value 0 and gradient 0 (by autograd)", () => {
  for (const [name, info] of Object.entries(testFunctions)) {
    for (const point of info.stationaryPoints) {
      const value = info.fn(at(point)).item();
      assert.ok(Math.abs(value - info.minimumValue) < 1e-9, `${name} at ${point}: ${value}`);
      const g = grad(info.fn)(at(point)).arraySync() as number[];
      // Himmelblau's three irrational minima are given to 6 decimals.
      const tolerance = name === "himmelblau" ? 1e-3 : 1e-12;
      assert.ok(g.every((v) => Math.abs(v) < tolerance), `${name} gradient at ${point}: ${g}`);
    }
  }
  assert.deepEqual(testFunctions.saddle.minima, []);
});

test("gradients away from the minimum match the analytic formulas", () => {
  const [x, y] = [-1.2, 1];
  assertClose(grad(rosenbrock)(at([x, y])).arraySync(), [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], 1e-9);
  assertClose(grad(saddle)(at([0.5, -2])).arraySync(), [1, 4], 1e-12);
  assertClose(grad(ravine)(at([3, 0.1])).arraySync(), [6, 20], 1e-12);
  // Rotated ravine: f = (x+y)²/2 + 50(x−y)²; ∂x = (x+y) + 100(x−y), ∂y = (x+y) − 100(x−y).
  assertClose(grad(rotatedRavine)(at([1, 0])).arraySync(), [101, -99], 1e-9);
  const [a, b] = [1, 1];
  const t1 = 1.5 - a + a * b;
  const t2 = 2.25 - a + a * b * b;
  const t3 = 2.625 - a + a * b ** 3;
  const dx = 2 * t1 * (b - 1) + 2 * t2 * (b * b - 1) + 2 * t3 * (b ** 3 - 1);
  const dy = 2 * t1 * a + 2 * t2 * 2 * a * b + 2 * t3 * 3 * a * b * b;
  assertClose(grad(beale)(at([a, b])).arraySync(), [dx, dy], 1e-9);
  assertClose(grad(himmelblau)(at([0, 0])).arraySync(), [-14, -22], 1e-9);
});

test("a grid of points [..., 2] evaluates at once, and f(x, y) agrees with f([x, y])", () => {
  const grid = tensor([[[0, 0], [1, 1]], [[2, 1], [-1, 2]]]);
  const values = rosenbrock(grid);
  assert.deepEqual(values.shape, [2, 2]);
  assertClose(values.arraySync(), [[1, 0], [1 + 100 * 9, 4 + 100 * 1]], 1e-4);
  const xs = tensor([0, 1, 2, -1]);
  const ys = tensor([0, 1, 1, 2]);
  assertClose(beale(xs, ys).arraySync(), (beale(tensor([[0, 0], [1, 1], [2, 1], [-1, 2]])).arraySync()), 1e-4);
  assert.equal(saddle(tensor([1, 2])).item(), -3);
  assert.equal(ravine(tensor([1, 0.5])).item(), 26);
});

test("points without a last axis of 2 are refused with the fix", () => {
  assert.throws(() => rosenbrock(tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /rosenbrock: expected points with a last axis of 2 \(x, y\), got shape \[3\]/.test(e.message));
});
