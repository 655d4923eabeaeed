/**
 * The one place that reaches into tslab's internals (pinned to tslab 1.0.22): its
 * converter (type-check + transpile a cell against the previous cells' declarations)
 * and its executor (run the output in this realm with `vm.runInThisContext`).
 * Everything is loaded lazily because loading TypeScript and building the first program
 * takes over a second; the kernel starts its I/O thread first and calls `loadTslab()` after.
 *
 * Example:
 *   const tslab = loadTslab();
 *   const engine = tslab.createEngine(process.cwd(), { transformOutput: (js) => js });
 *   const report = await engine.execute("1 + 1"); // report.value === 2
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type * as ConverterModule from "tslab/dist/converter.js";
import type * as ExecutorModule from "tslab/dist/executor.js";
import type * as InspectModule from "tslab/dist/inspect.js";
import type * as TypeScript from "@tslab/typescript-for-tslab";
import { guardNames } from "./protect.js";
import { survivingDeclarations } from "./declarations.js";
import { offerOnlyNodeTypes } from "./type-roots.js";
import { offerNodeTypesLazily, type NodeTypes } from "./node-types.js";
import { requireWithCodeCache } from "./code-cache.js";
import { diagnosticsLanguage } from "./diagnostics-locale.js";

const require = createRequire(import.meta.url);

export type TypeScriptApi = typeof TypeScript;
export type Diagnostic = ConverterModule.Diagnostic;

/** What one `execute` produced: the last expression's value and/or the failure. */
export interface ExecutionReport {
  ok: boolean;
  /** True when the last expression had a value other than undefined/null (tslab's rule). */
  hasValue: boolean;
  value?: unknown;
  /** TypeScript diagnostics (syntax or type errors) that stopped the cell before it ran. */
  diagnostics: Diagnostic[];
  /** Whether a runtime error was thrown, and what (may be any value: `throw null` too). */
  threw: boolean;
  error?: unknown;
}

export interface EngineHooks {
  /**
   * Rewrites the JavaScript the converter produced before the executor runs it
   * (the kernel adds interrupt checks and a `//# sourceURL`). `hasTopLevelAwait` tells
   * which wrapper the executor puts around it.
   */
  transformOutput(js: string, hasTopLevelAwait: boolean): string;
  /** Called around each conversion so the kernel can keep TypeScript's own logging out of the cell's stdout. */
  converting?(active: boolean): void;
  /** The language a cell's type errors are reported in ("en" when absent); read before each cell. */
  locale?(): string;
}

export interface Engine {
  /** Type-checks, transpiles and runs `code`; resolves once top-level awaits settle. */
  execute(code: string): Promise<ExecutionReport>;
  /** Completion candidates at a UTF-16 offset, with TypeScript's kind of each (`kinds[i]`: "method", "property", ...). */
  complete(code: string, offset: number): { start: number; end: number; candidates: string[]; kinds?: string[] };
  /** Quick info (type and doc comment) at a UTF-16 offset, as text; undefined when nothing is there. */
  inspect(code: string, offset: number): string | undefined;
  /** Rejects the pending top-level await of the running cell (tslab's asynchronous interrupt). */
  interrupt(): void;
  /**
   * Declares names for the following cells without checking or running a cell:
   * `declarations` must be what the converter would keep of a cell that imports them
   * (its import statements, unchanged), `values` their values. The kernel's prelude uses
   * it: converting a 400-name import costs a tenth of a second that a student waits for.
   */
  preload(declarations: string, values: Readonly<Record<string, unknown>>): void;
  /**
   * Work left from start-up, for idle time: offers cells the full Node declarations
   * (node-types.ts) and checks an empty cell so the next cell does not pay for it.
   */
  warmUp(): void;
  /**
   * Replaces `require` for cells. The executor hands cells `globalThis.__tslab__.require`;
   * wrapping it lets the kernel serve preloaded ES modules without `require(esm)`.
   */
  wrapRequire(wrap: (original: NodeJS.Require) => (id: string) => unknown): void;
  /**
   * From now on, cells cannot redefine `names` (the error comes from `refuse`); the
   * scope holder itself is made read-only so a cell cannot swap the guard out.
   */
  protect(names: readonly string[], refuse: (name: string) => Error): void;
}

/** The prefix tslab's executor puts on the first line of every cell (column offsets of line 1). */
export function executorPrefix(hasTopLevelAwait: boolean): string {
  return hasTopLevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
}

