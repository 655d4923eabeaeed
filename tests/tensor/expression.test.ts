import { test } from "node:test";
import assert from "node:assert/strict";
import { literal, EXPRESSION_FUNCTIONS } from "../../kernel/src/tensor/expression.js";
import { findOp, opNames } from "../../kernel/src/tensor/op.js";
import "../../kernel/src/index.js";

test("literals read back as the same number in JavaScript, negatives parenthesised", () => {
  for (const v of [0, -0, 1, -2, 0.1, -0.5, 1e-7, 3.4028234663852886e38, Math.fround(0.9), Infinity, -Infinity, NaN]) {
    const text = literal(v);
    assert.ok(Object.is(new Function(`return ${text}`)(), v), `${v} → ${text}`);
    if (v < 0 || Object.is(v, -0)) assert.match(text, /^\(.*\)$/);
  }
});

test("every op expression uses only the language's functions and operand names", () => {
  const allowed = new Set(Object.keys(EXPRESSION_FUNCTIONS));
  const withExpression = opNames().map((n) => findOp(n)!).filter((op) => op.expression);
  assert.ok(withExpression.length >= 30, `${withExpression.length} ops have expressions`);
  for (const op of withExpression) {
    const text = op.expression!(["in0", "in1", "in2"], { alpha: 0.2, min: -1, max: 1 });
    for (const [, name] of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) assert.ok(allowed.has(name!), `${op.name}: ${name} is not in the language`);
    for (const [name] of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) assert.ok(allowed.has(name) || /^in\d$/.test(name), `${op.name}: stray name ${name} in ${text}`);
  }
});
