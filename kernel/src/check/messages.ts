/**
 * Every sentence the checking API prints, in Russian and English, chosen by `checkLocale()`.
 *
 * Example: `say().passed("shape")` → "✓ shape: passed" (en) or "✓ shape: пройдено" (ru).
 */
import { checkLocale } from "./locale.js";

interface Messages {
  passed(name: string): string;
  failed(name: string, reason: string): string;
  notChecked(name: string): string;
  shape(expected: string, got: string): string;
  dtype(expected: string, got: string): string;
  close(index: string, expected: string, got: string, difference: string, allowed: string): string;
  notFinite(index: string, got: string): string;
  equal(index: string, expected: string, got: string): string;
  different(expected: string, got: string): string;
  size(expected: number, got: number): string;
  hash(got: string, digits: number): string;
  decreasing(index: number, previous: string, got: string): string;
  tooShort(got: number): string;
  atLeast(bound: string, got: string): string;
  atMost(bound: string, got: string): string;
  truth(what: string): string;
  notNumeric(got: string): string;
  hashDigits(got: number): string;
}

const en: Messages = {
  passed: (name) => `✓ ${name}: passed`,
  failed: (name, reason) => `✗ ${name}: ${reason}`,
  notChecked: (name) => `${name}: the check function must be a function`,
  shape: (expected, got) => `wrong shape: expected ${expected}, got ${got}`,
  dtype: (expected, got) => `wrong dtype: expected ${expected}, got ${got}`,
  close: (index, expected, got, difference, allowed) =>
    `values differ at ${index}: expected ${expected}, got ${got} (difference ${difference}, allowed ${allowed})`,
  notFinite: (index, got) => `the value at ${index} is ${got}`,
  equal: (index, expected, got) => `values differ at ${index}: expected ${expected}, got ${got}`,
  different: (expected, got) => `expected ${expected}, got ${got}`,
  size: (expected, got) => `wrong number of values: expected ${expected}, got ${got}`,
  hash: (got, digits) => `the answer is not right (got ${got}, compared to ${digits} significant digits)`,
  decreasing: (index, previous, got) => `not decreasing: value ${index} is ${got}, after ${previous}`,
  tooShort: (got) => `need at least two values to see a decrease, got ${got}`,
  atLeast: (bound, got) => `expected at least ${bound}, got ${got}`,
  atMost: (bound, got) => `expected at most ${bound}, got ${got}`,
  truth: (what) => `not true: ${what}`,
  notNumeric: (got) => `expected numbers (a number, an array or a tensor), got ${got}`,
  hashDigits: (got) => `answerHash: digits must be an integer from 1 to 15, got ${got}`,
};

const ru: Messages = {
  passed: (name) => `✓ ${name}: пройдено`,
  failed: (name, reason) => `✗ ${name}: ${reason}`,
  notChecked: (name) => `${name}: проверка должна быть функцией`,
  shape: (expected, got) => `неверная форма: ожидалось ${expected}, получено ${got}`,
  dtype: (expected, got) => `неверный dtype: ожидалось ${expected}, получено ${got}`,
  close: (index, expected, got, difference, allowed) =>
    `значения расходятся в ${index}: ожидалось ${expected}, получено ${got} (разница ${difference}, допустимо ${allowed})`,
  notFinite: (index, got) => `значение в ${index} равно ${got}`,
  equal: (index, expected, got) => `значения расходятся в ${index}: ожидалось ${expected}, получено ${got}`,
  different: (expected, got) => `ожидалось ${expected}, получено ${got}`,
  size: (expected, got) => `неверное число значений: ожидалось ${expected}, получено ${got}`,
  hash: (got, digits) => `ответ неверный (получено ${got}, сравнение до ${digits} значащих цифр)`,
  decreasing: (index, previous, got) => `не убывает: значение ${index} равно ${got}, а перед ним ${previous}`,
  tooShort: (got) => `чтобы увидеть убывание, нужно хотя бы два значения, получено ${got}`,
  atLeast: (bound, got) => `ожидалось не меньше ${bound}, получено ${got}`,
  atMost: (bound, got) => `ожидалось не больше ${bound}, получено ${got}`,
  truth: (what) => `неверно: ${what}`,
  notNumeric: (got) => `ожидались числа (число, массив или тензор), получено ${got}`,
  hashDigits: (got) => `answerHash: digits должно быть целым числом от 1 до 15, получено ${got}`,
};

/** The messages in the current locale. */
export function say(): Messages {
  return checkLocale() === "ru" ? ru : en;
}
