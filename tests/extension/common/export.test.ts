import { test } from "node:test";
import assert from "node:assert/strict";
import { fileStem, toCsv } from "../../../extension/src/common/export.js";
import { plotlyText } from "../../../extension/src/common/plotly.js";

test("toCsv quotes commas, quotes and newlines, and blanks non-finite numbers", () => {
  assert.equal(toCsv([["a", "b,c"], ['say "hi"', NaN], [1.5, undefined]]), 'a,"b,c"\r\n"say ""hi""",\r\n1.5,\r\n');
});

test("fileStem keeps letters (Cyrillic too) and digits", () => {
  assert.equal(fileStem("Run #1 / Adam", "x"), "run-1-adam");
  assert.equal(fileStem("Обучение", "x"), "обучение");
  assert.equal(fileStem("<>", "metrics"), "metrics");
});

test("plotlyText escapes markup so Plotly shows it as written", () => {
  assert.equal(plotlyText("<script>&"), "&lt;script&gt;&amp;");
});
