import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { dataFile, dataDirectory, readDataFile } from "../../kernel/src/data/files.js";

test("the data folder is kernel/data, found from the sources", () => {
  assert.ok(dataDirectory.replace(/\\/g, "/").endsWith("kernel/data/"));
  assert.ok(existsSync(join(dataDirectory, "README.md")));
  assert.match(readDataFile("iris.csv").toString("utf8"), /^150,4,setosa/);
  assert.match(readDataFile("breast_cancer.csv.gz").toString("utf8"), /^569,30,malignant,benign/);
});

test("a missing bundled file is called a broken install", () => {
  assert.throws(() => dataFile("nope.csv"), /bundled data file nope\.csv is missing \(looked for .*nope\.csv\); .*reinstall gradbook/);
});

test("npm pack ships every bundled data file with the package (a script outside the checkout finds them)", () => {
  const kernel = join(dataDirectory, "..");
  const packed = spawnSync("npm", ["pack", "--dry-run", "--json"], { cwd: kernel, encoding: "utf8" });
  assert.equal(packed.status, 0, packed.stderr);
  const files = new Set((JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
  const bundled = readdirSync(dataDirectory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(gz|csv)$/.test(entry.name))
    .map((entry) => relative(kernel, join(entry.parentPath, entry.name)).replace(/\\/g, "/"));
  assert.ok(bundled.length >= 10, `found ${bundled.length} data files`);
  for (const file of bundled) assert.ok(files.has(file), `${file} is in the package`);
});
