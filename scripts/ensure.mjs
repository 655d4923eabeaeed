// Shared set-up steps for `npm test`, `npm run lab` and the benchmarks: each step does
// nothing when its result is already up to date, so a second run is fast.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, symlinkSync, statSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The project's own Python environment; nothing Jupyter-related is installed outside it. */
export const venv = join(root, ".venv");
const isWindows = process.platform === "win32";
export const venvBin = join(venv, isWindows ? "Scripts" : "bin");
export const venvPython = join(venvBin, isWindows ? "python.exe" : "python");

/** Project-local Jupyter config/data/runtime folders, so no run reads or writes ~/.jupyter. */
export const jupyterHome = join(root, ".jupyter-env");

/** Runs a command in the repository root, inheriting stdio; throws on failure. */
export function run(cmd, args, options = {}) {
  execFileSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
}

/**
 * Runs a command whose chatter a newcomer cannot act on (npm's warnings, webpack's
 * licence and asset-size notes, "Compilation finished"): its output is kept and printed
 * only when it fails, so a successful step shows just gradbook's own progress line.
 */
export function runQuiet(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status === 0) return;
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  throw new Error(`${cmd} ${args.join(" ")} failed${result.error ? `: ${result.error.message}` : ` with exit code ${result.status}`}`);
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file still bumps its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureNodeModules() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log("gradbook: installing npm dependencies (npm ci)");
  runQuiet("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
}

/** The AssemblyScript kernels of the "cpu" backend and the two builds made from them. */
const wasmSource = join(root, "kernel", "src", "backend", "wasm", "assembly");
const wasmOutput = join(root, "kernel", "dist", "wasm");
const wasmFlags = ["-O3", "--noAssert", "--runtime", "stub", "--enable", "simd", "--enable", "threads",
  "--importMemory", "--sharedMemory", "--maximumMemory", "32768", "--initialMemory", "1"];

/**
 * Compiles the WebAssembly kernels (kernel/src/backend/wasm/assembly → kernel/dist/wasm/
 * kernels-simd.wasm and kernels-relaxed.wasm, the second with relaxed-SIMD FMA) with
 * AssemblyScript from node_modules, when any of their sources is newer than the last build.
 */
