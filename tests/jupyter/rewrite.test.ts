import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import { makeInterruptible, withSourceUrl } from "../../kernel/src/jupyter/rewrite.js";
import type { TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;

const CHECK = "if (__gradbook_flag__[0] !== 0) __gradbook__.tick();";

/** Syntax errors of `js` as a script (the way tslab's executor wraps cells, awaits are inside an async function). */
function syntaxErrors(js: string): string[] {
  const file = ts.createSourceFile("cell.js", `(async function () {\n${js}\n})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const diagnostics = (file as unknown as { parseDiagnostics: Array<{ messageText: string | { messageText: string } }> }).parseDiagnostics;
  return diagnostics.map((d) => (typeof d.messageText === "string" ? d.messageText : d.messageText.messageText));
}

/** Rewrites `js`, checks it still parses and keeps its line count. */
function rewrite(js: string): string {
  const out = makeInterruptible(ts, js);
  assert.deepEqual(syntaxErrors(out), [], out);
  assert.equal(out.split("\n").length, js.split("\n").length, "no newlines added");
  return out;
}

/** Runs rewritten code against a fake runtime; `raised` is what the shared flag reads. */
async function run(js: string, raised: boolean, globals: Record<string, unknown> = {}) {
  const calls = { ticks: 0, gates: [] as unknown[] };
  const runtime = {
    tick() {
      calls.ticks++;
      throw new Error("interrupted");
    },
    gate(value: unknown) {
      calls.gates.push(value);
      return value;
    },
  };
  const context = { __gradbook__: runtime, __gradbook_flag__: new Int32Array([raised ? 1 : 0, 0, 0]), ...globals };
  let error: unknown;
  try {
    await runInNewContext(`(async function () {\n${js}\n})()`, context);
  } catch (caught) {
    error = caught;
  }
  return { ...calls, error, context };
}

test("the documented example: a loop with a statement body gets a block with the check", () => {
  assert.equal(rewrite("while (a) b();"), `while (a) { ${CHECK} b(); }`);
});

test("every kind of loop gets the check at the top of its body", () => {
  assert.equal(rewrite("for (let i = 0; i < n; i++) { total += i; }"), `for (let i = 0; i < n; i++) { ${CHECK} total += i; }`);
  assert.equal(rewrite("for (const x of xs) f(x);"), `for (const x of xs) { ${CHECK} f(x); }`);
  assert.equal(rewrite("for (const k in o) {}"), `for (const k in o) { ${CHECK}}`);
  assert.equal(rewrite("do { x--; } while (x > 0);"), `do { ${CHECK} x--; } while (x > 0);`);
  assert.equal(rewrite("do x--; while (x > 0);"), `do { ${CHECK} x--; } while (x > 0);`);
  assert.equal(rewrite("while (busy());"), `while (busy()){ ${CHECK} ; }`);
  assert.equal(rewrite("outer: for (;;) break outer;"), `outer: for (;;) { ${CHECK} break outer; }`);
});

test("nested loops each get one check, and statement bodies close in the right order", () => {
  const out = rewrite("for (;;) while (a) b();\nnext();");
  assert.equal(out, `for (;;) { ${CHECK} while (a) { ${CHECK} b(); } }\nnext();`);
  const blocks = rewrite("for (const row of rows) {\n  for (const cell of row) {\n    sum += cell;\n  }\n}");
  assert.equal(blocks.split(CHECK).length - 1, 2);
  assert.match(blocks, new RegExp(`for \\(const cell of row\\) \\{ ${escape(CHECK)}\\n    sum \\+= cell;`));
});

test("a loop in an if/else keeps the else attached, and loops in functions are rewritten too", () => {
  assert.equal(rewrite("if (a) while (b) c(); else d();"), `if (a) while (b) { ${CHECK} c(); } else d();`);
  assert.equal(rewrite("const f = () => { while (x) y(); };"), `const f = () => { while (x) { ${CHECK} y(); } };`);
});

test("awaited operands are wrapped in __gradbook__.gate(...)", () => {
  assert.equal(rewrite("const data = await fetchData(1, 2);"), "const data = await __gradbook__.gate(fetchData(1, 2));");
  // Inside an async function; at a cell's top level `await (x)` is a call of `await` to
  // TypeScript's script parser (and to tslab, which then fails the cell), so nothing to gate.
  assert.equal(rewrite("async () => { await (a || b); };"), "async () => { await __gradbook__.gate((a || b)); };");
  assert.equal(rewrite("x = (await a) + await b;"), "x = (await __gradbook__.gate(a)) + await __gradbook__.gate(b);");
  assert.equal(rewrite("await await p;"), "await __gradbook__.gate(await __gradbook__.gate(p));");
  assert.equal(rewrite("async function g() { return await h(); }"), "async function g() { return await __gradbook__.gate(h()); }");
  // A loop body and its awaited operand ending at one offset: the inner `)` closes first.
  assert.equal(
    rewrite("async () => { while (a) await b() }"),
    `async () => { while (a) { ${CHECK} await __gradbook__.gate(b()) } }`,
  );
  assert.equal(
    rewrite("while (await more()) await step();"),
    `while (await __gradbook__.gate(more())) { ${CHECK} await __gradbook__.gate(step()); }`,
  );
});

test("code without loops or awaits comes back unchanged, even when a keyword appears in a name-like place", () => {
  for (const js of [
    "const a = 1;\nexports.a = a;",
    "f(x => x * 2);",
    "const format = 'x'; const awaiting = true; const forEach = [].forEach;",
    "[1, 2].forEach(console.log);",
  ]) {
    assert.equal(makeInterruptible(ts, js), js);
  }
});

test("strings, template literals, regular expressions and comments are left alone", () => {
  const quiet = [
    'const s = "while (true) {} await x; for (;;)";',
    "const t = `for (;;) ${'await y'}`;",
    "// for each line, await the result\n/* while (x) */ const r = /do|while/;",
  ].join("\n");
  assert.equal(makeInterruptible(ts, quiet), quiet);
  const loud = 'while (a) { log("for (;;) await x"); } // while ever\nconst r = /await/;';
  assert.equal(rewrite(loud), `while (a) { ${CHECK} log("for (;;) await x"); } // while ever\nconst r = /await/;`);
  assert.equal(rewrite("while (a) /* why */ b(); // done"), `while (a) /* why */ { ${CHECK} b(); } // done`);
});

test("the rewritten code behaves: checks only act when the flag is up, gates pass values through", async () => {
  const loop = rewrite("let n = 0;\nfor (let i = 0; i < 5; i++) n += i;\nglobalThis.n = n;\nglobalThis.got = await Promise.resolve(7);");
  const calm = await run(loop, false);
  assert.equal(calm.error, undefined);
  assert.equal(calm.ticks, 0);
  assert.equal((calm.context as Record<string, unknown>).n, 10);
  assert.equal((calm.context as Record<string, unknown>).got, 7);
  assert.equal(calm.gates.length, 1);
  const stopped = await run(loop, true);
  assert.equal(stopped.ticks, 1);
  assert.match(String(stopped.error), /interrupted/);
  assert.equal((stopped.context as Record<string, unknown>).n, undefined);
  // An infinite loop stops at its first iteration once the flag is up.
  const forever = await run(rewrite("while (true) {}"), true);
  assert.equal(forever.ticks, 1);
});

test("withSourceUrl names the script, so stack frames say cell[N]:line:column", () => {
  const js = withSourceUrl("const e = new Error('x');\ne.stack", "cell[3]");
  assert.equal(js, "const e = new Error('x');\ne.stack\n//# sourceURL=cell[3]");
  const stack = runInNewContext(js) as string;
  assert.match(stack, /cell\[3\]:1:11/);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
