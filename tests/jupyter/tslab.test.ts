// Cells are type-checked by tslab's TypeScript (5.0.4, a fork that exports compiler
// internals tslab needs) while the library is built with the project's (5.9.3): the
// library's declaration files, which cells are checked against, must stay valid for the
// older compiler. This checks them with it, without skipLibCheck.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { root } from "./helpers/kernel-client.js";
import { typeScriptVersion, type TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;

test("the library's .d.ts files type-check with the TypeScript tslab checks cells with", (t) => {
  const index = join(root, "kernel", "dist", "index.d.ts");
  if (!existsSync(index)) return t.skip("kernel/dist is not built");
  assert.equal(typeScriptVersion(), ts.version);
  const program = ts.createProgram([index, join(root, "kernel", "dist", "jupyter", "cell-api.d.ts")], {
    target: ts.ScriptTarget.ES2020,
    lib: ["lib.es2020.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ["node"],
    noEmit: true,
    skipLibCheck: false,
    strict: true,
  });
  const ours = (file: { fileName: string }) => file.fileName.includes("/kernel/dist/");
  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].filter((d) => d.file && ours(d.file));
  const text = diagnostics.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  assert.ok(program.getSourceFiles().filter(ours).length > 20, "the library's declarations were read");
  assert.deepEqual(text, []);
});
