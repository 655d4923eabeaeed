/**
 * The prelude: before the first cell, the kernel declares
 *
 *   import { tensor, display, ... } from "/abs/kernel/dist/index.js";
 *   import { comms } from "/abs/kernel/dist/jupyter/cell-api.js";
 *
 * as if a cell had run it, so every cell has the library's public API in scope with
 * its types (type checking and completion read the .d.ts files next to those paths).
 * The modules themselves are loaded with `import()` (they are ES modules and may use
 * top-level await, which `require` cannot load), and tslab's `require` is taught to
 * hand those very instances to cells: the same module instance the kernel installed
 * its output sink into, and the same one `import ... from "gradbook"` gets in a cell.
 *
 * Example: `await runPrelude(engine, [{ path: libraryPath, aliases: ["gradbook"] }, { path: cellApiPath }])`.
 */
import { pathToFileURL } from "node:url";
import type { Engine } from "./tslab.js";
import { debug } from "./log.js";

export interface PreludeModule {
  /** Absolute path of the compiled module (its .d.ts must sit next to it). */
  path: string;
  /** Other specifiers cells may import it by, e.g. "gradbook". */
  aliases?: string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The prelude for modules already loaded (`namespaces[i]` belongs to `modules[i]`): its
 * import statements and the values they bind; a name is taken once, first module first.
 * @example preludeOf([{ path: "/abs/index.js" }], [{ tensor }]) // { source: 'import { tensor } from "/abs/index.js";', values: { tensor } }
 */
export function preludeOf(modules: PreludeModule[], namespaces: object[]): { source: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const lines: string[] = [];
  modules.forEach((module, i) => {
    const namespace = namespaces[i] as Record<string, unknown>;
    const names = Object.keys(namespace).filter((name) => IDENTIFIER.test(name) && name !== "default" && !(name in values));
    for (const name of names) values[name] = namespace[name];
    if (names.length > 0) lines.push(`import { ${names.join(", ")} } from ${JSON.stringify(module.path)};`);
  });
  return { source: lines.join("\n"), values };
}

/**
 * Loads the modules, serves them to cells and declares their exports for every cell. A
 * module that is missing or fails to load is skipped (reported in the debug log), so the
 * kernel still starts. The prelude is not converted like a cell (the converter's output
 * for an import is the import itself): the first cell's check reads the declarations.
 */
export async function runPrelude(engine: Engine, modules: PreludeModule[]): Promise<void> {
  const loaded: PreludeModule[] = [];
  const namespaces: object[] = [];
  const served = new Map<string, object>();
  for (const module of modules) {
    try {
      const namespace = (await import(pathToFileURL(module.path).href)) as object;
      loaded.push(module);
      namespaces.push(namespace);
      for (const id of [module.path, ...(module.aliases ?? [])]) served.set(id, namespace);
    } catch (error) {
      debug(`prelude: could not load ${module.path}: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
  engine.wrapRequire((original) => (id) => served.get(id) ?? original(id));
  const { source, values } = preludeOf(loaded, namespaces);
  if (source) engine.preload(source, values);
  debug(`prelude: ${Object.keys(values).length} names declared`);
}
