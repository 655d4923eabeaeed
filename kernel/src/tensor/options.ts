import { ArgumentError } from "./errors.js";

// Names users bring from other libraries, mapped to gradbook's.
const ALIASES: Readonly<Record<string, string>> = { lr: "learningRate", learning_rate: "learningRate" };

/** Edit distance counting a swap of neighbours as one edit, for "did you mean" on typos such as `epoch`, `bachSize` or `titel`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function suggestion(key: string, known: readonly string[]): string | undefined {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const alias = ALIASES[key];
  return [alias, camel, ...known.filter((k) => k.toLowerCase() === key.toLowerCase())].find((k) => k !== undefined && known.includes(k))
    ?? known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= Math.min(2, Math.floor(k.length / 3)));
}

/**
 * Refuses option keys a function does not know, naming the key and what it likely meant
 * (snake_case, a typo, `lr`), or listing the options. Undefined options pass.
 * @example checkOptions("tensor", { dtyp: "int32" }, ["dtype", "shape", "name"]) // throws: tensor: unknown option "dtyp"; did you mean dtype?
 */
export function checkOptions(where: string, options: object | undefined, known: Iterable<string>): void {
  if (options === undefined || options === null) return;
  const names = [...known];
  for (const key of Object.keys(options)) {
    if (names.includes(key)) continue;
    const meant = suggestion(key, names);
    throw new ArgumentError(
      meant
        ? `${where}: unknown option "${key}"; did you mean ${meant}?`
        : names.length
          ? `${where}: unknown option "${key}"; the options are ${names.join(", ")}`
          : `${where}: unknown option "${key}"; it takes no options`,
    );
  }
}

/**
 * The option names of an options interface as a list for `checkOptions`; the compiler checks
 * the record against the interface, so adding an option without listing it fails to build.
 * @example const names = optionNames<TensorOptions>({ dtype: true, shape: true, name: true });
 */
export function optionNames<T>(names: Record<keyof T, true>): string[] {
  return Object.keys(names);
}

const configChecked = new WeakSet<object>();

/**
 * For objects whose getConfig lists every option they take (layers, losses, optimizers):
 * refuses, once per object, an option given to the constructor that getConfig does not list.
 * It runs at the object's first use, as a base class constructor runs before the subclass's
 * fields exist. A config that cannot be listed (it holds a custom function) is not checked.
 * @example checkConfigOnce(this, this.className, givenConfig, () => this.getConfig())
 */
export function checkConfigOnce(owner: object, where: string, given: object | undefined, getConfig: () => Record<string, unknown>): void {
  if (configChecked.has(owner)) return;
  let known: string[];
  try {
    known = Object.keys(getConfig());
  } catch {
    return;
  }
  checkOptions(where, given, known);
  configChecked.add(owner);
}
