/**
 * What the kernel itself adds to every cell's scope (next to the gradbook library):
 * `comms`, the comm target registry. Outside a kernel it throws a clear error.
 *
 * Example (in a cell):
 *   comms.registerTarget("echo", (comm) => comm.onMessage((data) => comm.send(data)));
 */
import type { Comm, CommManager, CommTarget } from "./comm.js";
import { GradbookError } from "../tensor/errors.js";

export type { Comm, CommTarget, CommMessage } from "./comm.js";

export interface Comms {
  /** Handles comms a frontend opens to `name`. Example: `comms.registerTarget("t", (comm, data) => ...)`. */
  registerTarget(name: string, target: CommTarget): void;
  /** Stops handling new comms to `name`. */
  unregisterTarget(name: string): void;
  /** Opens a comm to a frontend target. Example: `const c = comms.open("t", { a: 1 }); c.send({ b: 2 })`. */
  open(targetName: string, data?: unknown, metadata?: Record<string, unknown>): Comm;
}

let manager: CommManager | undefined;

/** @internal the kernel binds the registry at start-up. */
export function bindComms(registry: CommManager): void {
  manager = registry;
}

function registry(): CommManager {
  if (!manager) throw new GradbookError("comms are only available inside the gradbook Jupyter kernel");
  return manager;
}

export const comms: Comms = {
  registerTarget: (name, target) => registry().registerTarget(name, target),
  unregisterTarget: (name) => registry().unregisterTarget(name),
  open: (targetName, data, metadata) => registry().open(targetName, data, metadata),
};
