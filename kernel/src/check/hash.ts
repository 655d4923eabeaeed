/**
 * Hashed answers: a public check compares the student's answer with a hash of the right
 * one, so the notebook shows no answer. Values are rounded to a number of significant
 * digits first (the digits travel inside the hash), then hashed with SHA-256.
 *
 * Example (teacher): `answerHash(tensor([0.5, 0.25]))` → "4:9b1c…";
 * (student's notebook): `check("gradient", () => expectHash(g, "4:9b1c…"))`.
 */
import { createHash } from "node:crypto";
import { CheckError } from "./error.js";
import { say } from "./messages.js";
import { describe, numbers } from "./values.js";

/** The canonical text of a numeric answer: shape and values rounded to `digits` significant digits. */
function canonical(value: unknown, digits: number): string {
  const { shape, values } = numbers(value);
  const rounded = values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) + 0 : String(v)));
  return JSON.stringify({ shape, values: rounded });
}

/**
 * The hash to put into a public check for the answer `value` (compared to `digits` significant digits, default 4).
 * Pick fewer digits than the answer's float error allows (4 suits float32 results).
 * @example answerHash(3.14159) → "4:…" ; answerHash(tensor([1, 2]), 2)
 */
export function answerHash(value: unknown, digits = 4): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 15) throw new CheckError(say().hashDigits(digits));
  const hex = createHash("sha256").update(canonical(value, digits)).digest("hex").slice(0, 32);
  return `${digits}:${hex}`;
}

/**
 * The answer `got` hashes to `hash` (made by `answerHash`), without revealing the answer.
 * @example expectHash(gradientAtZero, "4:5feceb66ffc86f38d952786c6d696c79")
 */
export function expectHash(got: unknown, hash: string): void {
  const digits = Number(hash.split(":")[0]);
  if (answerHash(got, digits) !== hash) throw new CheckError(say().hash(describe(got), digits));
}
