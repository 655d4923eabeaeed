// `npm test`: installs what is missing, builds, type-checks the tests, runs every test.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { root, ensureNodeModules, ensureBuild, run } from "./ensure.mjs";

ensureNodeModules();
ensureBuild();
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tests/tsconfig.json"]);

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}

const filter = process.argv.slice(2);
const files = testFiles(join(root, "tests")).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