export function ensureWasm() {
  const stamp = join(wasmOutput, ".build-stamp");
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(wasmSource)) return;
  console.log("gradbook: building the WebAssembly kernels (AssemblyScript)");
  mkdirSync(wasmOutput, { recursive: true });
  const asc = join(root, "node_modules", "assemblyscript", "bin", "asc.js");
  for (const [name, extra] of [["kernels-simd.wasm", []], ["kernels-relaxed.wasm", ["--enable", "relaxed-simd"]]]) {
    run(process.execPath, [asc, join(wasmSource, "index.ts"), ...wasmFlags, ...extra, "-o", join(wasmOutput, name)]);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/** Compiles kernel/src to kernel/dist when any source or tsconfig is newer than the last build. */
export function ensureBuild() {
  ensureWasm();
  // A stamp of our own: kernel/dist/index.js need not exist while the library is young.
  const stamp = join(root, "kernel", "dist", ".build-stamp");
  const inputs = [join(root, "kernel", "src"), join(root, "kernel", "tsconfig.json"), join(root, "tsconfig.json")];
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map(newestMtime))) return;
  console.log("gradbook: building kernel/ (tsc)");
  try {
    run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "kernel/tsconfig.json"]);
  } finally {
    // tsc emits JavaScript even when it reports type errors; the CLI link works either way.
    linkCli();
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/**
 * The built library for a benchmark script: installs and builds what is missing first,
 * except on a machine that runs a carried build without npm (GRADBOOK_BENCH_PREBUILT, the
 * lent GPU machine) or when `setUp` is false (a child of a script that did it).
 * @example const gb = await importBuiltLibrary(); gb.matmul(a, b)
 */
export async function importBuiltLibrary({ setUp = true } = {}) {
  if (setUp && !process.env.GRADBOOK_BENCH_PREBUILT) {
    ensureNodeModules();
    ensureBuild();
  }
  return import(pathToFileURL(join(root, "kernel", "dist", "index.js")).href);
}

/**
 * npm links a workspace's "bin" only if its file exists at install time, and
 * kernel/dist/ does not exist yet on a fresh clone: so after a build, link
 * node_modules/.bin/gradbook to the CLI (as npm would) and make it executable, so that
 * `npx gradbook` runs ours and never looks for a package of that name in the registry.
 */
export function linkCli() {
  const cli = join(root, "kernel", "dist", "jupyter", "cli.js");
  if (!existsSync(cli)) return;
  chmodSync(cli, 0o755);
  const bin = join(root, "node_modules", ".bin");
  const link = join(bin, isWindows ? "gradbook.cmd" : "gradbook");
  if (existsSync(link)) return;
  mkdirSync(bin, { recursive: true });
  if (isWindows) writeFileSync(link, `@node "%~dp0\\..\\..\\kernel\\dist\\jupyter\\cli.js" %*\r\n`);
  else symlinkSync(relative(bin, cli), link);
}

function pythonVersionOk(python) {
  const probe = spawnSync(python, ["-c", "import sys, venv; print(sys.version_info >= (3, 9))"], { encoding: "utf8" });
  if (probe.error) return `cannot run ${python} (${probe.error.message})`;
  if (probe.status !== 0) return `${python} has no 'venv' module (on Debian/Ubuntu: apt-get install python3-venv)`;
  if (probe.stdout.trim() !== "True") return `${python} is older than Python 3.9, which JupyterLab 4 needs`;
  return undefined;
}

/**
 * Creates .venv/ (with the interpreter named by $GRADBOOK_PYTHON, default python3) and
 * installs scripts/requirements.txt into it, unless the installed set already matches
 * that file's hash. Returns the venv's python.
 */
export function ensureVenv() {
  const requirements = join(root, "scripts", "requirements.txt");
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const stamp = join(venv, ".gradbook-requirements.sha256");
  // existsSync follows the symlink, so a venv whose base interpreter vanished is rebuilt.
  // The repository's package.json says "type": "module", which would make Node load the
  // CommonJS .js files inside .venv (JupyterLab's bundled yarn.js) as ES modules and fail;
  // a package.json of its own makes .venv a CommonJS scope again.
  const scope = join(venv, "package.json");
  const fixScope = () => existsSync(scope) || writeFileSync(scope, '{ "type": "commonjs" }\n');
  if (existsSync(venvPython) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) {
    fixScope();
    return venvPython;
  }

  if (!existsSync(venvPython)) {
    const python = process.env.GRADBOOK_PYTHON || "python3";
    const problem = pythonVersionOk(python);
    if (problem) throw new Error(`gradbook: cannot create the Python environment: ${problem}`);
    console.log(`gradbook: creating the Python environment .venv/ (${python} -m venv)`);
    rmSync(venv, { recursive: true, force: true });
    run(python, ["-m", "venv", venv]);
  }
  console.log("gradbook: installing Python tools into .venv/ (pip install -r scripts/requirements.txt)");
  runQuiet(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", requirements]);
  fixScope();
  writeFileSync(stamp, `${wanted}\n`);
  return venvPython;
}

/**
 * Environment for Jupyter processes that never touches the user's own Jupyter set-up:
 * config, data and runtime live under .jupyter-env/ and the venv's prefix comes first.
 * `extra` is merged on top.
 */
export function jupyterEnv(extra = {}) {
  const dirs = {
    JUPYTER_CONFIG_DIR: join(jupyterHome, "config"),
    JUPYTER_DATA_DIR: join(jupyterHome, "data"),
    JUPYTER_RUNTIME_DIR: join(jupyterHome, "runtime"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const env = { ...process.env, ...dirs, JUPYTER_PREFER_ENV_PATH: "1", VIRTUAL_ENV: venv };
  delete env.JUPYTER_PATH; // a stray global JUPYTER_PATH would shadow the venv's kernelspec
  env.PATH = `${venvBin}${isWindows ? ";" : ":"}${env.PATH ?? ""}`;
  return { ...env, ...extra };
}

/** Writes the `gradbook` kernelspec into `prefix`/share/jupyter/kernels (needs a build). */
export async function installKernelspec(prefix) {
  const module = join(root, "kernel", "dist", "jupyter", "kernelspec.js");
  const { installKernelspec: install } = await import(pathToFileURL(module).href);
  return install({ location: { kind: "prefix", prefix } });
}

/** The inputs of the extension's bundle: its sources, the styles, and the payload contract it imports. */
const extensionInputs = () =>
  [
    join(root, "extension", "src"),
    join(root, "extension", "package.json"),
    join(root, "extension", "tsconfig.json"),
    join(root, "style"),
    join(root, "kernel", "src", "viz", "payloads.ts"),
    join(root, "tsconfig.json"),
  ].filter(existsSync);

/**
 * Builds the JupyterLab extension (extension/ → extension/labextension/, with tsc and
 * @jupyter/builder, npm packages only) when any of its inputs is newer than the last
 * build. Needs the kernel build (it bundles kernel/dist/viz/payloads.js). Returns false
 * when there is no extension to build.
 */
export function ensureExtensionBuild() {
  const manifest = join(root, "extension", "package.json");
  if (!existsSync(manifest)) return false;
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  if (!pkg.scripts?.["build:labextension"]) return false;
  // The stamp lives beside the output, not in it: the builder may clear its output folder.
  const stamp = join(root, "extension", "lib", ".labextension-stamp");
  const output = join(root, "extension", "labextension", "package.json");
  if (existsSync(stamp) && existsSync(output) && statSync(stamp).mtimeMs >= Math.max(...extensionInputs().map(newestMtime))) return true;
  console.log("gradbook: building the JupyterLab extension (extension/)");
  runQuiet("npm", ["run", "build:labextension", "--silent", "-w", "extension"]);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return true;
}

/**
 * Builds the JupyterLab extension if needed and installs it into `prefix` the way pip
 * would: a copy of extension/labextension/ at `<prefix>/share/jupyter/labextensions/<name>`
 * (so `jupyter labextension list` run from that prefix shows it enabled). Returns
 * "installed" when it copied a new build, "current" when the installed copy was already
 * up to date, and false when there is no extension yet.
 */
export function ensureExtension(prefix) {
  if (!ensureExtensionBuild()) return false;
  const name = JSON.parse(readFileSync(join(root, "extension", "package.json"), "utf8")).name;
  const output = join(root, "extension", "labextension");
  const target = join(prefix, "share", "jupyter", "labextensions", name);
  const marker = join(target, ".gradbook-installed");
  // Copy only when the build is newer than the installed copy (a second `npm run lab` is instant).
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(output)) return "current";
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(output, target, { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return "installed";
}
