/**
 * Keeps names out of reach of cells. Every declaration a cell makes, and every reference
 * to an earlier cell's, goes through one object (tslab's `exports`); a guard in front of
 * it refuses to set, define or delete a protected name, so a cell that redefines `check`
 * fails at once with a message saying why, and later test cells still call the real one.
 *
 * Example:
 *   const scope = guardNames(exportsObject, ["check"], (name) => new Error(`${name} is protected`));
 *   scope.check = () => {}; // throws "check is protected"
 */
import { checkLocale } from "../check/locale.js";

/** A proxy of `scope` on which the `names` cannot be assigned, redefined or deleted. */
export function guardNames<T extends object>(scope: T, names: Iterable<string>, refuse: (name: string) => Error): T {
  const guarded = new Set(names);
  const stop = (name: string | symbol) => {
    if (typeof name === "string" && guarded.has(name)) throw refuse(name);
  };
  return new Proxy(scope, {
    set(target, name, value) {
      stop(name);
      return Reflect.set(target, name, value);
    },
    defineProperty(target, name, descriptor) {
      stop(name);
      return Reflect.defineProperty(target, name, descriptor);
    },
    deleteProperty(target, name) {
      stop(name);
      return Reflect.deleteProperty(target, name);
    },
  });
}

/** The error a cell gets for redefining a protected name, in the student's language. */
export class ProtectedNameError extends Error {
  constructor(name: string) {
    super(
      checkLocale() === "ru"
        ? `«${name}» — часть API проверки заданий, её нельзя переопределить в ячейке; выберите другое имя`
        : `"${name}" belongs to the assignment-checking API and cannot be redefined in a cell; choose another name`,
    );
    this.name = "ProtectedNameError";
  }
}
