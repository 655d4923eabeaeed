/**
 * The I/O thread's last resort after a shutdown_request: if the main thread has not
 * exited in time, kill the process. "In time" depends on what the main thread is doing.
 * A cell still running after the interrupt is stuck (a long library call with no
 * interrupt check) and is killed after a short grace. With no cell running, the main
 * thread is in the kernel's own finite work (the idle-time type-checker warm-up takes
 * seconds on a busy machine) and will reach the shutdown; killing it at 3 s made a clean
 * restart end by signal under load, so it gets a long safety-net deadline instead.
 */
import { INTERRUPT_SLOTS } from "./interrupt-flag.js";

/** How long a cell that is still running after a shutdown may take to stop. */
export const STUCK_CELL_GRACE_MS = 3000;
/** Safety net for the kernel's own work (no cell running): it should never take this long. */
export const KERNEL_WORK_GRACE_MS = 30_000;

/**
 * Arms the kill timers; they are unref'd, so a process that exits on its own is not held.
 * @example armExitDeadline(flag, () => process.kill(process.pid, "SIGKILL"));
 */
export function armExitDeadline(flag: Int32Array, kill: () => void): void {
  setTimeout(() => {
    if (Atomics.load(flag, INTERRUPT_SLOTS.cell) !== 0) kill();
  }, STUCK_CELL_GRACE_MS).unref();
  setTimeout(kill, KERNEL_WORK_GRACE_MS).unref();
}
