/**
 * Which `@types` packages cells see. With no `types` option, TypeScript includes every
 * package in the `node_modules/@types` folders above the notebook, so a notebook inside
 * this project saw the project's own development types: `@types/jsdom` (which pulls in
 * the browser's DOM library: `document` type-checked in a Node kernel), `@types/emscripten`
 * and others, and the kernel parsed a megabyte more declarations at every start. In this
 * project's own `@types` folder only `@types/node` is offered to cells; `@types` folders
 * of the student's own projects are untouched.
 *
 * Example: `offerOnlyNodeTypes(ts, "/abs/gradbook/node_modules/@types")` before tslab builds its program.
 */
import type { TypeScriptApi } from "./tslab.js";

/** Makes TypeScript's listing of `typesFolder` show only `node` (for automatic type inclusion). */
export function offerOnlyNodeTypes(ts: TypeScriptApi, typesFolder: string): void {
  const list = ts.sys.getDirectories.bind(ts.sys);
  const normalized = typesFolder.replace(/\\/g, "/").replace(/\/$/, "");
  ts.sys.getDirectories = (path: string) => {
    const entries = list(path);
    return path.replace(/\\/g, "/").replace(/\/$/, "") === normalized ? entries.filter((name) => name === "node") : entries;
  };
}
