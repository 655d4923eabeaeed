import { test } from "node:test";
import assert from "node:assert/strict";
import { createPositionMap } from "../../kernel/src/jupyter/positions.js";

/** 1-based line and column of the `occurrence`-th `needle` in `text`. */
function where(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let k = 0; k < occurrence; k++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} #${occurrence} not in ${text}`);
  }
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

test("the documented example: a call after a type annotation maps to the TypeScript column", () => {
  const map = createPositionMap("const a: number = f();", "const a = f();\nexports.a = a;");
  assert.deepEqual(map(1, 11), { line: 1, column: 19 });
});

test("shared tokens map exactly, also several lines down after type-only lines", () => {
  const typescript = 'interface Point { x: number; y: number }\nconst p: Point = { x: 1, y: 2 };\nfunction norm(q: Point): number {\n  return Math.hypot(q.x, q.y);\n}\nthrow new RangeError("bad " + norm(p));';
  const javascript = 'Object.defineProperty(exports, "__esModule", { value: true });\nconst p = { x: 1, y: 2 };\nfunction norm(q) {\n    return Math.hypot(q.x, q.y);\n}\nthrow new RangeError("bad " + norm(p));';
  const map = createPositionMap(typescript, javascript);
  for (const [needle, occurrence] of [["new", 1], ["hypot", 1], ["norm", 2], ["return", 1], ["q.y", 1]] as const) {
    const js = where(javascript, needle, occurrence);
    assert.deepEqual(map(js.line, js.column), where(typescript, needle, occurrence), needle);
  }
});

test("a column inside a token keeps its offset within the token", () => {
  const map = createPositionMap("const total: number = computeTotal(items);", "const total = computeTotal(items);");
  const js = where("const total = computeTotal(items);", "Total(");
  const ts = where("const total: number = computeTotal(items);", "Total(");
  assert.deepEqual(map(js.line, js.column), ts);
  // Past the token's end (in the whitespace after it): clamped to its last character.
  const spaced = createPositionMap("let a: string = b  ;", "let a = b  ;");
  assert.deepEqual(spaced(1, 10), { line: 1, column: 17 });
});

test("interrupt checks the kernel inserts do not shift the positions of the user's code", () => {
  const typescript = "let i: number = 0;\nwhile (i < 3) { step(i++); }";
  const javascript = "let i = 0;\nwhile (i < 3) { if (__gradbook_flag__[0] !== 0) __gradbook__.tick(); step(i++); }";
  const map = createPositionMap(typescript, javascript);
  const js = where(javascript, "step");
  assert.deepEqual(map(js.line, js.column), where(typescript, "step"));
  // A position on the inserted check itself belongs to the statement after it on that line.
  const tick = where(javascript, "tick");
  assert.deepEqual(map(tick.line, tick.column), where(typescript, "step"));
});

test("compiler bookkeeping with no shared token after it maps to the last shared token before it", () => {
  const map = createPositionMap("const a: number = f();", "const a = f();\nexports.a = a;");
  assert.deepEqual(map(2, 1), { line: 1, column: 22 });
  assert.deepEqual(map(2, 9), { line: 1, column: 22 });
});

test("a position before the first JavaScript token, or with nothing shared at all, maps to nothing", () => {
  const map = createPositionMap("f();", "  f();");
  assert.equal(map(1, 1), undefined);
  assert.deepEqual(map(1, 3), { line: 1, column: 1 });
  assert.equal(createPositionMap("alpha", "beta")(1, 1), undefined);
  assert.equal(createPositionMap("", "")(1, 1), undefined);
});

test("strings and template literals are single tokens, so their contents cannot misalign the code", () => {
  const typescript = 'const s: string = "a ( b ) c";\nboom(s);';
  const javascript = 'const s = "a ( b ) c";\nboom(s);';
  const map = createPositionMap(typescript, javascript);
  assert.deepEqual(map(2, 1), { line: 2, column: 1 });
  assert.deepEqual(map(1, 11), { line: 1, column: 19 });
  const template = createPositionMap("const t: string = `x\n${y}`;\nboom();", "const t = `x\n${y}`;\nboom();");
  assert.deepEqual(template(3, 1), { line: 3, column: 1 });
});

test("very large cells fall back to a greedy alignment that still maps shared tokens", () => {
  const lines = 2500;
  const typescript = Array.from({ length: lines }, (_, i) => `const v${i}: number = f${i}(${i});`).join("\n");
  const javascript = Array.from({ length: lines }, (_, i) => `const v${i} = f${i}(${i});`).join("\n");
  const started = performance.now();
  const map = createPositionMap(typescript, javascript);
  for (const line of [1, 1234, lines]) {
    const js = where(javascript, `f${line - 1}(`);
    assert.deepEqual(map(js.line, js.column), where(typescript, `f${line - 1}(`), `line ${line}`);
  }
  assert.ok(performance.now() - started < 1000, "the fallback is fast");
});
