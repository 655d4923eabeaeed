// A stand-in for the gradbook library, preloaded by protocol tests through
// GRADBOOK_LIBRARY so they do not depend on the state of the real library. It talks to
// the kernel only through the OutputSink, like the real display API does.
import { outputSink } from "../../../kernel/dist/jupyter/display/sink.js";

export const fixtureAnswer = 42;

export function show(data, id, update = false) {
  outputSink().display(data, {}, id, update);
}

export function clear(wait = false) {
  outputSink().clearOutput(wait);
}

export function ask(prompt, password = false) {
  return outputSink().input(prompt, password);
}

export class Rich {
  constructor(label) {
    this.label = label;
  }
  [Symbol.for("gradbook.mimebundle")]() {
    return { "text/html": `<b>${this.label}</b>`, "application/vnd.gradbook.test.v1+json": { label: this.label } };
  }
}

export class Html {
  toHTML() {
    return "<i>html</i>";
  }
}

/** Calls `f` on each value through a built-in callback loop, as library code does. */
export function each(values, f) {
  values.forEach(f);
}

/** A class with a member the library marks internal (completion must not offer it). */
export class Gadget {
  spin() {}
  rebuildInternals() {}
}
