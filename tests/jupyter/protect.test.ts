// A student cannot pass a test cell by redefining the checking API: the guard alone, then
// the real kernel with the real library.
import { test } from "node:test";
import assert from "node:assert/strict";
import { guardNames, ProtectedNameError } from "../../kernel/src/jupyter/protect.js";
import { KernelClient } from "./helpers/kernel-client.js";

test("guardNames refuses to set, define or delete a protected name and passes everything else through", () => {
  const scope: Record<string, unknown> = { check: "real", other: 1 };
  const guarded = guardNames(scope, ["check"], (name) => new ProtectedNameError(name));
  assert.throws(() => (guarded.check = "fake"), ProtectedNameError);
  assert.throws(() => Object.defineProperty(guarded, "check", { value: "fake" }), /"check" belongs to the assignment-checking API/);
  assert.throws(() => delete guarded.check, ProtectedNameError);
  guarded.other = 2;
  guarded.added = 3;
  assert.deepEqual(scope, { check: "real", other: 2, added: 3 });
  assert.equal(guarded.check, "real");
});

test("in the kernel, a cell that redefines check or a helper fails, and the next test cell still uses the real checker", async () => {
  const kernel = await KernelClient.start({ env: { GRADBOOK_LOCALE: "en" } });
  try {
    const run = async (code: string) => {
      const result = await kernel.execute(code);
      return { status: result.reply.content.status as string, evalue: String(result.reply.content.evalue ?? ""), stdout: result.stdout, stderr: result.stderr };
    };
    const attempts = [
      'const check = (name: string, body: () => unknown) => console.log("✓ " + name + ": passed");',
      "function expectClose(a: unknown, b: unknown) {}",
      "let answerHash = (value: unknown) => '4:fake';",
      "(globalThis as any).__tslab__.exports.check = () => {};",
      "Object.defineProperty((globalThis as any).__tslab__.exports, 'expectHash', { value: () => {} });",
    ];
    for (const code of attempts) {
      const result = await run(code);
      assert.equal(result.status, "error", code);
      assert.match(result.evalue, /belongs to the assignment-checking API and cannot be redefined/, code);
    }
    // Replacing the scope holder or console.log changes nothing either.
    assert.equal((await run("(globalThis as any).__tslab__ = { exports: {}, require }; console.log = () => {};")).status, "ok");
    assert.equal((await run("const answer = 41;")).status, "ok");
    const wrong = await run('\ncheck("the answer", () => expectHash(answer, answerHash(42)));');
    assert.equal(wrong.status, "error");
    assert.match(wrong.evalue, /^✗ the answer: the answer is not right \(got 41, compared to 4 significant digits\) \(cell \d+, line 2\)$/);
    const right = await run('check("the answer", () => expectClose(answer + 1, 42));');
    assert.equal(right.status, "ok");
    assert.equal(right.stdout, "✓ the answer: passed\n");
    assert.equal(right.stderr, "");
  } finally {
    await kernel.close();
  }
});
