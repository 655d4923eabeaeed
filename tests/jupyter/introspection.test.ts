import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { complete, inspect, isComplete, pageHelp, toCodePoints, toUtf16 } from "../../kernel/src/jupyter/introspection.js";
import type { Engine, Tslab, TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

/** An engine whose language service is scripted; it records the UTF-16 offsets it is asked about. */
function fakeEngine(answers: {
  complete?: (code: string, offset: number) => { start: number; end: number; candidates: string[]; kinds?: string[] };
  inspect?: (code: string, offset: number) => string | undefined;
}) {
  const calls: Array<[string, string, number]> = [];
  const engine: Engine = {
    execute: () => assert.fail("introspection must not run code"),
    complete(code, offset) {
      calls.push(["complete", code, offset]);
      return answers.complete?.(code, offset) ?? { start: offset, end: offset, candidates: [] };
    },
    inspect(code, offset) {
      calls.push(["inspect", code, offset]);
      return answers.inspect?.(code, offset);
    },
    interrupt: () => {},
    preload: () => {},
    warmUp: () => {},
    wrapRequire: () => {},
    protect: () => {},
  };
  return { engine, calls };
}

test("toUtf16 and toCodePoints convert between code points and UTF-16 units around astral characters", () => {
  const text = "a😀b𝑥=é";
  // Code points:  a 😀 b 𝑥 = é  →  UTF-16 offsets 0 1 3 4 6 7 8
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((points) => toUtf16(text, points)), [0, 1, 3, 4, 6, 7, 8]);
  assert.deepEqual([0, 1, 3, 4, 6, 7, 8].map((offset) => toCodePoints(text, offset)), [0, 1, 2, 3, 4, 5, 6]);
});

test("the conversions agree with an independent count by string iteration and round-trip", () => {
  const text = "x = '🎉🎉'; // naïve 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and CJK 漢字 e\u0301";
  const points = [...text];
  for (let n = 0; n <= points.length; n++) {
    const offset = points.slice(0, n).join("").length;
    assert.equal(toUtf16(text, n), offset, `toUtf16 at ${n}`);
    assert.equal(toCodePoints(text, offset), n, `toCodePoints at ${offset}`);
  }
});

test("positions past the end are clamped; lone surrogates count as one code point each", () => {
  assert.equal(toUtf16("ab", 10), 2);
  assert.equal(toCodePoints("ab", 10), 2);
  assert.equal(toUtf16("", 3), 0);
  assert.equal(toUtf16("a\ud83d", 2), 2);
  assert.equal(toCodePoints("a\ud83d", 2), 2);
  assert.equal(toUtf16("\ude00x", 1), 1);
});

test("complete hands the engine a UTF-16 offset and answers in code points", () => {
  const code = "const 😀 = 1; Math.fl";
  const { engine, calls } = fakeEngine({
    complete: (_code, offset) => ({ start: offset - 2, end: offset, candidates: ["floor"], kinds: ["method"] }),
  });
  const points = [...code].length;
  assert.deepEqual(complete(engine, code, points), {
    status: "ok",
    matches: ["floor"],
    cursor_start: points - 2,
    cursor_end: points,
    metadata: { _jupyter_types_experimental: [{ start: points - 2, end: points, text: "floor", type: "function" }] },
  });
  assert.deepEqual(calls, [["complete", code, code.length]]);
  // No cursor: the end of the code.
  complete(engine, code, undefined);
  assert.equal(calls[1]![2], code.length);
});

test("inspect reports found with text/plain, tries just before the cursor, and says not found otherwise", () => {
  const docs = fakeEngine({ inspect: (code, offset) => (code.slice(offset, offset + 4) === "Math" ? "var Math: Math" : undefined) });
  assert.deepEqual(inspect(docs.engine, "😀; Math", 3), { status: "ok", found: true, data: { "text/plain": "var Math: Math" }, metadata: {} });
  assert.deepEqual(docs.calls, [["inspect", "😀; Math", 4]]);
  // The cursor just after an identifier still means that identifier.
  const after = fakeEngine({ inspect: (_code, offset) => (offset < 3 ? "const abc: number" : undefined) });
  assert.equal((inspect(after.engine, "abc", undefined).data as Record<string, string>)["text/plain"], "const abc: number");
  assert.deepEqual(after.calls.map(([, , offset]) => offset), [3, 2]);
  const nothing = fakeEngine({});
  assert.deepEqual(inspect(nothing.engine, "", 0), { status: "ok", found: false, data: {}, metadata: {} });
  assert.equal(nothing.calls.length, 1, "no second try before offset 0");
});

