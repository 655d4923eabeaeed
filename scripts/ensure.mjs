// Shared set-up steps for `npm test`, `npm run lab` and the benchmarks: each step does
// nothing when its result is already up to date, so a second run is fast.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, statSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
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
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

/** Compiles kernel/src to kernel/dist when any source or tsconfig is newer than the last build. */
export function ensureBuild() {
  // A stamp of our own: kernel/dist/index.js need not exist while the library is young.
  const stamp = join(root, "kernel", "dist", ".build-stamp");
  const inputs = [join(root, "kernel", "src"), join(root, "kernel", "tsconfig.json"), join(root, "tsconfig.json")];
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map(newestMtime))) return;
  console.log("gradbook: building kernel/ (tsc)");
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "kernel/tsconfig.json"]);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
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
  if (existsSync(venvPython) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return venvPython;

  if (!existsSync(venvPython)) {
    const python = process.env.GRADBOOK_PYTHON || "python3";
    const problem = pythonVersionOk(python);
    if (problem) throw new Error(`gradbook: cannot create the Python environment: ${problem}`);
    console.log(`gradbook: creating the Python environment .venv/ (${python} -m venv)`);
    rmSync(venv, { recursive: true, force: true });
    run(python, ["-m", "venv", venv]);
  }
  console.log("gradbook: installing Python tools into .venv/ (pip install -r scripts/requirements.txt)");
  run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", "-r", requirements]);
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

/**
 * Hook for the JupyterLab extension (extension/): once it has a package.json with a
 * `build:labextension` script, build it when its sources changed and place the output
 * under `<prefix>/share/jupyter/labextensions/`. Until then this does nothing.
 */
export function ensureExtension(prefix) {
  const manifest = join(root, "extension", "package.json");
  if (!existsSync(manifest)) return false;
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  if (!pkg.scripts?.["build:labextension"]) return false;
  const output = join(root, "extension", "labextension");
  const stamp = join(output, ".build-stamp");
  const sources = ["src", "style", "package.json"].map((p) => join(root, "extension", p)).filter(existsSync);
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < Math.max(...sources.map(newestMtime))) {
    console.log("gradbook: building the JupyterLab extension");
    run("npm", ["run", "build:labextension", "--prefix", join(root, "extension")]);
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
  }
  const target = join(prefix, "share", "jupyter", "labextensions", pkg.name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(output, target, { recursive: true });
  return true;
}
