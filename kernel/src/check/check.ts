/**
 * `check(name, body)`: one named check in an assignment's test cell. The body calls the
 * `expect…` helpers; a pass prints one line, a failure throws a CheckError that names the
 * check and says what was expected and what came. An async body makes `check` return a
 * promise (await it).
 *
 * Example:
 *   check("the gradient of x²", () => expectClose(grad((x) => x.square())(tensor(3)), 6));
 *   // ✓ the gradient of x²: passed
 */
import { GradbookError } from "../tensor/errors.js";
import { CheckError } from "./error.js";
import { say } from "./messages.js";

// Taken once at load: a cell that replaces console.log later cannot hide a failure or fake a pass.
const print = console.log.bind(console);

function failure(name: string, error: unknown): CheckError {
  const reason =
    error instanceof CheckError
      ? error.reason
      : error instanceof Error
        ? `${error.name}: ${error instanceof GradbookError ? error.message : error.message.split("\n")[0]}`
        : String(error);
  return new CheckError(say().failed(name, reason));
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

export function check(name: string, body: () => Promise<unknown>): Promise<void>;
export function check(name: string, body: () => unknown): void;
/**
 * Runs the named check; prints `✓ name: passed` or throws `✗ name: <what went wrong>`.
 * @example check("shape", () => expectShape(y, [2, 3]))
 */
export function check(name: string, body: () => unknown): void | Promise<void> {
  if (typeof body !== "function") throw new CheckError(say().notChecked(name));
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    throw failure(name, error);
  }
  if (isPromise(result)) {
    return Promise.resolve(result).then(
      () => print(say().passed(name)),
      (error: unknown) => {
        throw failure(name, error);
      },
    );
  }
  print(say().passed(name));
}
