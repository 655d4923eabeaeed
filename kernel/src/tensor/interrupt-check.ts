/**
 * How a host (the Jupyter kernel) stops long synchronous library work. JavaScript cannot
 * be interrupted from outside while it runs, so the engine calls `checkInterrupt()` before
 * every op and long kernels call it between blocks of rows; the host installs a check
 * that throws when the user asked to interrupt (the kernel's reads a flag that its I/O
 * thread raises: one typed-array read). Without a host, nothing is checked. The library
 * never imports the host: the host installs itself, as it installs the output sink.
 *
 * Example:
 *   setInterruptCheck(() => { if (flag[0] !== 0) throw new Error("interrupted"); });
 *   uninterruptible(() => optimizer.applyGradients(grads)); // never stopped half-way
 */

let check: (() => void) | undefined;
let shielded = 0;

/** Installs the host's check (undefined removes it). */
export function setInterruptCheck(hostCheck: (() => void) | undefined): void {
  check = hostCheck;
}

/** Whether a host handles interrupts (then the library leaves SIGINT alone). */
export function hostHandlesInterrupts(): boolean {
  return check !== undefined;
}

/** Throws the host's interrupt error when an interrupt is pending (outside `uninterruptible`). */
export function checkInterrupt(): void {
  if (check !== undefined && shielded === 0) check();
}

/** Runs `work` without interrupt checks: for steps that must not stop half-way (a training step). */
export function uninterruptible<T>(work: () => T): T {
  shielded++;
  try {
    return work();
  } finally {
    shielded--;
  }
}
