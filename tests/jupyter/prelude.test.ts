// The prelude declares every export of the preloaded modules for all cells: one import
// statement per module, each name taken once (the first module wins), with its value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { preludeOf } from "../../kernel/src/jupyter/prelude.js";

test("preludeOf: one import per module, names taken once with the first module's value, default and non-identifiers skipped", () => {
  const first = { tensor: () => "tensor", shared: 1, default: "skipped" };
  const second = { shared: 2, comms: "comms", "not-an-identifier": 3 };
  const { source, values } = preludeOf([{ path: "/abs/index.js" }, { path: "/abs/cell-api.js" }], [first, second]);
  assert.equal(source, 'import { tensor, shared } from "/abs/index.js";\nimport { comms } from "/abs/cell-api.js";');
  assert.deepEqual(Object.keys(values), ["tensor", "shared", "comms"]);
  assert.equal(values.shared, 1);
  assert.equal(values.tensor, first.tensor);
});

test("preludeOf: a module with nothing new adds no line", () => {
  const { source } = preludeOf([{ path: "/a.js" }, { path: "/b.js" }], [{ x: 1 }, { x: 2 }]);
  assert.equal(source, 'import { x } from "/a.js";');
});
