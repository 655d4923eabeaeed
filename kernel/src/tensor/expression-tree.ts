// The syntax tree of an expression of the expression language (expression.ts), for
// generators that emit code instead of source text (the "cpu" backend's WebAssembly).
import { EXPRESSION_FUNCTIONS, type ExpressionFunction } from "./expression.js";

/** A node of an expression's syntax tree. */
export type ExpressionNode =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "negate"; readonly operand: ExpressionNode }
  | { readonly kind: "binary"; readonly operator: BinaryOperator; readonly left: ExpressionNode; readonly right: ExpressionNode }
  | { readonly kind: "call"; readonly fn: ExpressionFunction; readonly args: readonly ExpressionNode[] };

/** The infix operators: arithmetic and comparisons. */
export type BinaryOperator = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=";

const COMPARISONS: readonly string[] = ["<", "<=", ">", ">=", "==", "!="];

/**
 * Parses an expression (precedence: comparisons < + − < × ÷ < unary −; all left-associative).
 * Throws on text outside the language (unknown functions, wrong arity, stray tokens).
 * @example parseExpression("max(in0, 0.0)") // { kind: "call", fn: "max", args: [{ kind: "name", name: "in0" }, { kind: "number", value: 0 }] }
 */
export function parseExpression(expression: string): ExpressionNode {
  const tokens = expression.match(/\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|[A-Za-z_]\w*|<=|>=|==|!=|[-+*/<>(),]|\S/gi) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const t = tokens[at++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expected ${expected ?? "more"} in ${expression}`);
    return t;
  };
  const infix = (operators: readonly string[], operand: () => ExpressionNode) => (): ExpressionNode => {
    let left = operand();
    while (operators.includes(peek() ?? "")) {
      const operator = take() as BinaryOperator;
      left = { kind: "binary", operator, left, right: operand() };
    }
    return left;
  };
  const unary = (): ExpressionNode => {
    if (peek() !== "-") return primary();
    take();
    return { kind: "negate", operand: unary() };
  };
  const product = infix(["*", "/"], unary);
  const sum = infix(["+", "-"], product);
  const comparison = infix(COMPARISONS, sum);
  const primary = (): ExpressionNode => {
    const t = take();
    if (t === "(") {
      const inner = comparison();
      take(")");
      return inner;
    }
    if (/^[\d.]/.test(t)) return { kind: "number", value: Number(t) };
    if (!/^[A-Za-z_]/.test(t)) throw new Error(`unexpected ${t} in ${expression}`);
    if (peek() !== "(") return { kind: "name", name: t };
    take("(");
    const args = [comparison()];
    while (peek() === ",") {
      take();
      args.push(comparison());
    }
    take(")");
    if (!(t in EXPRESSION_FUNCTIONS) || EXPRESSION_FUNCTIONS[t as ExpressionFunction] !== args.length) throw new Error(`unknown function ${t}/${args.length} in ${expression}`);
    return { kind: "call", fn: t as ExpressionFunction, args };
  };
  const tree = comparison();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]} in ${expression}`);
  return tree;
}
