import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { survivingDeclarations } from "../../kernel/src/jupyter/declarations.js";
import type { TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;
const lines = (text: string) => text.split("\n").filter((line) => line.length > 0).sort();

test("values whose assignment ran, type-only declarations and earlier declarations survive; the others do not", () => {
  const previous = "declare const a = 1;\n";
  const converted = "declare const s = 1;\ndeclare let t: number;\ninterface Shape {\n    n: number;\n}\ndeclare const a = 1;\n";
  assert.deepEqual(lines(survivingDeclarations(ts, previous, converted, new Set(["s"]))), lines("declare const s = 1;\ninterface Shape {\n    n: number;\n}\ndeclare const a = 1;"));
});

test("a name declared again whose new assignment did not run keeps its earlier declaration", () => {
  const previous = 'declare const again = "old";\ndeclare function f(): void;\n';
  const converted = "declare const again: number;\ndeclare function f(): void;\n";
  assert.deepEqual(lines(survivingDeclarations(ts, previous, converted, new Set())), lines(previous));
});

test("one declarator of a multi-declarator statement can survive alone", () => {
  const converted = "declare const x = 1, y = 2;\n";
  assert.deepEqual(lines(survivingDeclarations(ts, "", converted, new Set(["x"]))), ["declare const x = 1;"]);
});

test("imports survive when their names were bound", () => {
  const converted = 'import { a, b } from "./m";\ndeclare const z = 1;\n';
  assert.deepEqual(lines(survivingDeclarations(ts, "", converted, new Set(["a", "b"]))), ['import { a, b } from "./m";']);
});
