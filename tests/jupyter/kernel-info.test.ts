import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gradbookVersion, kernelInfo } from "../../kernel/src/jupyter/kernel-info.js";

const require = createRequire(import.meta.url);
const kernelPackage = JSON.parse(readFileSync(new URL("../../kernel/package.json", import.meta.url), "utf8")) as { version: string };
const typescriptPackage = require("@tslab/typescript-for-tslab/package.json") as { version: string };

test("gradbookVersion is kernel/package.json's version", () => {
  assert.equal(gradbookVersion(), kernelPackage.version);
  assert.match(gradbookVersion(), /^\d+\.\d+\.\d+/);
});

test("kernel_info_reply says protocol 5.3, implementation gradbook and its version", () => {
  const info = kernelInfo();
  assert.equal(info.status, "ok");
  assert.equal(info.protocol_version, "5.3");
  assert.equal(info.implementation, "gradbook");
  assert.equal(info.implementation_version, kernelPackage.version);
  assert.equal(info.debugger, false);
});

test("language_info describes TypeScript at the version tslab compiles with", () => {
  assert.deepEqual(kernelInfo().language_info, {
    name: "typescript",
    version: typescriptPackage.version,
    mimetype: "text/typescript",
    file_extension: ".ts",
    codemirror_mode: "typescript",
    pygments_lexer: "typescript",
  });
});

test("the banner names gradbook, TypeScript and Node versions; help links are https links with text", () => {
  const info = kernelInfo();
  const banner = info.banner as string;
  assert.ok(banner.includes(`gradbook ${kernelPackage.version}`), banner);
  assert.ok(banner.includes(`TypeScript ${typescriptPackage.version}`), banner);
  assert.ok(banner.includes(process.version), banner);
  const links = info.help_links as Array<{ text: string; url: string }>;
  assert.ok(links.length > 0);
  for (const link of links) {
    assert.ok(link.text.length > 0);
    assert.equal(new URL(link.url).protocol, "https:");
  }
  // It travels as JSON: nothing may be lost on the way.
  assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
});
