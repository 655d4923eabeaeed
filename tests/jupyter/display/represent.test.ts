import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { configText, represent } from "../../../kernel/src/jupyter/display/represent.js";
import { mimeBundleOf } from "../../../kernel/src/jupyter/display/mimebundle.js";

test("represent() gives a class and its subclasses one text for inspect and the cell value, HTML escaped", () => {
  class Base {
    secret = "a long dump";
  }
  class Child extends Base {}
  represent(Base, (b) => `Base <${b.constructor.name}>`);
  assert.equal(inspect(new Child()), "Base <Child>");
  assert.deepEqual(mimeBundleOf(new Child()), { "text/plain": "Base <Child>", "text/html": "<pre>Base &lt;Child&gt;</pre>" });
  represent(Child, () => ({ text: "child", html: "<b>child</b>" }));
  assert.deepEqual(mimeBundleOf(new Child()), { "text/plain": "child", "text/html": "<b>child</b>" });
  assert.equal(inspect(new Base()), "Base <Base>");
});

test("configText writes ClassName(key: value, …), naming nested objects by class and leaving out empty entries", () => {
  assert.equal(
    configText("Dense", { units: 3, activation: "relu", kernelInitializer: { className: "GlorotUniform", config: {} }, bias: undefined, shape: [null, 2], seed: null, extra: { a: 1 } }),
    'Dense(units: 3, activation: "relu", kernelInitializer: GlorotUniform, shape: [null, 2], extra: { a: 1 })',
  );
});
