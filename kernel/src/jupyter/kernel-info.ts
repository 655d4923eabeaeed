/**
 * The kernel_info_reply content. Static, so the I/O thread answers it at once, even
 * while the main thread is still loading TypeScript or running a cell.
 * Example: `kernelInfo()` → `{ status: "ok", implementation: "gradbook", language_info: { name: "typescript", ... }, ... }`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PROTOCOL_VERSION } from "./wire.js";
import { typeScriptVersion } from "./tslab.js";

/** gradbook's version, from kernel/package.json. */
export function gradbookVersion(): string {
  const path = fileURLToPath(new URL("../../package.json", import.meta.url));
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

export function kernelInfo(): Record<string, unknown> {
  const typescript = typeScriptVersion();
  const version = gradbookVersion();
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "gradbook",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: typescript,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner: `gradbook ${version}: TypeScript ${typescript} on Node.js ${process.version}, with the gradbook library preloaded`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
      { text: "MDN JavaScript reference", url: "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference" },
    ],
    debugger: false,
  };
}
