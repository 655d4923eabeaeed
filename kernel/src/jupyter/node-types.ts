/**
 * Node's type declarations, offered to cells in two steps so the first cell runs sooner.
 * `@types/node` is 2.2 MB of declarations, two thirds of what TypeScript parses and binds
 * before the first cell can be checked (≈ 0.3 s of a 1.4 s start). Most of it declares
 * modules a cell only sees when it imports them ("fs", "http", "crypto", ...); the globals
 * a cell can use without an import (console, setTimeout, process, Buffer, URL,
 * TextEncoder, performance, ...) come from a few files. Until `upgrade()`, TypeScript reads
 * an `index.d.ts` that references only the files declaring globals; `upgrade()` restores the
 * full index (the watch program then parses the rest once). The engine upgrades when a cell
 * fails its type check while the lite index is in place and checks it again, and after the
 * first cell, in idle time; so a cell is never judged against the lite declarations alone.
 *
 * Example:
 *   const nodeTypes = offerNodeTypesLazily(ts); // before tslab builds its program
 *   ...
 *   if (report.diagnostics.length > 0 && nodeTypes.upgrade()) report = await executeAgain();
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { TypeScriptApi } from "./tslab.js";

/** The entry files of @types/node TypeScript may read (typesVersions picks ts5.6/ for TypeScript ≤ 5.6). */
const INDEX = /[\\/]@types[\\/]node[\\/](?:ts[\d.]+[\\/])?index\.d\.ts$/;

/** Files that declare globals but whose globals cells rarely use: left to the upgrade (crypto.d.ts is 190 KB for `crypto`). */
const DEFERRED_GLOBALS = new Set(["crypto.d.ts"]);

export interface NodeTypes {
  /** True once the full declarations are offered. */
  readonly full: boolean;
  /** Offers the full declarations (TypeScript reparses at its next check); false when they already were. */
  upgrade(): boolean;
}

/**
 * Makes TypeScript read a lite `@types/node` index until `upgrade()`. Call before the
 * program is created: it wraps `ts.sys.readFile` and `ts.sys.watchFile`.
 * @example const nodeTypes = offerNodeTypesLazily(ts); nodeTypes.full // false
 */
export function offerNodeTypesLazily(ts: TypeScriptApi): NodeTypes {
  let full = false;
  const changed = new Map<string, Array<(file: string, kind: number) => void>>();
  const readFile = ts.sys.readFile.bind(ts.sys);
  const watchFile = ts.sys.watchFile?.bind(ts.sys);
  ts.sys.readFile = (path, encoding) => {
    const text = readFile(path, encoding);
    return text !== undefined && !full && INDEX.test(path) ? liteIndex(path, text) : text;
  };
  ts.sys.watchFile = (path, callback, interval, options) => {
    if (INDEX.test(path)) {
      // The index only changes when we upgrade it: remember whom to tell instead of watching the disk.
      changed.set(path, [...(changed.get(path) ?? []), callback]);
      return { close: () => changed.set(path, (changed.get(path) ?? []).filter((other) => other !== callback)) };
    }
    return watchFile ? watchFile(path, callback, interval, options) : { close() {} };
  };
  return {
    get full() {
      return full;
    },
    upgrade() {
      if (full) return false;
      full = true;
      for (const [path, callbacks] of changed) for (const callback of callbacks) callback(path, ts.FileWatcherEventKind.Changed);
      return true;
    },
  };
}

/** `index` with only the `/// <reference path>` lines of files that declare globals. */
function liteIndex(indexPath: string, index: string): string {
  const folder = dirname(indexPath);
  return index
    .split("\n")
    .filter((line) => {
      const reference = /^\/\/\/\s*<reference\s+path="([^"]+)"/.exec(line);
      return !reference || declaresGlobals(join(folder, reference[1]!));
    })
    .join("\n");
}

/** A script file (no `declare module`) or a module file with a `global { }` block, unless deferred. */
function declaresGlobals(path: string): boolean {
  if (DEFERRED_GLOBALS.has(path.split(/[\\/]/).pop()!)) return false;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return true; // Let TypeScript report it as it would.
  }
  return /\bglobal\s*\{/.test(text) || !/^declare module ["']/m.test(text);
}