/** The TypeScript version tslab compiles with (cheap: reads package.json only). */
export function typeScriptVersion(): string {
  const path = require.resolve("@tslab/typescript-for-tslab/package.json");
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

export interface Tslab {
  ts: TypeScriptApi;
  /** Saves V8's compiled code of TypeScript for the next start (idle-time work; code-cache.ts). */
  saveCodeCache(): void;
  createEngine(rootDir: string, hooks: EngineHooks): Engine;
  /** tslab's "is this cell finished?" check: `{ completed, indent }`. */
  isCompleteCode(code: string): { completed: boolean; indent?: string };
}

let loaded: Tslab | undefined;

/** Loads TypeScript and tslab (once; about a second on a small machine). */
export function loadTslab(): Tslab {
  if (loaded) return loaded;
  const typescript = requireWithCodeCache(require, "@tslab/typescript-for-tslab", fileURLToPath(new URL("../.cache/", import.meta.url)));
  const ts = typescript.exports as TypeScriptApi;
  offerOnlyNodeTypes(ts, dirname(dirname(require.resolve("@types/node/package.json"))));
  const nodeTypes = offerNodeTypesLazily(ts);
  const converterModule = require("tslab/dist/converter.js") as typeof ConverterModule;
  const executorModule = require("tslab/dist/executor.js") as typeof ExecutorModule;
  const inspectModule = require("tslab/dist/inspect.js") as typeof InspectModule;
  loaded = {
    ts,
    saveCodeCache: typescript.save,
    isCompleteCode: (code) => converterModule.isCompleteCode(code),
    createEngine: (rootDir, hooks) => createEngine(ts, nodeTypes, rootDir, hooks, converterModule, executorModule, inspectModule),
  };
  return loaded;
}

/**
 * The declarations cells see. tslab's executor passes its own "previous declarations" to
 * the converter and replaces them only after a cell succeeded; the engine keeps them here
 * instead (the converters ignore tslab's copy), so a failed cell can leave the declarations
 * whose values were assigned (declarations.ts).
 */
interface DeclarationState {
  current: string;
  /** What the cell being run would leave if it succeeds (undefined: it did not convert). */
  converted?: string;
}

function createEngine(
  ts: TypeScriptApi,
  nodeTypes: NodeTypes,
  rootDir: string,
  hooks: EngineHooks,
  converterModule: typeof ConverterModule,
  executorModule: typeof ExecutorModule,
  inspectModule: typeof InspectModule,
): Engine {
  let lastDiagnostics: Diagnostic[] = [];
  const declarations: DeclarationState = { current: "" };
  const nodeConverter = converterModule.createConverter();
  const node = wrapConverter(nodeConverter, hooks, declarations, (diagnostics) => (lastDiagnostics = diagnostics));
  // The browser converter (`//%browser` cells) costs another second to build: only on demand.
  let browser: ConverterModule.Converter | undefined;
  const converters = {
    node,
    get browser() {
      return (browser ??= wrapConverter(converterModule.createConverter({ isBrowser: true }), hooks, declarations, () => {}));
    },
    close() {
      node.close();
      browser?.close();
    },
  };
  // The executor reports through this console: `log(value)` for the last expression,
  // `error(...)` for diagnostics and thrown values. We turn those calls into a report.
  let report = emptyReport();
  const reporter = {
    log(value?: unknown) {
      report.hasValue = true;
      report.value = value;
    },
    error(first?: unknown, ...rest: unknown[]) {
      if (first === "%s%d:%d - %s" && rest.length === 4) return; // diagnostics: taken from the converter instead
      report.threw = true;
      report.error = first;
    },
  };
  const executor = executorModule.createExecutor(rootDir, converters, reporter);
  const assigned = trackAssignments();
  const speak = diagnosticsLanguage(ts);
  const executeOnce = async (code: string): Promise<ExecutionReport> => {
    speak(hooks.locale?.() ?? "en");
    report = emptyReport();
    lastDiagnostics = [];
    declarations.converted = undefined;
    assigned.clear();
    const current = report;
    const ok = await executor.execute(code);
    current.ok = ok && !current.threw;
    current.diagnostics = lastDiagnostics;
    const converted = declarations.converted;
    if (converted !== undefined && current.diagnostics.length === 0) {
      declarations.current = current.ok ? converted : survivingDeclarations(ts, declarations.current, converted, assigned);
    }
    return current;
  };
  return {
    async execute(code) {
      const current = await executeOnce(code);
      // A cell that failed its check against the lite Node declarations is checked against the full ones (it did not run).
      return current.diagnostics.length > 0 && nodeTypes.upgrade() ? executeOnce(code) : current;
    },
    preload(source, values) {
      declarations.current = declarations.current ? `${declarations.current}\n${source}` : source;
      const { exports } = tslabHolder();
      for (const [name, value] of Object.entries(values)) exports[name] = value;
    },
    warmUp() {
      if (nodeTypes.upgrade()) quietly(hooks, () => nodeConverter.convert(declarations.current, ""));
    },
    complete(code, offset) {
      const info = executor.complete(code, offset);
      const kinds = new Map((info.original?.entries ?? []).map((entry) => [entry.name, String(entry.kind)]));
      const kindOf = (name: string) => {
        const kind = kinds.get(name) ?? "";
        // Imported names (the preloaded library's) are "alias" to TypeScript: say what their value is.
        return kind === "alias" ? valueKind((executor.locals as Record<string, unknown>)[name]) : kind;
      };
      return { start: info.start, end: info.end, candidates: info.candidates, kinds: info.candidates.map(kindOf) };
    },
    inspect(code, offset) {
      const info = executor.inspect(code, offset);
      if (!info) return undefined;
      const text = inspectModule.printQuickInfo(info);
      return text || undefined;
    },
    interrupt() {
      executor.interrupt();
    },
    wrapRequire(wrap) {
      const holder = tslabHolder();
      const original = holder.require;
      const replacement = wrap(original);
      holder.require = new Proxy(original, {
        apply: (_target, self, args: unknown[]) =>
          args.length === 1 && typeof args[0] === "string" ? replacement(args[0]) : Reflect.apply(original, self, args),
      });
    },
    protect(names, refuse) {
      const holder = tslabHolder();
      // The executor reads `__tslab__.exports` for every cell: the guard stands in front of its scope.
      Object.defineProperty(holder, "exports", { value: guardNames(holder.exports, names, refuse), writable: false, configurable: false });
      Object.defineProperty(globalThis, "__tslab__", { value: holder, writable: false, configurable: false });
    },
  };
}

/** What tslab's executor hands every cell: the scope between cells (`exports`) and `require`. */
interface TslabHolder {
  exports: Record<string, unknown>;
  require: NodeJS.Require;
}

function tslabHolder(): TslabHolder {
  return (globalThis as unknown as { __tslab__: TslabHolder }).__tslab__;
}

/**
 * Records the names a cell assigns to tslab's `exports` (where every top-level declaration
 * lives between cells) by putting a recording proxy in front of it: the executor hands cells
 * `globalThis.__tslab__.exports`. Returns the set of names assigned since the last clear().
 */
function trackAssignments(): Set<string> {
  const assigned = new Set<string>();
  const holder = tslabHolder();
  holder.exports = new Proxy(holder.exports, {
    defineProperty(target, name, attributes) {
      if (typeof name === "string") assigned.add(name);
      return Reflect.defineProperty(target, name, attributes);
    },
  });
  return assigned;
}

/**
 * TypeScript's CommonJS output starts by setting every export to undefined
 * (`exports.a = exports.b = void 0;`). In a cell that would wipe the earlier value of a name
 * the cell declares again before the new one is assigned, so a failing cell would leave it
 * undefined: the line is blanked (its newline stays, so line numbers do not move).
 */
export function withoutExportResets(js: string): string {
  return js.replace(/^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;$/gm, "");
}

/** A completion kind for a value: "class", "function", "const", or "alias" when there is none (a type). */
function valueKind(value: unknown): string {
  if (typeof value === "function") return /^class\b/.test(Function.prototype.toString.call(value)) ? "class" : "function";
  return value === undefined ? "alias" : "const";
}

function emptyReport(): ExecutionReport {
  return { ok: false, hasValue: false, diagnostics: [], threw: false };
}

/** Runs a conversion with the kernel told, so TypeScript's own logging stays out of the cell's output. */
function quietly<T>(hooks: EngineHooks, run: () => T): T {
  hooks.converting?.(true);
  try {
    return run();
  } finally {
    hooks.converting?.(false);
  }
}

function wrapConverter(
  converter: ConverterModule.Converter,
  hooks: EngineHooks,
  declarations: DeclarationState,
  onDiagnostics: (diagnostics: Diagnostic[]) => void,
): ConverterModule.Converter {
  return {
    convert(_tslabDeclarations, src) {
      const result = quietly(hooks, () => converter.convert(declarations.current, src));
      onDiagnostics(result.diagnostics);
      declarations.converted = result.declOutput ?? "";
      if (result.output) result.output = hooks.transformOutput(withoutExportResets(result.output), result.hasToplevelAwait === true);
      return result;
    },
    inspect: (_tslabDeclarations, src, position) => quietly(hooks, () => converter.inspect(declarations.current, src, position)),
    complete: (_tslabDeclarations, src, position) => quietly(hooks, () => converter.complete(declarations.current, src, position)),
    addModule: (name, content, meta) => quietly(hooks, () => converter.addModule(name, content, meta)),
    close: () => converter.close(),
  };
}
