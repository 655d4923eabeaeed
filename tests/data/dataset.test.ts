import { test } from "node:test";
import assert from "node:assert/strict";
import { Dataset, isDataset, tensor, memory, type Tensor } from "../../kernel/src/index.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** A dataset of rows [i, -i] with label i, so each sample says where it came from. */
const indexed = (n: number) => Dataset.fromTensors(tensor(range(n).map((i) => [i, -i])), tensor(range(n), "int32"));
const firstColumn = (t: Tensor) => (t.arraySync() as number[][]).map((r) => r[0]!);

test("batch groups rows along a new axis; the last batch is smaller unless dropped", async () => {
  const batches = await indexed(10).batch(4).toArray();
  assert.deepEqual(batches.map((b) => b.x.shape), [[4, 2], [4, 2], [2, 2]]);
  assert.deepEqual(batches.map((b) => b.y.shape), [[4], [4], [2]]);
  assert.equal(batches[0]!.y.dtype, "int32");
  assert.deepEqual(batches[1]!.x.arraySync(), [[4, -4], [5, -5], [6, -6], [7, -7]]);
  assert.deepEqual(batches[2]!.y.arraySync(), [8, 9]);
  const dropped = indexed(10).batch(4, { dropRemainder: true });
  assert.equal(dropped.size, 2);
  assert.equal((await dropped.toArray()).length, 2);
  assert.equal(indexed(10).batch(4).size, 3);
});

test("single-tensor datasets yield rows; fromArrays converts arrays", async () => {
  const rows = await Dataset.fromTensors(tensor([[1, 2], [3, 4]])).toArray();
  assert.deepEqual(rows.map((r) => r.arraySync()), [[1, 2], [3, 4]]);
  const xor = await Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]).batch(4).toArray();
  assert.deepEqual(xor[0]!.y.arraySync(), [0, 1, 1, 0]);
  assert.throws(() => Dataset.fromTensors(tensor([1, 2]), tensor([1, 2, 3])), /x has 2 samples .* but y has 3/);
});

test("shuffle with a seed: every pass is a permutation, passes differ, runs repeat", async () => {
  const make = () => indexed(30).shuffle(30, { seed: 9 }).batch(30);
  const ds = make();
  const first = firstColumn((await ds.toArray())[0]!.x);
  const second = firstColumn((await ds.toArray())[0]!.x);
  assert.deepEqual([...first].sort((a, b) => a - b), range(30));
  assert.deepEqual([...second].sort((a, b) => a - b), range(30));
  assert.notDeepEqual(first, second);
  assert.notDeepEqual(first, range(30));
  const rerun = make();
  assert.deepEqual(firstColumn((await rerun.toArray())[0]!.x), first);
  assert.deepEqual(firstColumn((await rerun.toArray())[0]!.x), second);
  const fixed = indexed(30).shuffle(30, { seed: 9, reshuffleEachIteration: false }).batch(30);
  assert.deepEqual(firstColumn((await fixed.toArray())[0]!.x), firstColumn((await fixed.toArray())[0]!.x));
});

test("x and y stay paired through shuffle and batch", async () => {
  for await (const { x, y } of indexed(25).shuffle(8, { seed: 1 }).batch(7)) {
    assert.deepEqual(firstColumn(x), y.arraySync());
  }
});

test("a small shuffle buffer only moves elements within its window", async () => {
  const order = await Dataset.fromItems(range(100)).shuffle(5, { seed: 2 }).toArray();
  assert.deepEqual([...order].sort((a, b) => a - b), range(100));
  // With a buffer of 5, element i cannot appear before position i - 4.
  order.forEach((v, position) => assert.ok(position >= v - 4, `${v} at ${position}`));
  assert.deepEqual(await Dataset.fromItems(range(10)).shuffle(1, { seed: 2 }).toArray(), range(10));
});

