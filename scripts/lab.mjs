// `npm run lab [-- <jupyter lab options>]`: sets up everything that is missing (npm
// packages, the build, .venv/ with JupyterLab, the gradbook kernelspec and, once it
// exists, the extension, all inside the project) and starts JupyterLab on notebooks/.
// Options after `--` go to `jupyter lab`, e.g. `npm run lab -- --no-browser --port 8899`.
// Jupyter's config, data and runtime folders are .jupyter-env/, so the user's own
// ~/.jupyter and ~/.local/share/jupyter are neither read nor written.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { root, venv, venvBin, ensureNodeModules, ensureBuild, ensureVenv, ensureExtension, installKernelspec, jupyterEnv } from "./ensure.mjs";
import { jupyterLogFilter } from "./jupyter-log.mjs";

const started = Date.now();
const passThrough = process.argv.slice(2);

ensureNodeModules();
try {
  ensureBuild();
} catch {
  // tsc still wrote JavaScript; a type error in one module should not keep JupyterLab shut.
  console.warn("gradbook: the build reported type errors (above); starting JupyterLab anyway");
}
ensureVenv();
await installKernelspec(venv);
try {
  // Builds extension/ when its sources changed and copies it to .venv/share/jupyter/labextensions/.
  if (ensureExtension(venv) === "installed") console.log("gradbook: JupyterLab extension gradbook-jupyterlab installed in .venv/");
} catch {
  console.warn("gradbook: building the JupyterLab extension failed (above); starting JupyterLab without the gradbook views");
}
console.log(`gradbook: ready in ${((Date.now() - started) / 1000).toFixed(1)} s; starting JupyterLab on notebooks/`);

const jupyter = join(venvBin, process.platform === "win32" ? "jupyter.exe" : "jupyter");
// New notebooks get the gradbook kernel; later options (the user's) override these.
const labArgs = ["lab", `--ServerApp.root_dir=${join(root, "notebooks")}`, "--MappingKernelManager.default_kernel_name=gradbook", ...passThrough];
// Jupyter refuses to run as root unless told; containers and CI machines often are root.
if (process.getuid?.() === 0 && !passThrough.includes("--allow-root")) {
  console.log("gradbook: running as root, so passing --allow-root to JupyterLab");
  labArgs.push("--allow-root");
}
const lab = spawn(jupyter, labArgs, {
  cwd: root,
  env: jupyterEnv(),
  stdio: ["inherit", "inherit", "pipe"],
});

// JupyterLab logs to stderr: show only its errors, and the URL on a line of its own.
lab.stderr.on("data", jupyterLogFilter(
  (text) => process.stderr.write(text),
  (url) => console.log(`\ngradbook: JupyterLab is running at ${url}\n(Ctrl-C twice to stop it)\n`),
));

// Ctrl-C reaches JupyterLab too (same process group); it asks for confirmation and then
// stops, and we exit with it. Other signals are passed on.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => lab.kill(signal));
lab.on("error", (error) => {
  console.error(`gradbook: could not start ${jupyter}: ${error.message}`);
  process.exit(1);
});
lab.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
