// V8's code cache for a big CommonJS module (TypeScript, in the kernel): the first process
// compiles it and saves the cache; the next one compiles from it; a cache V8 rejects is
// written again, and one that cannot be written only costs time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const codeCache = pathToFileURL(join(import.meta.dirname, "../../kernel/src/jupyter/code-cache.ts")).href;

/** Loads `module` with the code cache in a fresh process, saves, and reports what happened. */
function loadInFreshProcess(module: string, cacheFolder: string): { answer: number; cacheUsed: boolean } {
  const script = `
    import { createRequire } from "node:module";
    const { requireWithCodeCache } = await import(${JSON.stringify(codeCache)});
    const loaded = requireWithCodeCache(createRequire(${JSON.stringify(module)}), ${JSON.stringify(module)}, ${JSON.stringify(cacheFolder)});
    loaded.save();
    console.log(JSON.stringify({ answer: loaded.exports.answer(), cacheUsed: loaded.cacheUsed }));`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
}

test("the first process saves the cache, the next compiles from it; a corrupt cache is replaced", () => {
  const folder = mkdtempSync(join(tmpdir(), "gradbook-code-cache-"));
  try {
    const module = join(folder, "big.cjs");
    // Enough functions that V8 has something to cache.
    const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join("\n");
    writeFileSync(module, `${functions}\nexports.answer = () => f41(1);\n`);
    const cacheFolder = join(folder, "cache");
    assert.deepEqual(loadInFreshProcess(module, cacheFolder), { answer: 42, cacheUsed: false });
    const [cacheFile] = readdirSync(cacheFolder);
    assert.match(cacheFile!, /^big\.cjs-[0-9a-f]{16}\.v8cache$/);
    assert.deepEqual(loadInFreshProcess(module, cacheFolder), { answer: 42, cacheUsed: true });
    writeFileSync(join(cacheFolder, cacheFile!), "not a V8 cache");
    assert.deepEqual(loadInFreshProcess(module, cacheFolder), { answer: 42, cacheUsed: false }, "a rejected cache is not used");
    assert.deepEqual(loadInFreshProcess(module, cacheFolder), { answer: 42, cacheUsed: true }, "and is written again");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a cache folder that cannot be written costs nothing but the time", () => {
  const folder = mkdtempSync(join(tmpdir(), "gradbook-code-cache-"));
  try {
    const module = join(folder, "small.cjs");
    writeFileSync(module, "exports.answer = () => 42;\n");
    const blocked = join(folder, "a-file");
    writeFileSync(blocked, "");
    // The cache folder would be inside a file: mkdir fails, the module still loads.
    assert.deepEqual(loadInFreshProcess(module, join(blocked, "cache")), { answer: 42, cacheUsed: false });
    assert.equal(existsSync(join(blocked, "cache")), false);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
