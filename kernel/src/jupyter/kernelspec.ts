/**
 * The `gradbook` kernelspec: what Jupyter reads to start our kernel, and where it goes.
 * The spec runs the launcher with an absolute Node path, so no IPython or Python shim
 * is involved in starting a kernel.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The kernelspec's folder name, which is also the `kernel_name` clients ask for. */
export const kernelName = "gradbook";
export const displayName = "TypeScript (gradbook)";

/** Where a kernelspec is installed, mirroring `jupyter kernelspec install`'s options. */
export type KernelspecLocation =
  | { kind: "user" }
  | { kind: "sys-prefix"; python?: string }
  | { kind: "prefix"; prefix: string };

/** The contents of kernel.json (Jupyter's kernelspec format). */
export interface KernelJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "message" | "signal";
  metadata: Record<string, unknown>;
}

/** What the platform-dependent parts of the lookup read; tests pass their own. */
export interface Environment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(here, "..", "..", "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The kernel.json for this installation: the current Node binary and the launcher next to
 * this module, both absolute, so the kernel starts the same way whatever PATH Jupyter has.
 *
 * @example kernelJson().argv // ["/usr/bin/node", "/repo/kernel/dist/jupyter/launcher.js", "{connection_file}"]
 */
export function kernelJson(options: { node?: string; launcher?: string } = {}): KernelJson {
  return {
    argv: [resolve(options.node ?? process.execPath), resolve(options.launcher ?? join(here, "launcher.js")), "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    // interrupt_request on the control channel works on every platform; the kernel also
    // honours SIGINT for clients that send a signal anyway.
    interrupt_mode: "message",
    metadata: { gradbook: { version: packageVersion() } },
  };
}

/**
 * Jupyter's per-user data folder, by jupyter_core's rules: $JUPYTER_DATA_DIR, else
 * $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter on Linux, ~/Library/Jupyter on macOS,
 * %APPDATA%\jupyter on Windows.
 *
 * @example userDataDir({ env: {}, platform: "linux", home: "/home/ada" }) // "/home/ada/.local/share/jupyter"
 */
export function userDataDir(environment: Environment = currentEnvironment()): string {
  const { env, platform, home } = environment;
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") return env.APPDATA ? join(env.APPDATA, "jupyter") : join(home, ".jupyter", "data");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
}

/**
 * The active Python environment's prefix: $VIRTUAL_ENV, else $CONDA_PREFIX, else what
 * `python3 -c "import sys; print(sys.prefix)"` says (or the interpreter given).
 */
export function sysPrefix(python?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!python && env.VIRTUAL_ENV) return resolve(env.VIRTUAL_ENV);
  if (!python && env.CONDA_PREFIX) return resolve(env.CONDA_PREFIX);
  const interpreter = python ?? (process.platform === "win32" ? "python" : "python3");
  const probe = spawnSync(interpreter, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0 || !probe.stdout.trim()) {
    const why = probe.error ? probe.error.message : (probe.stderr || "").trim() || `exit code ${probe.status}`;
    throw new Error(`--sys-prefix: no active virtualenv ($VIRTUAL_ENV is unset) and '${interpreter}' could not be asked for sys.prefix (${why}); use --prefix <dir> instead`);
  }
  return probe.stdout.trim();
}

/**
 * The `kernels/` folder for a location; the spec itself goes in `<that>/gradbook`.
 *
 * @example kernelsDir({ kind: "prefix", prefix: "/opt/env" }) // "/opt/env/share/jupyter/kernels"
 */
export function kernelsDir(location: KernelspecLocation, environment: Environment = currentEnvironment()): string {
  switch (location.kind) {
    case "user":
      return join(userDataDir(environment), "kernels");
    case "sys-prefix":
      return join(sysPrefix(location.python, environment.env), "share", "jupyter", "kernels");
    case "prefix":
      return join(resolve(location.prefix), "share", "jupyter", "kernels");
  }
}

/** Writes kernel.json and the logo into `<kernelsDir>/gradbook`, replacing an older copy. */
export function installKernelspec(options: {
  location: KernelspecLocation;
  node?: string;
  launcher?: string;
  environment?: Environment;
}): { directory: string; spec: KernelJson } {
  const spec = kernelJson(options);
  const launcher = spec.argv[1] as string;
  if (!existsSync(launcher)) {
    throw new Error(`the kernel launcher ${launcher} does not exist yet: build the kernel first (npm run build)`);
  }
  const directory = join(kernelsDir(options.location, options.environment), kernelName);
  try {
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
    writeFileSync(join(directory, "logo-svg.svg"), logoSvg);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") {
      throw new Error(`no permission to write ${directory}: use --user, or --prefix <a folder you own>`);
    }
    throw error;
  }
  return { directory, spec };
}

/** Removes `<kernelsDir>/gradbook`; returns its path, or undefined when nothing was there. */
export function uninstallKernelspec(options: { location: KernelspecLocation; environment?: Environment }): string | undefined {
  const directory = join(kernelsDir(options.location, options.environment), kernelName);
  if (!existsSync(join(directory, "kernel.json"))) return undefined;
  rmSync(directory, { recursive: true, force: true });
  return directory;
}

function currentEnvironment(): Environment {
  return { env: process.env, platform: process.platform, home: homedir() };
}

// TypeScript blue with a nabla: a TypeScript kernel for gradients. JupyterLab's launcher
// shows `logo-svg` when a kernelspec has one.
const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="8" fill="#3178c6"/>
  <text x="6" y="56" font-family="Helvetica, Arial, sans-serif" font-weight="700" font-size="30" fill="#fff">TS</text>
  <path d="M36 8 H60 L48 30 Z" fill="none" stroke="#ffb000" stroke-width="4" stroke-linejoin="round"/>
</svg>
`;
