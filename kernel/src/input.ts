// `input` means two things a course needs: asking the student for text (stdin in the
// notebook) and the entry point of a functional model. One function serves both, told
// apart by the argument.
import { input as readInput, type InputOptions } from "./jupyter/display/input.js";
import { input as symbolicInput, type InputConfig, type SymbolicTensor } from "./nn/symbolic.js";

/**
 * `input("Your name?")` asks in the notebook (stdin) and resolves with the reply;
 * `input({ shape: [784] })` makes the symbolic input of a functional model.
 * @example
 * const name = await input("Your name? ");
 * const x = input({ shape: [4] });
 */
export function input(prompt?: string, options?: InputOptions): Promise<string>;
export function input(config: InputConfig): SymbolicTensor;
export function input(arg?: string | InputConfig, options?: InputOptions): Promise<string> | SymbolicTensor {
  return typeof arg === "object" && arg !== null ? symbolicInput(arg) : readInput(arg, options);
}
