/**
 * V8's code cache for one big CommonJS module. TypeScript is a 9 MB file that V8 compiles
 * at every kernel start (≈ 70 ms on a small machine, before any cell can be checked).
 * `requireWithCodeCache` loads it through `vm.Script` with the cache saved by an earlier
 * start; `save()` (called in idle time, after the first cells compiled most of the
 * functions a check needs) writes the cache when there was none or V8 rejected it (another
 * Node version, other flags, another TypeScript). A cache that cannot be read or written
 * only costs the time it would have saved.
 *
 * Example:
 *   const { exports: ts, save } = requireWithCodeCache(require, "typescript", cacheFolder);
 *   kernel.whenIdle(save);
 */
import Module, { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import vm from "node:vm";
import { debug } from "./log.js";

type Loader = (module: NodeJS.Module & { _compile?: unknown }, filename: string) => void;
const loaders = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

export interface CachedModule {
  exports: unknown;
  /** Whether V8 compiled the module from a cache an earlier process saved (debugging, tests). */
  readonly cacheUsed: boolean;
  /** Writes the code cache if this start had none that V8 accepted. */
  save(): void;
}

/**
 * `require(id)`, compiled with V8's code cache kept in `cacheFolder`.
 * @example const { exports, save } = requireWithCodeCache(createRequire(import.meta.url), "typescript", "/tmp/gradbook-cache");
 */
export function requireWithCodeCache(require: NodeJS.Require, id: string, cacheFolder: string): CachedModule {
  const filename = require.resolve(id);
  if (require.cache[filename]) return { exports: require(id), cacheUsed: false, save() {} };
  const cacheFile = join(cacheFolder, `${cacheName(filename)}.v8cache`);
  let script: vm.Script | undefined;
  let accepted = false;
  const plainLoader = loaders[".js"]!;
  loaders[".js"] = (module, file) => {
    if (file !== filename) return plainLoader(module, file);
    const cachedData = readIfPresent(cacheFile);
    script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
    accepted = cachedData !== undefined && !script.cachedDataRejected;
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  };
  let exports: unknown;
  try {
    exports = require(id);
  } finally {
    loaders[".js"] = plainLoader;
  }
  debug(`${id}: code cache ${accepted ? "used" : "absent or rejected"}`);
  return {
    exports,
    cacheUsed: accepted,
    save() {
      if (accepted || !script) return;
      try {
        mkdirSync(cacheFolder, { recursive: true });
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile); // Atomic: a kernel starting meanwhile reads the old cache or none.
        accepted = true;
      } catch (error) {
        debug(`${id}: code cache not saved: ${(error as Error).message}`);
      }
    },
  };
}

/** One cache per module version, Node version and V8 flags (V8 rejects a cache made under others). */
function cacheName(filename: string): string {
  const { size, mtimeMs } = statSync(filename);
  const key = [filename, size, mtimeMs, process.version, process.arch, ...process.execArgv].join("\0");
  return `${filename.split(/[\\/]/).pop()}-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
