import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
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
