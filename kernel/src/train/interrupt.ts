// Interrupting fit: a SIGINT (Ctrl-C in a terminal; the kernel's interrupt) or
// interruptTraining() sets stopTraining on every model that is training, so fit stops
// after the current batch and leaves the model usable.
import type { Model } from "../nn/model.js";
import { hostHandlesInterrupts } from "../tensor/interrupt-check.js";

const training = new Map<Model, { interrupted: boolean }>();

function onSigint(): void {
  const already = [...training.values()].some((s) => s.interrupted);
  if (already) {
    // A second Ctrl-C while the first still waits for a batch to finish: in a plain script
    // (ours is the only handler) give up and let Node's default handling end the process.
    // Other handlers (the Jupyter kernel's) got this signal themselves.
    if (process.listenerCount("SIGINT") === 1) {
      process.removeListener("SIGINT", onSigint);
      process.kill(process.pid, "SIGINT");
    }
    return;
  }
  interruptTraining();
}

/**
 * Stops every running fit after its current batch (what Ctrl-C and the kernel's interrupt do).
 * Returns true when some fit was running.
 * @example interruptTraining()
 */
export function interruptTraining(): boolean {
  for (const [model, state] of training) {
    state.interrupted = true;
    model.stopTraining = true;
  }
  return training.size > 0;
}

/** Registers a model as training (fit calls this); `stop()` when fit ends. */
export function watchInterrupts(model: Model): { interrupted(): boolean; stop(): void } {
  const state = { interrupted: false };
  training.set(model, state);
  // A host that handles interrupts (the Jupyter kernel) calls interruptTraining() itself.
  const listen = training.size === 1 && !hostHandlesInterrupts();
  if (listen) process.on("SIGINT", onSigint);
  return {
    interrupted: () => state.interrupted,
    stop: () => {
      if (training.get(model) !== state) return;
      training.delete(model);
      if (training.size === 0 && listen) process.removeListener("SIGINT", onSigint);
    },
  };
}
