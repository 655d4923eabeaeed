import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, variable, zeros, Newton, NEWTON_MAX_PARAMETERS, ArgumentError, GradbookError, Tensor, jit } from "../../kernel/src/index.js";

test("one undamped Newton step lands exactly on the minimum of a quadratic", () => {
  // L(w) = ½ wᵀAw − bᵀw with A = [[3, 1], [1, 2]]: minimum at A⁻¹b.
  const A = tensor([[3, 1], [1, 2]], "float64");
  const b = tensor([1, 1], "float64");
  const w = variable(tensor([5, -7], "float64"));
  const loss = () => w.value.reshape([1, 2]).matmul(A).reshape([2]).mul(w).sum().mul(0.5).sub(w.mul(b).sum());
  new Newton().minimize(loss, [w]);
  const expected = [1 / 5, 2 / 5]; // A⁻¹b
  [...w.value.dataSync()].forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-12, `${v} vs ${expected[i]}`));
});

test("Newton's method handles several variables and converges on Rosenbrock in a few steps", () => {
  const x = variable(tensor([-1.2], "float64"));
  const y = variable(tensor([1], "float64"));
  const rosen = () => tensor(1, "float64").sub(x).square().add(y.sub(x.square()).square().mul(100)).sum();
  const newton = new Newton({ damping: 1e-8 });
  let loss = Infinity;
  for (let i = 0; i < 12; i++) loss = newton.minimize(rosen, [x, y]).item();
  assert.ok(loss < 1e-10, `loss ${loss}`);
  assert.ok(Math.abs(x.value.item() - 1) < 1e-5 && Math.abs(y.value.item() - 1) < 1e-5);
  assert.equal(newton.iterations, 12);
});

test("damping shortens the step: (H + λI)⁻¹g", () => {
  const w = variable(tensor([2], "float64"));
  // L = w², H = 2, g = 4 → step 4 / (2 + 2) = 1
  new Newton({ damping: 2 }).minimize(() => w.square().sum(), [w]);
  assert.equal(w.value.item(), 1);
});

test("Newton refuses large models, singular Hessians and gradient-only steps with clear messages", () => {
  const big = variable(zeros([NEWTON_MAX_PARAMETERS + 1]));
  assert.throws(() => new Newton().minimize(() => big.sum(), [big]), (e: unknown) => e instanceof ArgumentError && /limited to 1000/.test(e.message));
  const flat = variable(tensor([1, 1], "float64"));
  assert.throws(() => new Newton().minimize(() => flat.sum(), [flat]), (e: unknown) => e instanceof GradbookError && /singular.*damping/.test(e.message));
  assert.throws(() => new Newton().step([tensor([1])] as Tensor[], [flat]), /needs the loss function/);
});

test("inside jit, Newton says it runs eagerly only (instead of failing on a symbolic read); the variable is untouched", () => {
  const w = variable(tensor([2, -1], "float64"));
  const newton = new Newton();
  const step = jit(() => newton.minimize(() => w.value.square().sum(), [w]));
  assert.throws(() => step(), (e: unknown) => e instanceof GradbookError && /Newton: runs eagerly only.*call newton\.minimize outside jit/.test(e.message));
  assert.deepEqual([...w.value.dataSync()], [2, -1]);
  assert.equal(newton.iterations, 0);
  newton.minimize(() => w.value.square().sum(), [w]);
  assert.deepEqual([...w.value.dataSync()], [0, 0], "eagerly, one step reaches the minimum of a quadratic");
});