test("pageHelp answers name?, name?? and obj.member? by inspecting inside the last identifier", () => {
  const { engine, calls } = fakeEngine({ inspect: (code) => `doc of ${code}` });
  assert.equal(pageHelp(engine, "tensor?"), "doc of tensor");
  assert.equal(pageHelp(engine, "  nn.Dense.fromConfig ?? \n"), "doc of nn.Dense.fromConfig");
  assert.equal(pageHelp(engine, "$x_1?"), "doc of $x_1");
  assert.deepEqual(calls, [
    ["inspect", "tensor", 5],
    ["inspect", "nn.Dense.fromConfig", 18],
    ["inspect", "$x_1", 3],
  ]);
});

test("pageHelp leaves code that is not a help request alone", () => {
  const { engine, calls } = fakeEngine({ inspect: () => "doc" });
  for (const code of ["tensor", "a ? b : c", "x?.y", "x???", "?x", "1?", "f()?", "a?\nb?", "a.?", "x? // why", "a[0]?", ""]) {
    assert.equal(pageHelp(engine, code), undefined, JSON.stringify(code));
  }
  assert.deepEqual(calls, []);
});

test("pageHelp says so when there is no documentation (nothing, or a bare any)", () => {
  assert.equal(pageHelp(fakeEngine({}).engine, "mystery?"), "No documentation found for mystery.");
  assert.equal(pageHelp(fakeEngine({ inspect: () => "any" }).engine, "a.b??"), "No documentation found for a.b.");
});

test("isComplete: incomplete with tslab's indent, open templates continue, syntax errors are invalid", () => {
  const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;
  const asked: string[] = [];
  // A stand-in for tslab's check: code ending in "=" or "{" needs more.
  const tslab: Pick<Tslab, "ts" | "isCompleteCode"> = {
    ts,
    isCompleteCode(code) {
      asked.push(code);
      return /[={]$/.test(code) ? { completed: false, indent: code.endsWith("{") ? "  " : "" } : { completed: true };
    },
  };
  assert.deepEqual(isComplete(tslab, "let x = 1;"), { status: "complete" });
  assert.deepEqual(isComplete(tslab, "function f() {"), { status: "incomplete", indent: "  " });
  // A trailing space hides the open end from tslab: checked again without it.
  asked.length = 0;
  assert.deepEqual(isComplete(tslab, "let y = "), { status: "incomplete", indent: "" });
  assert.deepEqual(asked, ["let y = ", "let y ="]);
  // Two trailing blank lines force the cell through, as in tslab.
  asked.length = 0;
  isComplete(tslab, "let y =\n\n");
  assert.deepEqual(asked, ["let y =\n\n"]);
  assert.deepEqual(isComplete(tslab, "const s = `first line"), { status: "incomplete", indent: "" });
  assert.deepEqual(isComplete(tslab, "let = ;"), { status: "invalid" });
});

test("complete leaves out hidden (internal) names, with their types", () => {
  const { engine } = fakeEngine({
    complete: () => ({ start: 0, end: 1, candidates: ["fit", "ensureBuilt", "layers"], kinds: ["method", "method", "property"] }),
  });
  const reply = complete(engine, "m", 1, new Set(["ensureBuilt"]));
  assert.deepEqual(reply.matches, ["fit", "layers"]);
  assert.deepEqual(
    (reply.metadata as { _jupyter_types_experimental: Array<{ type: string }> })._jupyter_types_experimental.map((t) => t.type),
    ["function", "property"],
  );
});
