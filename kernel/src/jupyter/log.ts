/**
 * The kernel's own diagnostics. Never on stdout/stderr: the kernel captures those for
 * cells, and nbgrader counts any stderr as a failure. Set `GRADBOOK_DEBUG=1` to see
 * them on the terminal that started Jupyter (written to fd 2 directly), or
 * `GRADBOOK_DEBUG=/path/file.log` to append them to a file.
 * Example: `debug("cell 3 took 12 ms")`.
 */
import { appendFileSync, writeSync } from "node:fs";

const target = process.env.GRADBOOK_DEBUG;

/** Writes one line of kernel diagnostics when GRADBOOK_DEBUG is set; otherwise nothing. */
export function debug(text: string): void {
  if (!target) return;
  const line = `[gradbook ${new Date().toISOString()}] ${text}\n`;
  try {
    if (target === "1" || target === "true") writeSync(2, line);
    else appendFileSync(target, line);
  } catch {
    // Diagnostics must never break the kernel.
  }
}
