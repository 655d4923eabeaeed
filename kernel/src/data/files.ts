// Where the package's bundled data lives: kernel/data/, two folders above this module both
// in the sources (src/data/files.ts) and in the build (dist/data/files.js).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { GradbookError } from "../tensor/errors.js";

/**
 * The folder of the bundled data files.
 * @example path.join(dataDirectory, "iris.csv")
 */
export const dataDirectory = fileURLToPath(new URL("../../data/", import.meta.url));

/** The absolute path of a bundled data file; a missing one is a broken install, said so. */
export function dataFile(name: string): string {
  const path = join(dataDirectory, name);
  if (!existsSync(path)) {
    throw new GradbookError(`the bundled data file ${name} is missing (looked for ${path}); gradbook's data/ folder should ship with the package — reinstall gradbook, or restore kernel/data/ in a source checkout`);
  }
  return path;
}

/** A bundled file's bytes, gunzipped when its name ends in ".gz". */
export function readDataFile(name: string): Buffer {
  const bytes = readFileSync(dataFile(name));
  return name.endsWith(".gz") ? gunzipSync(bytes) : bytes;
}
