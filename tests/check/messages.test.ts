import { test } from "node:test";
import assert from "node:assert/strict";
import { say } from "../../kernel/src/check/messages.js";

function inLocale<T>(locale: string, body: () => T): T {
  const previous = process.env.GRADBOOK_LOCALE;
  process.env.GRADBOOK_LOCALE = locale;
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env.GRADBOOK_LOCALE;
    else process.env.GRADBOOK_LOCALE = previous;
  }
}

test("every message exists in both languages, and the Russian ones are in Russian", () => {
  const en = inLocale("en", say);
  const ru = inLocale("ru", say);
  assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
  for (const name of Object.keys(en) as (keyof typeof en)[]) {
    const args = ["A", "B", "C", "D", "E"] as const;
    const english = (en[name] as (...a: unknown[]) => string)(...args);
    const russian = (ru[name] as (...a: unknown[]) => string)(...args);
    // "✗ name: reason" has no words of its own; every other message is translated.
    if (name === "failed") continue;
    assert.notEqual(russian, english, name);
    assert.match(russian, /[а-яё]/, name);
  }
  assert.equal(ru.passed("сумма"), "✓ сумма: пройдено");
});