test("repeat, take and skip", async () => {
  assert.deepEqual(await Dataset.fromItems([1, 2, 3]).repeat(2).toArray(), [1, 2, 3, 1, 2, 3]);
  assert.deepEqual(await Dataset.fromItems([1, 2, 3]).repeat().take(7).toArray(), [1, 2, 3, 1, 2, 3, 1]);
  assert.deepEqual(await Dataset.fromItems([1, 2, 3]).skip(1).toArray(), [2, 3]);
  assert.deepEqual(await Dataset.fromItems([1, 2, 3]).skip(5).toArray(), []);
  assert.deepEqual(await Dataset.fromItems([1, 2, 3]).take(0).toArray(), []);
  assert.deepEqual(await Dataset.fromItems([]).repeat().take(3).toArray(), []);
  assert.equal(Dataset.fromItems([1, 2, 3]).repeat().size, Infinity);
  assert.equal(Dataset.fromItems([1, 2, 3]).repeat(4).skip(2).take(5).size, 5);
  await assert.rejects(Dataset.fromItems([1]).repeat().toArray(), /endless/);
  // Shuffle before repeat: each repetition has its own order.
  const twice = await Dataset.fromItems(range(20)).shuffle(20, { seed: 4 }).repeat(2).toArray();
  assert.notDeepEqual(twice.slice(0, 20), twice.slice(20));
  assert.deepEqual([...twice.slice(20)].sort((a, b) => a - b), range(20));
});

test("map, filter, fromGenerator and stacking of plain elements", async () => {
  const scaled = await indexed(4).map(({ x, y }) => ({ x: x.mul(10), y })).batch(2).toArray();
  assert.deepEqual(scaled[1]!.x.arraySync(), [[20, -20], [30, -30]]);
  assert.deepEqual(await Dataset.fromItems(range(6)).filter((v) => v % 2 === 0).toArray(), [0, 2, 4]);
  const generated = Dataset.fromGenerator(function* () {
    for (let i = 0; i < 3; i++) yield { x: tensor([i, i]), y: i };
  });
  assert.equal(generated.size, undefined);
  const [batch] = await generated.batch(3).toArray();
  assert.deepEqual(batch!.x.arraySync(), [[0, 0], [1, 1], [2, 2]]);
  assert.deepEqual(batch!.y.arraySync(), [0, 1, 2]);
  // The generator runs again on every pass.
  assert.equal((await generated.toArray()).length, 3);
  const pairs = await Dataset.fromItems([[1, true], [2, false]] as [number, boolean][]).batch(2).toArray();
  assert.deepEqual(pairs[0]![1].arraySync(), [true, false]);
  await assert.rejects(Dataset.fromItems([tensor([1]), tensor([1, 2])]).batch(2).toArray(), /element 1 has shape \[2\] .* but element 0 has \[1\]/);
});

test("prefetch keeps the order and the size", async () => {
  const slow = Dataset.fromGenerator(async function* () {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, (i * 7) % 3));
      yield i;
    }
  });
  assert.deepEqual(await slow.prefetch(4).toArray(), range(20));
  assert.deepEqual(await Dataset.fromItems(range(5)).prefetch(0).toArray(), range(5));
  assert.equal(indexed(10).batch(3).prefetch(2).size, 4);
});

test("batches are made on demand, not up front", async () => {
  const ds = indexed(1000).batch(10);
  const before = memory().numTensors;
  const two = await ds.take(2).toArray();
  assert.equal(memory().numTensors - before, 4); // two batches of x and y, nothing else
  assert.equal(two.length, 2);
  let seen = 0;
  for await (const batch of ds) {
    seen += batch.x.shape[0]!;
    if (seen >= 30) break; // leaving early is fine
  }
  assert.equal(seen, 30);
});

test("bad arguments are named", () => {
  assert.throws(() => indexed(3).batch(0), /batch: batchSize must be a positive integer, got 0/);
  assert.throws(() => indexed(3).shuffle(-1), /shuffle: bufferSize must be a positive integer/);
  assert.throws(() => indexed(3).take(1.5), /take: count must be a non-negative integer/);
  assert.ok(isDataset(indexed(3)));
  assert.ok(!isDataset([1, 2]));
});

test("batch and shuffle refuse options they do not know, by name", () => {
  const ds = Dataset.fromTensors(tensor([[1], [2], [3]]));
  assert.throws(() => ds.batch(2, { drop_remainder: true } as never), /batch: unknown option "drop_remainder"; did you mean dropRemainder\?/);
  assert.throws(() => ds.shuffle(3, { sed: 1 } as never), /shuffle: unknown option "sed"; did you mean seed\?/);
});
