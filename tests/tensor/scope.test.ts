import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, memory, Tensor, GradbookError } from "../../kernel/src/index.js";
import { tidy, keep, dispose } from "../../kernel/src/tensor/scope.js";

const heldTensors = Symbol.for("gradbook.tensors");

/** A composite value like RaggedTensor/SparseTensor: it lists its tensors under the symbol. */
class Pair {
  constructor(readonly a: Tensor, readonly b: Tensor) {}
  [heldTensors](): Tensor[] {
    return [this.a, this.b];
  }
}

test("tidy disposes the intermediates and keeps the returned tensor", () => {
  const x = tensor([1, 2, 3]);
  const before = memory().numTensors;
  let intermediate: Tensor | undefined;
  const y = tidy(() => {
    intermediate = x.mul(2);
    return intermediate.add(1);
  });
  assert.ok(intermediate!.isDisposed);
  assert.ok(!y.isDisposed);
  assert.ok(!x.isDisposed, "tensors from outside the scope are untouched");
  assert.deepEqual(y.arraySync(), [3, 5, 7]);
  assert.equal(memory().numTensors, before + 1);
  y.dispose();
  x.dispose();
});

test("tidy keeps tensors returned inside nested arrays and plain objects", () => {
  const before = memory().numTensors;
  let dropped: Tensor | undefined;
  const out = tidy(() => {
    dropped = tensor([0]);
    return { a: tensor([1]), nested: [tensor([2]), { deep: [tensor([3])] }], n: 4, s: "x", nothing: null };
  });
  assert.ok(dropped!.isDisposed);
  assert.deepEqual(out.a.arraySync(), [1]);
  assert.deepEqual((out.nested[0] as Tensor).arraySync(), [2]);
  const deep = (out.nested[1] as { deep: Tensor[] }).deep[0]!;
  assert.deepEqual(deep.arraySync(), [3]);
  assert.equal(memory().numTensors, before + 3);
  dispose(out);
  assert.equal(memory().numTensors, before);
  assert.ok(out.a.isDisposed && deep.isDisposed);
});

test("tidy keeps the tensors of a composite value (Symbol.for('gradbook.tensors'))", () => {
  const before = memory().numTensors;
  let temp: Tensor | undefined;
  const pair = tidy(() => {
    temp = tensor([9]);
    return new Pair(tensor([1]), temp.add(1));
  });
  assert.ok(temp!.isDisposed);
  assert.ok(!pair.a.isDisposed && !pair.b.isDisposed);
  assert.deepEqual(pair.b.arraySync(), [10]);
  // Composites inside arrays and objects are found too.
  const wrapped = tidy(() => ({ list: [new Pair(tensor([5]), tensor([6]))] }));
  assert.ok(!wrapped.list[0]!.a.isDisposed);
  dispose([pair, wrapped]);
  assert.ok(pair.a.isDisposed && pair.b.isDisposed && wrapped.list[0]!.b.isDisposed);
  assert.equal(memory().numTensors, before);
});

test("tidy does not look inside class instances that are not composites", () => {
  class Box {
    constructor(readonly t: Tensor) {}
  }
  const box = tidy(() => new Box(tensor([1])));
  assert.ok(box.t.isDisposed, "only arrays, plain objects and composite values are searched");
});

test("keep() exempts a tensor from the enclosing tidy; it lives until dispose()", () => {
  const before = memory().numTensors;
  let kept: Tensor | undefined;
  let other: Tensor | undefined;
  tidy(() => {
    other = tensor([1, 2]);
    kept = keep(other.mul(3));
    assert.equal(kept.kept, true);
  });
  assert.ok(other!.isDisposed);
  assert.ok(!kept!.isDisposed);
  assert.deepEqual(kept!.arraySync(), [3, 6]);
  dispose(kept);
  assert.ok(kept!.isDisposed);
  assert.equal(memory().numTensors, before);
});

test("nested tidy: the inner result survives into the outer scope and is freed there", () => {
  const before = memory().numTensors;
  let inner: Tensor | undefined;
  let innerTemp: Tensor | undefined;
  const outer = tidy(() => {
    inner = tidy(() => {
      innerTemp = tensor([1]);
      return innerTemp.add(1);
    });
    assert.ok(innerTemp!.isDisposed);
    assert.ok(!inner.isDisposed);
    return inner.mul(10);
  });
  assert.ok(inner!.isDisposed, "the inner result moved to the outer scope, which did not return it");
  assert.deepEqual(outer.arraySync(), [20]);
  outer.dispose();
  assert.equal(memory().numTensors, before);
});

test("tidy disposes its tensors and rethrows when fn throws", () => {
  const before = memory().numTensors;
  let made: Tensor | undefined;
  assert.throws(
    () =>
      tidy(() => {
        made = tensor([1]);
        throw new RangeError("boom");
      }),
    RangeError,
  );
  assert.ok(made!.isDisposed);
  assert.equal(memory().numTensors, before);
  // The scope stack is balanced again: a later tidy works normally.
  const t = tidy(() => tensor([2]));
  assert.ok(!t.isDisposed);
  t.dispose();
});

test("tidy refuses an async function and frees what it made", async () => {
  const before = memory().numTensors;
  let made: Tensor | undefined;
  let pending: Promise<unknown> | undefined;
  assert.throws(
    () =>
      tidy(() => {
        made = tensor([1]);
        pending = Promise.resolve();
        return pending;
      }),
    (e: unknown) => e instanceof GradbookError && /tidy: the function returned a Promise/.test(e.message),
  );
  await pending;
  assert.ok(made!.isDisposed);
  assert.equal(memory().numTensors, before);
});

test("dispose takes tensors, arrays, objects and ignores other values; it is idempotent", () => {
  const a = tensor([1]);
  const b = tensor([2]);
  const before = memory().numTensors;
  dispose({ list: [a], b, n: 1, s: "x", nothing: null, undef: undefined });
  assert.ok(a.isDisposed && b.isDisposed);
  assert.equal(memory().numTensors, before - 2);
  dispose([a, a, b]);
  assert.equal(memory().numTensors, before - 2, "disposing again changes nothing");
  dispose(undefined);
  dispose(42);
});
