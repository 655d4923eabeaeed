import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { tensor, answerHash, expectHash, CheckError } from "../../kernel/src/index.js";

test("answerHash is SHA-256 of the shape and the values rounded to the given significant digits", () => {
  const text = JSON.stringify({ shape: [2], values: [0.3333, 2] });
  assert.equal(answerHash([1 / 3, 2]), `4:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`);
  // The hash does not contain the answer, and float32 rounding does not change it.
  assert.ok(!answerHash(0.123456).includes("123"));
  assert.equal(answerHash(tensor([0.1, 0.2]).add(0.1)), answerHash([0.2, 0.3]));
  assert.equal(answerHash(-0), answerHash(0));
  assert.notEqual(answerHash([1, 2]), answerHash([[1, 2]]), "the shape is part of the answer");
  assert.throws(() => answerHash(1, 0), /digits must be an integer from 1 to 15/);
});

test("answerHash's refusal speaks the checking API's language, the grader's environment included", () => {
  const previous = process.env.GRADBOOK_LOCALE;
  process.env.GRADBOOK_LOCALE = "ru";
  try {
    assert.throws(() => answerHash(1, 16), (e: unknown) => e instanceof CheckError && /^answerHash: digits должно быть целым числом от 1 до 15, получено 16/.test(e.message));
  } finally {
    if (previous === undefined) delete process.env.GRADBOOK_LOCALE;
    else process.env.GRADBOOK_LOCALE = previous;
  }
});

test("expectHash passes the right answer and fails a wrong one without showing the expected value", () => {
  const hash = answerHash(tensor([0.5, 0.25]), 3);
  expectHash([0.5001, 0.25], hash);
  assert.throws(
    () => expectHash(tensor([0.5, 0.3]), hash),
    (e: unknown) => e instanceof CheckError && e.reason === "the answer is not right (got [0.5, 0.3] (Tensor float32 [2]), compared to 3 significant digits)",
  );
});
