#!/usr/bin/env node
/**
 * `gradbook` command line: installs and removes the Jupyter kernelspec.
 *
 *   npx gradbook install [--user | --sys-prefix | --prefix <dir>]
 *   npx gradbook uninstall [--user | --sys-prefix | --prefix <dir>]
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { installKernelspec, kernelName, uninstallKernelspec, type KernelspecLocation } from "./kernelspec.js";

const usage = `Usage: gradbook <command> [options]

Commands:
  install     install the Jupyter kernelspec "${kernelName}" (TypeScript (gradbook))
  uninstall   remove it again
  help        show this text

Where (pick one; the default is --user):
  --user              your per-user Jupyter folder (~/.local/share/jupyter/kernels on
                      Linux, or $JUPYTER_DATA_DIR/kernels when that is set)
  --sys-prefix        the active Python environment ($VIRTUAL_ENV, $CONDA_PREFIX, or
                      python3's sys.prefix)/share/jupyter/kernels
  --prefix <dir>      <dir>/share/jupyter/kernels
  --python <python>   with --sys-prefix: the interpreter whose sys.prefix to use

Examples:
  npx gradbook install --user
  npx gradbook install --sys-prefix     (inside an activated virtualenv)
  npx gradbook uninstall --user
`;

/** Where the command's text goes; tests collect it instead of printing. */
export interface Output {
  out(line: string): void;
  error(line: string): void;
}

const console_: Output = { out: (line) => console.log(line), error: (line) => console.error(line) };

class UsageError extends Error {}

function parseLocation(command: string, args: string[]): KernelspecLocation & { explicit: boolean } {
  const chosen: KernelspecLocation[] = [];
  let python: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "" || (inline === undefined && next.startsWith("--"))) {
        throw new UsageError(`gradbook ${command}: ${flag} needs a value, e.g. ${flag === "--prefix" ? "--prefix ./env" : "--python python3"}`);
      }
      return next;
    };
    if (flag === "--user" && inline === undefined) chosen.push({ kind: "user" });
    else if (flag === "--sys-prefix" && inline === undefined) chosen.push({ kind: "sys-prefix" });
    else if (flag === "--prefix") chosen.push({ kind: "prefix", prefix: value() });
    else if (flag === "--python") python = value();
    else if (flag.startsWith("-")) throw new UsageError(`gradbook ${command}: unknown option '${arg}'; the options are --user, --sys-prefix, --prefix <dir> and --python <python>`);
    else throw new UsageError(`gradbook ${command}: unexpected argument '${arg}'; did you mean --prefix ${arg}?`);
  }
  if (chosen.length > 1) throw new UsageError(`gradbook ${command}: choose one of --user, --sys-prefix and --prefix, not several`);
  const location = chosen[0];
  if (python !== undefined && location?.kind !== "sys-prefix") throw new UsageError(`gradbook ${command}: --python only goes with --sys-prefix`);
  if (location === undefined) return { kind: "user", explicit: false };
  return location.kind === "sys-prefix" ? { kind: "sys-prefix", python, explicit: true } : { ...location, explicit: true };
}

/**
 * Runs the command line with `args` (without node and the script) and returns the exit
 * code: 0 done, 1 failed, 2 bad usage. `paths` overrides the node and launcher that the
 * kernelspec points at (tests use it; normally both are this installation's).
 *
 * @example runCli(["install", "--prefix", ".venv"]) // 0, kernelspec in .venv/share/jupyter/kernels/gradbook
 */
export function runCli(args: string[], output: Output = console_, paths: { node?: string; launcher?: string } = {}): number {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        output.out(usage);
        return command === undefined ? 2 : 0;
      case "install": {
        if (rest.includes("--help") || rest.includes("-h")) return runCli(["help"], output, paths);
        const location = parseLocation(command, rest);
        if (!location.explicit) {
          output.out("gradbook: no location given, so installing for the current user (--user); use --sys-prefix or --prefix <dir> for a Python environment.");
        }
        const { directory, spec } = installKernelspec({ location, ...paths });
        output.out(`Installed kernelspec ${kernelName} ("${spec.display_name}") in ${directory}`);
        output.out(`  starts: ${spec.argv.join(" ")}`);
        return 0;
      }
      case "uninstall": {
        if (rest.includes("--help") || rest.includes("-h")) return runCli(["help"], output, paths);
        const location = parseLocation(command, rest);
        const removed = uninstallKernelspec({ location, ...paths });
        output.out(removed ? `Removed kernelspec ${kernelName} from ${removed}` : `No kernelspec ${kernelName} is installed there; nothing to remove.`);
        return 0;
      }
      default:
        throw new UsageError(`gradbook: unknown command '${command}'; the commands are install, uninstall and help`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(error.message);
      output.error("Run 'gradbook help' for usage.");
      return 2;
    }
    output.error(`gradbook ${command}: ${(error as Error).message}`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exitCode = runCli(process.argv.slice(2));
