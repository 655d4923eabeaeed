// `npm test [-- <filter>...]`: installs what is missing, builds, type-checks the tests,
// runs the Node tests (tests/**/*.test.ts) and the Python tests (tests/**/test_*.py, in
// the project's virtualenv), and ends with one line: `N passed, N failed[, N skipped]`.
// A filter keeps only the test files whose path contains one of the given strings.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { root, ensureNodeModules, ensureBuild, ensureVenv, jupyterEnv, run, venvPython } from "./ensure.mjs";

const minutes = 60_000;
const filter = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function finish() {
  for (const problem of problems) console.log(`gradbook test: FAILED: ${problem}`);
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

/** Runs a set-up step; a failure counts as one failed test and is named at the end. */
function step(name, body) {
  try {
    body();
    return true;
  } catch (error) {
    console.error(`gradbook test: ${name} failed: ${error.message.split("\n")[0]}`);
    totals.failed += 1;
    problems.push(name);
    return false;
  }
}

function findFiles(dir, wanted) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "__pycache__"].includes(entry.name) ? [] : findFiles(path, wanted);
    return wanted(entry.name) ? [relative(root, path)] : [];
  });
}

const matches = (file) => filter.length === 0 || filter.some((part) => file.includes(part));
const nodeFiles = findFiles(join(root, "tests"), (name) => name.endsWith(".test.ts")).filter(matches);
const pythonFiles = findFiles(join(root, "tests"), (name) => /^test_.*\.py$/.test(name)).filter(matches);
if (nodeFiles.length + pythonFiles.length === 0) {
  console.error(`gradbook test: no test file under tests/ matches ${filter.map((f) => JSON.stringify(f)).join(" or ")}`);
  process.exit(1);
}

const build = join(root, "build");
mkdirSync(build, { recursive: true });

if (!step("installing npm dependencies", ensureNodeModules)) finish();
// tsc still emits JavaScript after type errors: those count as a failure, and the tests
// run anyway on what was emitted, so one type error does not hide every other result.
if (!step("building kernel/", ensureBuild) && !existsSync(join(root, "kernel", "dist", "jupyter", "cli.js"))) finish();
step("type-checking the tests", () =>
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tests/tsconfig.json"]),
);
// The extension's tests run in a browser-like world (DOM types), so they have their own tsconfig.
step("type-checking the extension tests", () =>
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tests/extension/tsconfig.json"]),
);

/**
 * Runs Node test files (the spec reporter for people, TAP into a file for the counts), with
 * `preloads` imported into every test process, and adds the counts to the totals.
 */
function runNodeTests(label, files, preloads = []) {
  // One file per process: two `npm test` runs in one checkout must not count each other's tests.
  const tap = join(build, `node-tests-${label}-${process.pid}.tap`);
  rmSync(tap, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      "--import", "tsx", "--import", "./tests/helpers/property-seed.ts", ...preloads.flatMap((p) => ["--import", p]),
      "--test", "--test-timeout=300000",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: root, stdio: "inherit", timeout: 25 * minutes },
  );
  const summary = existsSync(tap) ? readFileSync(tap, "utf8") : "";
  if (summary) renameSync(tap, join(build, `node-tests-${label}.tap`)); // kept for reading under its usual name
  const count = (name) => Number(summary.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
  totals.passed += count("pass");
  totals.failed += count("fail") + count("cancelled");
  totals.skipped += count("skipped") + count("todo");
  if (!/^# tests \d+$/m.test(summary) || (result.status !== 0 && count("fail") + count("cancelled") === 0)) {
    totals.failed += 1;
    problems.push(`the Node test run (${label}) ended abnormally (${result.error?.message ?? `exit code ${result.status}, signal ${result.signal}`})`);
  }
}

if (nodeFiles.length > 0) runNodeTests("default", nodeFiles);
// The op, gradient and training suites once more on the JavaScript reference backend
// ("cpu-js"), which the default run above leaves to the WebAssembly "cpu" backend.
const onReferenceBackend = nodeFiles.filter((file) => /^tests\/(tensor|autograd|nn|optim|train)\//.test(file));
if (onReferenceBackend.length > 0) {
  console.log(`\ngradbook test: ${onReferenceBackend.length} op, gradient and training test files again on the cpu-js backend`);
  runNodeTests("cpu-js", onReferenceBackend, ["./tests/helpers/on-cpu-js.ts"]);
}

// Python tests: pytest in .venv, with Jupyter isolated from the user's own set-up;
// tests/conftest.py installs the kernelspec into a temporary prefix on JUPYTER_PATH.
if (pythonFiles.length > 0 && step("setting up the Python environment (.venv)", ensureVenv)) {
  const counts = join(build, "pytest-counts.json");
  rmSync(counts, { force: true });
  const result = spawnSync(
    venvPython,
    ["-m", "pytest", `--rootdir=${root}`, "-p", "no:cacheprovider", "-rfEs", ...pythonFiles],
    {
      cwd: root,
      stdio: "inherit",
      timeout: 25 * minutes,
      env: jupyterEnv({ GRADBOOK_NODE: process.execPath, GRADBOOK_PYTEST_COUNTS: counts, PYTHONDONTWRITEBYTECODE: "1", PYTHONUNBUFFERED: "1" }),
    },
  );
  // tests/conftest.py writes the numbers of pytest's closing line; exit code 5 means
  // it collected no test, which is not a failure here (a filter may leave none).
  const summary = existsSync(counts) ? JSON.parse(readFileSync(counts, "utf8")) : undefined;
  if (summary) {
    totals.passed += summary.passed;
    totals.failed += summary.failed;
    totals.skipped += summary.skipped;
  }
  if (result.status === 5) {
    console.log("gradbook test: pytest collected no tests");
  } else if (!summary || (result.status !== 0 && summary.failed === 0)) {
    totals.failed += 1;
    problems.push(`pytest ended abnormally (${result.error?.message ?? `exit code ${result.status}, signal ${result.signal}`})`);
  }
}

finish();
