import { test } from "node:test";
import assert from "node:assert/strict";
import { runInThisContext } from "node:vm";
import { CELL_FRAME, CellRegistry } from "../../kernel/src/jupyter/cells.js";

/** Runs `body` with the registry's stack formatter installed, then puts the previous one back. */
function withStackTraces<T>(cells: CellRegistry, body: () => T): T {
  const previous = Error.prepareStackTrace;
  cells.installStackTraces();
  try {
    return body();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Runs a cell's JavaScript the way tslab's executor does: a prefix on line 1, a wrapper call after it. */
function runCell(name: string, prefix: string, javascript: string): unknown {
  try {
    runInThisContext(`${prefix}${javascript}\n})()`, { filename: name, displayErrors: false });
  } catch (error) {
    return error;
  }
  assert.fail("the cell should have thrown");
}

test("cells are named cell[N] after their execution count, cell[~K] when they have none", () => {
  const cells = new CellRegistry();
  assert.equal(cells.currentName, undefined);
  assert.equal(cells.begin("1 + 1", 1), "cell[1]");
  assert.equal(cells.currentName, "cell[1]");
  assert.equal(cells.begin("prelude()", undefined), "cell[~2]");
  assert.equal(cells.begin("x", 7), "cell[7]");
  assert.equal(cells.begin("silent()", undefined), "cell[~4]");
  assert.equal(cells.source("cell[1]"), "1 + 1");
  assert.equal(cells.source("cell[~2]"), "prelude()");
  assert.equal(cells.source("cell[99]"), undefined);
});

test("CELL_FRAME finds cell[N]:line:col and cell[~K]:line:col in stack text", () => {
  assert.deepEqual([...CELL_FRAME.exec("    at f (cell[12]:3:45)")!].slice(1), ["cell[12]", "3", "45"]);
  assert.deepEqual([...CELL_FRAME.exec("    at cell[~7]:1:1")!].slice(1), ["cell[~7]", "1", "1"]);
  assert.equal(CELL_FRAME.exec("    at Object.<anonymous> (/work/x.js:1:2)"), null);
  assert.equal(CELL_FRAME.exec("cell[x]:1:2"), null);
});

test("locate maps a script position to the cell's TypeScript; line 1 discounts the executor's prefix", () => {
  const cells = new CellRegistry();
  const typescript = "const n: number = 2; f(n);\nconst m: string = g();";
  const javascript = "const n = 2; f(n);\nconst m = g();";
  const name = cells.begin(typescript, 3);
  assert.equal(cells.locate(name, 1, 1), undefined, "nothing to map before it is compiled");
  const prefix = "(function(exports, require) { ";
  cells.compiled(javascript, prefix.length);
  // `f` is column 14 of the JavaScript, column 22 of the TypeScript.
  assert.deepEqual(cells.locate(name, 1, prefix.length + 14), { line: 1, column: 22 });
  // Only line 1 carries the prefix: `g` on line 2 is column 11 in the JavaScript, 19 in the TypeScript.
  assert.deepEqual(cells.locate(name, 2, 11), { line: 2, column: 19 });
  assert.equal(cells.locate("cell[99]", 1, 1), undefined);
});

test("lines after the cell's JavaScript are the executor's wrapper, not user code", () => {
  const cells = new CellRegistry();
  const name = cells.begin("a();\nb();", 1);
  cells.compiled("a();\nb();", 0);
  assert.equal(cells.isWrapperFrame(name, 2), false);
  assert.equal(cells.isWrapperFrame(name, 3), true);
  assert.equal(cells.locate(name, 3, 1), undefined);
  assert.equal(cells.isWrapperFrame("cell[42]", 100), false, "unknown scripts are not ours to hide");
  const pending = cells.begin("c()", 2);
  assert.equal(cells.isWrapperFrame(pending, 100), false, "not compiled yet: nothing known");
});

test("compiling again replaces the JavaScript a cell is mapped with", () => {
  const cells = new CellRegistry();
  const name = cells.begin("let x: number = h();", 1);
  cells.compiled("let x = h();", 0);
  assert.deepEqual(cells.locate(name, 1, 9), { line: 1, column: 17 });
  cells.compiled("let   x =   h();", 0);
  assert.deepEqual(cells.locate(name, 1, 13), { line: 1, column: 17 });
});

test("compiled() without a cell is ignored", () => {
  const cells = new CellRegistry();
  assert.doesNotThrow(() => cells.compiled("x", 0));
  assert.equal(cells.locate("cell[1]", 1, 1), undefined);
});

test("installed, error.stack shows cell frames at the TypeScript position and hides the wrapper frame", () => {
  const cells = new CellRegistry();
  const typescript = 'interface Options { size: number }\nconst options: Options = { size: 3 };\nfunction check(o: Options): void {\n  if (o.size > 2) throw new RangeError("size " + o.size + " is too big");\n}\ncheck(options);';
  const javascript = 'const options = { size: 3 };\nfunction check(o) {\n    if (o.size > 2) throw new RangeError("size " + o.size + " is too big");\n}\ncheck(options);';
  const prefix = "(function(exports, require) { ";
  const name = cells.begin(typescript, 5);
  cells.compiled(javascript, prefix.length);
  const stack = withStackTraces(cells, () => (runCell(name, prefix, javascript) as Error).stack!);
  const lines = stack.split("\n");
  assert.equal(lines[0], "RangeError: size 3 is too big");
  const frames = lines.filter((line) => line.includes("cell[5]"));
  // `new` is on TypeScript line 4, column 25; the call `check(options)` on line 6, column 1.
  assert.match(frames[0]!, /^ {4}at check \(cell\[5\]:4:25\)$/);
  assert.match(frames[1]!, /^ {4}at cell\[5\]:6:1$/);
  assert.equal(frames.length, 2, `the wrapper call (line 6 of the script) is hidden:\n${stack}`);
  // Frames of other scripts are kept as V8 writes them.
  assert.ok(lines.slice(1).every((line) => line.startsWith("    at ")));
  assert.ok(lines.some((line) => /node:vm/.test(line)), stack);
});

test("the installed formatter survives errors whose toString throws", () => {
  const cells = new CellRegistry();
  const hostile = new Error("x");
  Object.defineProperty(hostile, "name", {
    get() {
      throw new Error("no name for you");
    },
  });
  const stack = withStackTraces(cells, () => {
    Error.captureStackTrace(hostile);
    return hostile.stack!;
  });
  assert.match(stack, /^Error\n {4}at /);
});
