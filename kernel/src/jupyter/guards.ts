/**
 * Keeps bad cell code from killing the kernel or failing silently:
 * - `process.exit()` / `process.abort()` throw a clear error instead of ending the
 *   process (the kernel keeps the real exit for shutdown);
 * - an exception from a timer or an unhandled promise rejection is shown in the cell
 *   that is running (or the last one), labelled with the cell its code came from; one
 *   raised by the running cell's own code while it runs may fail that cell instead (`claim`).
 *
 * Example: `const exit = installGuards(report); ... exit(0)` on shutdown.
 */
import { CELL_FRAME } from "./cells.js";
import { debug } from "./log.js";
import { localizeError } from "../locale/error-messages.js";

/** Shows a background error: `context` says where it came from. */
export type BackgroundReporter = (error: unknown, context: string) => void;

export class ProcessExitRefused extends Error {
  constructor(call: string) {
    super(localizeError(`${call} was refused: ending the process would kill the kernel and lose every variable. To start over, use Kernel → Restart.`));
    this.name = "ProcessExitRefused";
  }
}

/** The cell a background error's code was written in, from its stack (`cell[3]`). */
export function originCell(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  try {
    return CELL_FRAME.exec(String(error.stack))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Takes a background error raised by the running cell's own code (its stack names that
 * cell) while the cell is still running: returns true when the cell will fail with it
 * instead of it being reported on stderr.
 */
export type CellClaim = (error: unknown, context: string) => boolean;

/**
 * Installs the guards. `currentCell()` names the running cell (undefined between cells);
 * `claim` may take errors raised by that cell's own code (see CellClaim).
 * Returns the real `process.exit`.
 */
export function installGuards(
  report: BackgroundReporter,
  currentCell: () => string | undefined,
  claim: CellClaim = () => false,
): (code: number) => never {
  const realExit = process.exit.bind(process) as (code: number) => never;
  process.exit = ((code?: number | string) => {
    throw new ProcessExitRefused(`process.exit(${code ?? ""})`);
  }) as typeof process.exit;
  process.abort = (() => {
    throw new ProcessExitRefused("process.abort()");
  }) as typeof process.abort;

  const describe = (error: unknown, kind: string): string => {
    const origin = originCell(error);
    const running = currentCell();
    if (origin && origin === running) return `${kind} in a callback started by this cell (${origin}):`;
    if (origin) return `${kind} in a callback from an earlier cell (${origin}), after that cell had finished:`;
    return `${kind} in a callback from an earlier cell (or a library), after its cell had finished:`;
  };
  let reporting = false;
  const safely = (error: unknown, kind: string) => {
    if (reporting) return debug(`error while reporting a background error: ${String(error)}`);
    reporting = true;
    try {
      const context = describe(error, kind);
      const running = currentCell();
      if (running !== undefined && originCell(error) === running && claim(error, context)) return;
      report(error, context);
    } catch (failure) {
      debug(`could not report a background error: ${String(failure)}`);
    } finally {
      reporting = false;
    }
  };
  process.on("uncaughtException", (error) => safely(error, "Uncaught exception"));
  process.on("unhandledRejection", (reason) => safely(reason, "Unhandled promise rejection"));
  return realExit;
}
