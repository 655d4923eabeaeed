// Node's declarations reach cells in two steps (node-types.ts): a lite index with the
// files that declare globals first, the full one after an upgrade. A cell never depends on
// which: one that fails its check against the lite index is checked again against the full one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient, root } from "./helpers/kernel-client.js";
import { offerNodeTypesLazily } from "../../kernel/src/jupyter/node-types.js";
import type { TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;

test("the lite index keeps the files that declare globals; upgrade restores the full index and tells the watchers", () => {
  const folder = mkdtempSync(join(tmpdir(), "gradbook-node-types-"));
  try {
    const types = join(folder, "node_modules", "@types", "node");
    mkdirSync(types, { recursive: true });
    writeFileSync(join(types, "globals.d.ts"), "declare var liteGlobal: number;\n");
    writeFileSync(join(types, "timers.d.ts"), 'declare module "timers" { global { function later(): void; } }\n');
    writeFileSync(join(types, "fs.d.ts"), 'declare module "fs" { export function read(): string; }\n');
    writeFileSync(join(types, "crypto.d.ts"), 'declare module "crypto" { global { var crypto: object; } }\n');
    const index = join(types, "index.d.ts");
    const references = ["globals", "timers", "fs", "crypto"].map((name) => `/// <reference path="${name}.d.ts" />`);
    writeFileSync(index, ["// header", ...references, ""].join("\n"));

    const nodeTypes = offerNodeTypesLazily(ts);
    const told: string[] = [];
    const watcher = ts.sys.watchFile!(index, (file) => told.push(file));
    const lite = ts.sys.readFile(index)!;
    assert.equal(nodeTypes.full, false);
    assert.match(lite, /globals\.d\.ts/);
    assert.match(lite, /timers\.d\.ts/, "a module file with a global block declares globals");
    assert.doesNotMatch(lite, /fs\.d\.ts/, "a module-only file waits for the upgrade");
    assert.doesNotMatch(lite, /crypto\.d\.ts/, "crypto's global is deferred");
    assert.match(lite, /\/\/ header/);
    assert.equal(ts.sys.readFile(join(types, "fs.d.ts")), 'declare module "fs" { export function read(): string; }\n', "other files are read as they are");

    assert.equal(nodeTypes.upgrade(), true);
    assert.deepEqual(told, [index]);
    assert.equal(ts.sys.readFile(index)!.split("\n").length, references.length + 2);
    assert.equal(nodeTypes.upgrade(), false, "a second upgrade does nothing");
    assert.deepEqual(told, [index]);
    watcher.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a first cell that needs Node modules or deferred globals type-checks and runs; type errors are still reported", async (t) => {
  if (!existsSync(join(root, "kernel", "dist", "index.js"))) return t.skip("kernel/dist/index.js is not built");
  const kernel = await KernelClient.start({ cwd: root });
  try {
    const first = await kernel.execute('import { readFileSync } from "fs";\n[typeof readFileSync, typeof crypto.randomUUID(), process.version.length > 0]', {}, 120_000);
    assert.equal(first.reply.content.status, "ok", JSON.stringify(first.reply.content));
    assert.equal(first.outputs.find((m) => m.header.msg_type === "execute_result")!.content.data["text/plain"], "[ 'function', 'string', true ]");
    const wrong = await kernel.execute('import { nothingLikeThis } from "fs";');
    assert.equal(wrong.reply.content.ename, "TypeScriptError");
    assert.match(wrong.reply.content.evalue, /nothingLikeThis/);
  } finally {
    await kernel.close();
  }
});
