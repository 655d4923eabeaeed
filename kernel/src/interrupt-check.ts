// The seam between long library loops and whoever can interrupt them. The library never
// imports the kernel: the kernel installs a check that throws when the user interrupted the
// running cell, and loops that can run for seconds (converting a huge array) call
// checkInterrupt() between chunks of work. Without a kernel it does nothing.

let check: (() => void) | undefined;

/**
 * Installs (or with undefined removes) the function long library loops call between chunks;
 * it should throw when the work must stop. The Jupyter kernel installs one that throws on an
 * interrupt of the running cell.
 * @example setInterruptCheck(() => { if (interruptPending()) throw new InterruptedError(); })
 */
export function setInterruptCheck(fn: (() => void) | undefined): void {
  check = fn;
}

/**
 * Lets an interrupt stop the caller here (throws what the installed check throws).
 * @example for (let start = 0; start < n; start += CHUNK) { checkInterrupt(); work(start, CHUNK); }
 */
export function checkInterrupt(): void {
  check?.();
}
