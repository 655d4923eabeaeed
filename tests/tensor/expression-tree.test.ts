import { test } from "node:test";
import assert from "node:assert/strict";
import { parseExpression, type ExpressionNode } from "../../kernel/src/tensor/expression-tree.js";
import { literal } from "../../kernel/src/tensor/expression.js";

/** The tree written back as fully parenthesised text, to compare structure at a glance. */
function show(node: ExpressionNode): string {
  switch (node.kind) {
    case "number":
      return String(node.value);
    case "name":
      return node.name;
    case "negate":
      return `neg(${show(node.operand)})`;
    case "binary":
      return `[${show(node.left)} ${node.operator} ${show(node.right)}]`;
    case "call":
      return `${node.fn}(${node.args.map(show).join(", ")})`;
  }
}

test("precedence: comparisons bind loosest, then + −, then × ÷, then unary minus; all left-associative", () => {
  assert.equal(show(parseExpression("in0 + in1 * -t0 > 2.5 - in0 - 1.0")), "[[in0 + [in1 * neg(t0)]] > [[2.5 - in0] - 1]]");
  assert.equal(show(parseExpression("(in0 + in1) * in2 / 4.0")), "[[[in0 + in1] * in2] / 4]");
});

test("calls check the function's arity; literals of every kind parse back to their value", () => {
  assert.equal(show(parseExpression("select((in0 > 0.0), max(in0, 0.0), pow(in1, 2.0))")), "select([in0 > 0], max(in0, 0), pow(in1, 2))");
  for (const value of [0.5, -3, 1e-7, 2.5e30, 7]) {
    const tree = parseExpression(literal(value));
    const parsed = tree.kind === "negate" && tree.operand.kind === "number" ? -tree.operand.value : tree.kind === "number" ? tree.value : NaN;
    assert.equal(parsed, value, literal(value));
  }
});

test("text outside the language is refused", () => {
  assert.throws(() => parseExpression("foo(in0)"), /unknown function foo/);
  assert.throws(() => parseExpression("max(in0)"), /unknown function max\/1/);
  assert.throws(() => parseExpression("(in0 + in1"), /expected \)/);
  assert.throws(() => parseExpression("in0 in1"), /unexpected in1/);
  assert.throws(() => parseExpression("in0 % 2.0"), /unexpected %/);
});
