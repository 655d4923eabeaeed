import { test } from "node:test";
import assert from "node:assert/strict";
import { check, expectClose, tensor, CheckError } from "../../kernel/src/index.js";
import { checkLocale } from "../../kernel/src/check/locale.js";
import { resetLocale } from "../../kernel/src/locale/locale.js";
import { setLocale } from "../../kernel/src/index.js";

/** Runs `body` with console.log recorded; check prints through the console.log it found at load. */
function printed(body: () => void): string[] {
  const lines: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    body();
  } finally {
    process.stdout.write = original;
  }
  return lines.join("").split("\n").filter(Boolean);
}

/** Runs `body` with GRADBOOK_LOCALE set to `value`, then restores it. */
async function withLocale(value: string, body: () => void | Promise<void>): Promise<void> {
  const previous = process.env.GRADBOOK_LOCALE;
  process.env.GRADBOOK_LOCALE = value;
  try {
    await body();
  } finally {
    if (previous === undefined) delete process.env.GRADBOOK_LOCALE;
    else process.env.GRADBOOK_LOCALE = previous;
  }
}

test("a pass prints one line with the check's name", async () => {
  await withLocale("en", () => assert.deepEqual(printed(() => check("sum", () => expectClose(tensor([1, 2]).sum(), 3))), ["✓ sum: passed"]));
  await withLocale("ru", () => assert.deepEqual(printed(() => check("сумма", () => expectClose(3, 3))), ["✓ сумма: пройдено"]));
});

test("a failure throws a CheckError naming the check, expected and got, and prints nothing", async () => {
  await withLocale("en", () => {
    let error: unknown;
    const lines = printed(() => {
      try {
        check("sum", () => expectClose(tensor([1, 2]).sum(), 4));
      } catch (e) {
        error = e;
      }
    });
    assert.deepEqual(lines, []);
    assert.ok(error instanceof CheckError);
    assert.equal(error.reason, "✗ sum: values differ at []: expected 4, got 3 (difference 1, allowed 0.000041)");
    assert.match(error.message, /check\.test\.ts:\d+\)$/, "the location of the check");
  });
  await withLocale("ru", () =>
    assert.throws(() => check("сумма", () => expectClose(3, 4)), (e: unknown) => e instanceof CheckError && /^✗ сумма: значения расходятся в \[\]: ожидалось 4, получено 3/.test(e.reason)),
  );
});

test("an error inside the body (the student's code failing) fails the check with its name and message", async () => {
  await withLocale("en", () =>
    assert.throws(
      () => check("matmul", () => tensor([[1, 2]]).matmul(tensor([[1, 2]]))),
      (e: unknown) => e instanceof CheckError && /^✗ matmul: ShapeError: matmul: /.test(e.reason),
    ),
  );
});

test("an async body makes check return a promise that passes or rejects", async () => {
  await withLocale("en", async () => {
    await assert.rejects(check("later", async () => expectClose(1, 2)), (e: unknown) => e instanceof CheckError && /^✗ later: values differ/.test(e.reason));
    const result = check("later", async () => expectClose(1, 1));
    assert.ok(result instanceof Promise);
    await result;
  });
  assert.throws(() => check("nothing", 5 as never), /the check function must be a function/);
});

test("the locale is the notebook's setLocale, else GRADBOOK_LOCALE, LC_ALL, LC_MESSAGES, LANG", () => {
  const saved = { ...process.env };
  try {
    for (const name of ["GRADBOOK_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"]) delete process.env[name];
    assert.equal(checkLocale(), "en");
    process.env.LANG = "ru_RU.UTF-8";
    assert.equal(checkLocale(), "ru");
    process.env.LC_ALL = "en_US.UTF-8";
    assert.equal(checkLocale(), "en");
    process.env.GRADBOOK_LOCALE = "ru";
    assert.equal(checkLocale(), "ru");
    // The notebook's setLocale wins over the environment.
    setLocale("en");
    assert.equal(checkLocale(), "en");
  } finally {
    resetLocale();
    for (const name of ["GRADBOOK_LOCALE", "LC_ALL", "LC_MESSAGES", "LANG"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
});
