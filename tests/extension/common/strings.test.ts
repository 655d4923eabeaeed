import { test } from "node:test";
import assert from "node:assert/strict";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { format, pickLocale } from "../../../extension/src/common/strings.js";

test("pickLocale prefers the payload, then the translator, then English", () => {
  const lab = (languageCode: string) => ({ languageCode }) as IRenderMime.ITranslator;
  assert.equal(pickLocale("ru", lab("en")), "ru");
  assert.equal(pickLocale(undefined, lab("ru_RU")), "ru");
  assert.equal(pickLocale("de", lab("ru")), "ru");
  assert.equal(pickLocale(undefined, lab("rus")), "en");
  assert.equal(pickLocale(undefined, undefined), "en");
});

test("format fills placeholders and leaves unknown ones", () => {
  assert.equal(format("{a} of {b} {c}", { a: 1, b: "x" }), "1 of x {c}");
});
