/**
 * The prelude: before the first cell, the kernel runs
 *
 *   import { tensor, display, ... } from "/abs/kernel/dist/index.js";
 *   import { comms } from "/abs/kernel/dist/jupyter/cell-api.js";
 *
 * through tslab like any cell, so every cell has the library's public API in scope with
 * its types (type checking and completion read the .d.ts files next to those paths).
 * The modules themselves are loaded with `import()` (they are ES modules and may use
 * top-level await, which `require` cannot load), and tslab's `require` is taught to
 * hand those very instances to cells: the same module instance the kernel installed
 * its output sink into, and the same one `import ... from "gradbook"` gets in a cell.
 *
 * Example: `await runPrelude(engine, [{ path: libraryPath, aliases: ["gradbook"] }, { path: cellApiPath }])`.
 */
import { pathToFileURL } from "node:url";
import type { Engine, ExecutionReport } from "./tslab.js";
import { debug } from "./log.js";

export interface PreludeModule {
  /** Absolute path of the compiled module (its .d.ts must sit next to it). */
  path: string;
  /** Other specifiers cells may import it by, e.g. "gradbook". */
  aliases?: string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The prelude source for modules already loaded (`namespaces[i]` belongs to `modules[i]`); a name is taken once, first module first. */
export function preludeSource(modules: PreludeModule[], namespaces: object[]): string {
  const taken = new Set<string>();
  const lines: string[] = [];
  modules.forEach((module, i) => {
    const names = Object.keys(namespaces[i]!).filter((name) => IDENTIFIER.test(name) && name !== "default" && !taken.has(name));
    names.forEach((name) => taken.add(name));
    if (names.length > 0) lines.push(`import { ${names.join(", ")} } from ${JSON.stringify(module.path)};`);
  });
  return lines.join("\n");
}

/**
 * Loads the modules, serves them to cells and runs the prelude. A module that is missing
 * or fails to load is skipped (reported in the debug log), so the kernel still starts.
 */
export async function runPrelude(
  engine: Engine,
  modules: PreludeModule[],
  beforeRun: (source: string) => void = () => {},
): Promise<ExecutionReport | undefined> {
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
  debug(`prelude: modules loaded`);
  engine.wrapRequire((original) => (id) => served.get(id) ?? original(id));
  const source = preludeSource(loaded, namespaces);
  if (!source) return undefined;
  beforeRun(source);
  const report = await engine.execute(source);
  debug(`prelude: ran`);
  if (!report.ok) {
    debug(`prelude failed: ${JSON.stringify(report.diagnostics.map((d) => d.messageText))} ${String(report.error)}`);
  }
  return report;
}
