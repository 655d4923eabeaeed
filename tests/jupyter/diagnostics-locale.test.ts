// A cell's type errors follow setLocale: TypeScript's own Russian diagnostics after
// setLocale("ru"), English again after setLocale("en").
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { KernelClient, root } from "./helpers/kernel-client.js";
import { diagnosticsLanguage } from "../../kernel/src/jupyter/diagnostics-locale.js";
import type { TypeScriptApi } from "../../kernel/src/jupyter/tslab.js";

const ts = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScriptApi;

/** The first type error of `source`, checked alone (no lib: fast). */
function typeErrorOf(source: string): string {
  const options = { noEmit: true, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  const cell = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2020);
  host.getSourceFile = (name) => (name === "cell.ts" ? cell : undefined);
  const program = ts.createProgram(["cell.ts"], options, host);
  return ts.flattenDiagnosticMessageText(program.getSemanticDiagnostics(cell)[0]!.messageText, "\n");
}

test("diagnosticsLanguage switches TypeScript's messages to Russian and back", () => {
  const speak = diagnosticsLanguage(ts);
  const english = typeErrorOf("const n: number = missingName;");
  assert.match(english, /Cannot find name 'missingName'/);
  speak("ru");
  const russian = typeErrorOf("const n: number = missingName;");
  assert.match(russian, /[а-яА-Я]/, russian);
  assert.match(russian, /missingName/);
  speak("en");
  assert.equal(typeErrorOf("const n: number = missingName;"), english);
});

test("in the kernel, a cell's type error reads in Russian after setLocale(\"ru\")", async (t) => {
  if (!existsSync(join(root, "kernel", "dist", "index.js"))) return t.skip("kernel/dist/index.js is not built");
  const kernel = await KernelClient.start({ cwd: root });
  try {
    const before = await kernel.execute("const a: number = notDefinedAnywhere;", {}, 120_000);
    assert.match(before.reply.content.evalue, /Cannot find name 'notDefinedAnywhere'/);
    assert.equal((await kernel.execute('setLocale("ru")')).reply.content.status, "ok");
    const after = await kernel.execute("const b: number = notDefinedAnywhere;");
    assert.equal(after.reply.content.ename, "TypeScriptError");
    assert.match(after.reply.content.evalue, /[а-яА-Я].*notDefinedAnywhere|notDefinedAnywhere.*[а-яА-Я]/);
    await kernel.execute('setLocale("en")');
    assert.match((await kernel.execute("const c: number = notDefinedAnywhere;")).reply.content.evalue, /Cannot find name/);
  } finally {
    await kernel.close();
  }
});
